#pragma once
// Aid records' plain types and rules (DOMAIN.md §5): the kinds of aid, a request, the record, and
// what the policy says of an amount — which level approves it and this year's caps. No database,
// no HTTP: the service (aid_service.h) applies these, the store (aid_store.h) keeps them.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "hardship/policy.h"

namespace zj::funds {

inline constexpr std::array<std::string_view, 6> kAidKinds = {
    "living", "medical", "school", "job_training", "legal", "campaign_gift"};

// Approval levels, lowest first; a union approves an amount whose level is at most its own.
inline constexpr std::array<std::string_view, 5> kApprovalLevels = {"grassroots", "county", "city",
                                                                    "province", "national"};

// The approval queue's and the public notice's lengths.
inline constexpr int64_t kAidQueueLimit = 500;
inline constexpr int64_t kAidNoticeLimit = 2000;
// How many aid records one payment run pays at most; the next run takes the rest.
inline constexpr int64_t kMaxRunItems = 5000;

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
  std::string holder_name;    // the household's holder when the aid was asked for
  std::string province_code;  // the household's province
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
  std::string approval_level;  // one of kApprovalLevels
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

// A batch payment run: approved aid of one fund paid out together (payment_run_service.h).
struct PaymentRun {
  int64_t id = 0;
  int64_t fund_account_id = 0;
  int64_t items = 0;
  int64_t total_fen = 0;
  std::string batch_tid;
  std::string created_by;
  std::string created_at;
};

// A line of the recipients' public notice (受助名单公示).
struct NoticeLine {
  std::string holder_name;
  std::string org_name;
  std::string kind;
  int64_t amount_fen = 0;
  std::string decided_at;
};

// What the policy says of an amount of one kind for one household this year: the level that
// approves it, the caps, and what is already approved or awaiting approval.
struct AidQuote {
  std::string approval_level;
  int64_t kind_cap_fen = 0;
  int64_t year_cap_fen = 0;
  int64_t kind_used_fen = 0;
  int64_t year_used_fen = 0;
};

bool IsAidKind(std::string_view kind);
// 0 for grassroots … 4 for national; 0 for anything else.
int LevelRank(std::string_view level);
const char* LevelZh(std::string_view level);
// Whose union approves this amount: the lowest level whose limit it is within.
std::string ApprovalLevel(const hardship::Policy& p, int64_t fen);
// This year's cap for one kind of aid to this household. Living aid is also at most so many
// months of 低保 by the household's category (a relative-hardship household gets fewer).
int64_t CapFor(const hardship::Policy& p, std::string_view kind,
               const std::optional<std::string>& category);
// The quote for `kind` given this year's totals by kind (approved or awaiting) and an amount.
AidQuote QuoteAid(const hardship::Policy& p, std::string_view kind,
                  const std::optional<std::string>& category,
                  const std::map<std::string, int64_t>& year_totals, int64_t amount_fen);

}  // namespace zj::funds
