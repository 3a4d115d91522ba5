#pragma once
// Aid records (DOMAIN.md §5): an amount of one kind, for one filed household, from one fund.
// A request passes eligibility (the file is filed or under aid; the ledger checks the fund's
// scope, purpose and level), the policy's caps (per kind and per household in the year; medical
// aid at most the self-paid share) and the real-name bank account on the file; the amount is then
// reserved in the ledger (a pending transfer) until a union of the required level approves
// (posted) or refuses (voided). The level follows the amount and the policy's approval limits.
// The household's timeline records every fen.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/actor.h"
#include "base/date.h"
#include "base/error.h"
#include "db/database.h"
#include "funds/aid_model.h"
#include "funds/ledger.h"
#include "funds/model.h"

namespace zj::funds {

Result<Aid> RequestAid(db::Connection& c, const auth::Actor& a, const AidRequest& r, Date today);
// approve: post the reservation; otherwise void it (a reason is required).
Result<Aid> DecideAid(db::Connection& c, const auth::Actor& a, int64_t aid_id, bool approve,
                      const std::optional<std::string>& reason);
// Aid awaiting approval that this actor may decide (their scope and level).
Result<std::vector<Aid>> AidQueue(db::Connection& c, const auth::Actor& a);
Result<std::vector<Aid>> AidOfFile(db::Connection& c, const auth::Actor& a, int64_t file_id);
Result<Aid> GetAid(db::Connection& c, const auth::Actor& a, int64_t id);
// What the policy says of `amount_fen` of `kind` for the file this year (the approval level, the
// caps and what is used): the form shows it before the request. Needs funds:write on the file.
Result<AidQuote> QuoteAidFor(db::Connection& c, const auth::Actor& a, int64_t file_id,
                             std::string_view kind, int64_t amount_fen, Date today);
// The public notice (受助名单公示) of a year under a union: names as stored (the route masks).
Result<std::pair<std::string, std::vector<NoticeLine>>> AidNotice(db::Connection& c, int64_t org_id,
                                                                  int year);
// The fund account `id` if the caller holds `permission` over its org; 404 otherwise (a missing
// account, another kind of account, or one outside the caller's scope look the same).
Result<Account> FundInScope(db::Connection& c, const auth::Actor& a, int64_t id,
                            const char* permission);
// Approved aid of a fund not yet in a payment run (what the next run would pay).
Result<std::vector<Aid>> UnpaidAid(db::Connection& c, const auth::Actor& a,
                                   int64_t fund_account_id);

}  // namespace zj::funds
