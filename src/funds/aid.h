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
#include "funds/ledger.h"
#include "funds/model.h"

namespace zj::funds {

inline constexpr std::array<std::string_view, 6> kAidKinds = {
    "living", "medical", "school", "job_training", "legal", "campaign_gift"};

struct AidRequest {
  int64_t file_id = 0;
  int64_t fund_account_id = 0;
  std::string kind;
  int64_t amount_fen = 0;
  std::optional<int64_t> self_paid_fen;  // medical: what the household paid itself
  std::optional<std::string> reason;
};

struct Aid {
  int64_t id = 0;
  int64_t file_id = 0;
  std::string holder_name;
  int64_t org_id = 0;
  std::string org_name;
  std::string org_path;
  int64_t fund_account_id = 0;
  std::string fund_name;
  int64_t payable_account_id = 0;
  std::string kind;
  int64_t amount_fen = 0;
  int year = 0;
  std::optional<int64_t> self_paid_fen;
  std::string approval_level;  // grassroots | county | city
  std::string state;           // awaiting_approval | posted | rejected
  std::string pending_tid;
  std::optional<std::string> settle_tid;
  std::string bank;
  std::string bank_account;
  std::string account_holder;
  std::optional<std::string> reason;
  std::string requested_by;
  std::optional<std::string> decided_by;
  std::optional<std::string> decided_at;
  std::optional<std::string> decision_reason;  // why it was refused
  std::string created_at;
};

Result<Aid> RequestAid(db::Connection& c, const auth::Actor& a, const AidRequest& r, Date today);
// approve: post the reservation; otherwise void it (a reason is required).
Result<Aid> DecideAid(db::Connection& c, const auth::Actor& a, int64_t aid_id, bool approve,
                      const std::optional<std::string>& reason);
// Aid awaiting approval that this actor may decide (their scope and level).
Result<std::vector<Aid>> AidQueue(db::Connection& c, const auth::Actor& a);
Result<std::vector<Aid>> AidOfFile(db::Connection& c, const auth::Actor& a, int64_t file_id);
Result<Aid> GetAid(db::Connection& c, const auth::Actor& a, int64_t id);
// The fund account `id` if the caller holds `permission` over its org; 404 otherwise (a missing
// account, another kind of account, or one outside the caller's scope look the same).
Result<Account> FundInScope(db::Connection& c, const auth::Actor& a, int64_t id,
                            const char* permission);
// The aid of a fund (aid_records as a) approved and not yet in a payment run, oldest first, as
// many as one run pays: the next run's items.
inline constexpr const char* kDueAid =
    "a.fund_account_id = ? AND a.state = 'posted' AND a.payment_run_id IS NULL ORDER BY a.id "
    "LIMIT 5000";
// Approved aid of a fund not yet in a payment run (what the next run would pay).
Result<std::vector<Aid>> UnpaidAid(db::Connection& c, const auth::Actor& a,
                                   int64_t fund_account_id);

}  // namespace zj::funds
