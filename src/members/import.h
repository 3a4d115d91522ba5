#pragma once
// Importing members from a CSV or XLSX file.
//
// The contract: every data row of the file (each row after the header that is not blank) ends
// as exactly one of added, updated, unchanged or rejected with its reasons, and these four counts
// sum to the file's data rows — in the job, the command line's output and the error report. A
// fault in one row (bytes that are not text, a cell over the limit, too many cells, control
// characters) rejects that row and the import goes on. A fault that makes the rest of the file
// unreadable (not a workbook, truncated, a quote never closed, too many rows) is found by a first
// pass over the whole file, before anything is written: such a file writes nothing at all.
// Good rows go in in batches, one transaction each, so that a cancel never leaves half a batch;
// importing the same file again changes nothing.
#include <functional>
#include <memory>
#include <optional>

#include "base/error.h"
#include "db/database.h"
#include "io/table_reader.h"
#include "jobs/jobs.h"
#include "members/service.h"

namespace zj::members {

// Rows per batch (one transaction each): a tenth of the file, within these bounds. On SQLite each
// commit writes every index page the batch touched to the log, and the ID index is touched at
// random, so a large file goes in few, large batches (1M rows: 22 s in batches of 100,000, 26 s
// in batches of 20,000). PostgreSQL gains nothing from larger ones and stores two at once, so it
// keeps them smaller. A cancel waits for the batches in flight.
inline constexpr int64_t kMinImportBatchRows = 5'000;
inline constexpr int64_t kMaxImportBatchRowsSqlite = 100'000;
inline constexpr int64_t kMaxImportBatchRowsPostgres = 20'000;
int64_t ImportBatchRows(int64_t total_rows, db::Engine engine);
inline constexpr size_t kMaxImportBytes = 200u << 20;

struct ImportOptions {
  bool update = false;     // change existing records of the same union when fields differ
  int64_t batch_rows = 0;  // 0: ImportBatchRows of the file's rows
};

// Where an import reports to: progress after each batch, rejected rows, and whether to stop.
struct ImportSink {
  std::function<void(const jobs::Counters&)> progress;
  std::function<void(const std::vector<jobs::RowError>&)> rejected;
  std::function<bool()> cancelled;
  std::function<void(const io::TableRow&)> header;  // the file's header row, once
};

// The template's columns that this header row lacks (matched as the import matches them).
std::vector<std::string> MissingColumns(const io::TableRow& header);

// Reads the header row and checks that the required columns are there.
Result<void> CheckHeader(const io::TableRow& header);

// Runs the import. `total_rows`, the data rows ScanTable counted, may be 0 if unknown. Returns
// the final counters; fails only when the file as a whole is unusable (no header, missing
// columns, a rest that cannot be read) — which ScanTable finds before anything is written.
Result<jobs::Counters> ImportMembers(db::Database& db, const Actor& a, io::TableReader& reader,
                                     int64_t total_rows, const ImportOptions& options,
                                     const ImportSink& sink, int64_t job_id);

// What an import of a file would do, found without writing anything: every row read and
// checked as the import checks it (the unions it names, duplicates in the file, whether each
// person is already a member here or elsewhere). Rows are numbered as the file numbers them
// (the line in a CSV file, the Excel row), the header being row 1.
struct PreviewRow {
  int64_t row = 0;
  io::TableRow cells;
};
struct PreviewProblem {
  int64_t row = 0;
  std::vector<std::string> reasons;  // jobs::ReasonText
};
struct ImportPreview {
  std::string format, encoding;
  io::TableRow header;
  std::vector<std::string> missing_headers;  // template columns the file lacks
  std::optional<Error> problem;              // why the file cannot be imported at all
  std::vector<PreviewRow> first_rows;        // the first kPreviewRows data rows
  std::vector<PreviewProblem> problems;      // the first kPreviewProblems rows that would fail
  int64_t data_rows = 0, blank_rows = 0;
  int64_t would_add = 0, would_keep = 0, would_reject = 0;  // keep: already a member here
};
inline constexpr size_t kPreviewRows = 10;
inline constexpr size_t kPreviewProblems = 100;
// Fails only when the file cannot be opened at all; a file the import would refuse as a whole
// comes back with `problem` set.
Result<ImportPreview> PreviewImport(db::Database& db, const Actor& a, std::string bytes);

// What a first pass over a whole uploaded file finds: its data rows (every row after the header
// that is not blank, a row the reader could not read whole included) and its blank rows.
struct TableScan {
  int64_t data_rows = 0;
  int64_t blank_rows = 0;
};
// Reads the whole file once, writing nothing: fails if it cannot be read to its end (not a
// workbook, damaged, a quote never closed, too many rows), or its header lacks a required
// column. An import starts only after this pass, so that such a file writes nothing at all.
Result<TableScan> ScanTable(std::string_view bytes);

}  // namespace zj::members
