#pragma once
// Importing members from a CSV or XLSX file: every row validated, good rows kept in batches (one
// transaction each, so a cancel never leaves half a batch), bad rows reported with every reason.
// Importing the same file again changes nothing.
#include <functional>
#include <memory>

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

// Runs the import. `total_rows` (data rows, for progress) may be 0 if unknown. Returns the final
// counters; fails only when the file as a whole is unusable (no header, missing columns).
Result<jobs::Counters> ImportMembers(db::Database& db, const Actor& a, io::TableReader& reader,
                                     int64_t total_rows, const ImportOptions& options,
                                     const ImportSink& sink, int64_t job_id);

// The data rows of an uploaded file, for progress to show a percentage: its lines for CSV (GBK
// never uses the newline byte inside a character), a first pass over the rows for XLSX.
Result<int64_t> CountRows(std::string_view bytes);

}  // namespace zj::members
