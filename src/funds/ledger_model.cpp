#include "funds/ledger_model.h"

#include <algorithm>

namespace zj::funds {

std::string_view AccountKindName(AccountKind k) {
  switch (k) {
    case AccountKind::kFund:
      return "fund";
    case AccountKind::kIncome:
      return "income";
    case AccountKind::kPayable:
      return "payable";
    case AccountKind::kClearing:
      return "clearing";
  }
  return "fund";
}

const Move* FindMove(AccountKind debit, AccountKind credit) {
  for (const Move& m : kMoves) {
    if (m.debit == debit && m.credit == credit) return &m;
  }
  return nullptr;
}

std::string_view TransferKindName(TransferKind k) {
  switch (k) {
    case TransferKind::kPosted:
      return "posted";
    case TransferKind::kPending:
      return "pending";
    case TransferKind::kPost:
      return "post";
    case TransferKind::kVoid:
      return "void";
  }
  return "posted";
}

std::optional<TransferKind> ParseTransferKind(std::string_view s) {
  for (auto k :
       {TransferKind::kPosted, TransferKind::kPending, TransferKind::kPost, TransferKind::kVoid}) {
    if (TransferKindName(k) == s) return k;
  }
  return std::nullopt;
}

std::string_view PurposeLabel(std::string_view purpose) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, kPurposes.size()>
      kLabels = {{{"living", "生活救助"},
                  {"medical", "医疗救助"},
                  {"school", "助学"},
                  {"job_training", "就业培训"},
                  {"legal", "法律援助"},
                  {"campaign_gift", "送温暖慰问"},
                  {"allocation", "下拨下级资金"}}};
  for (const auto& [code, label] : kLabels) {
    if (code == purpose) return label;
  }
  return purpose;
}

std::string_view SourceLabel(std::string_view source) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, kSources.size()>
      kLabels = {{{"upper_allocation", "上级下拨"},
                  {"central_budget", "中央财政"},
                  {"local_budget", "地方财政"},
                  {"unit_contribution", "单位筹集"},
                  {"donation", "社会捐赠"},
                  {"interest", "利息收入"}}};
  for (const auto& [code, label] : kLabels) {
    if (code == source) return label;
  }
  return source;
}

}  // namespace zj::funds
