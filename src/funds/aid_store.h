#pragma once
// The SQL of aid records (aid_records) and payment runs (payment_runs) and nothing else: the
// rules are aid_service.h's. Each aid comes with its org's and its fund's names.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "db/database.h"
#include "funds/aid_model.h"

namespace zj::funds::aid_store {

std::optional<Aid> Get(db::Connection& c, int64_t id);
// Inserts the aid and returns its id.
int64_t Insert(db::Connection& c, const Aid& aid);
// This year's aid of a household, approved or awaiting approval, summed by kind.
std::map<std::string, int64_t> YearTotals(db::Connection& c, int64_t file_id, int year);
void SetDecision(db::Connection& c, int64_t id, std::string_view state,
                 const std::string& settle_tid, const std::string& by, const std::string& at,
                 const std::optional<std::string>& reason);
// Aid awaiting approval whose household and fund are both in `scope`, at the approval levels of
// rank up to `max_rank`, oldest first, at most `limit`.
std::vector<Aid> Queue(db::Connection& c, const auth::DataScope& scope, int max_rank,
                       int64_t limit);
// Approved aid of a fund not yet in a payment run, oldest first, at most kMaxRunItems.
std::vector<Aid> Due(db::Connection& c, int64_t fund_account_id);
std::vector<Aid> OfFile(db::Connection& c, int64_t file_id);
// Aid of a fund approved in [from_utc, to_utc), in the order approved.
std::vector<Aid> PostedBetween(db::Connection& c, int64_t fund_account_id,
                               const std::string& from_utc, const std::string& to_utc);
// The public notice of a year: approved aid of households under `path`, at most `limit`.
std::vector<NoticeLine> PostedUnder(db::Connection& c, const std::string& path, int year,
                                    int64_t limit);

// Payment runs.
int64_t InsertRun(db::Connection& c, const PaymentRun& run, int64_t org_id,
                  const std::string& org_path);
void AssignRun(db::Connection& c, int64_t run_id, const std::vector<int64_t>& aid_ids);
std::optional<PaymentRun> GetRun(db::Connection& c, int64_t id);
std::vector<PaymentRun> RunsOf(db::Connection& c, int64_t fund_account_id);
// The aid a run paid, in id order.
std::vector<Aid> OfRun(db::Connection& c, int64_t run_id);

}  // namespace zj::funds::aid_store
