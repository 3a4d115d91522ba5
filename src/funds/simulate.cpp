#include "funds/simulate.h"

#include <random>

#include "funds/ledger.h"

namespace zj::funds {

SimulationAccounts EnsureSimulationAccounts(db::Connection& c) {
  auto ensure = [&](const std::string& code, Account a) {
    if (auto found = FindAccount(c, code)) return found->id;
    a.code = code;
    return CreateAccount(c, a)->id;
  };
  SimulationAccounts s;
  s.income = ensure("sim:income",
                    {.kind = AccountKind::kIncome, .name = "模拟捐赠收入", .source = "donation"});
  s.upper = ensure("sim:upper", {.kind = AccountKind::kFund,
                                 .name = "模拟上级帮扶资金",
                                 .sources = {"donation"},
                                 .purposes = {"allocation"}});
  s.lower = ensure("sim:lower", {.kind = AccountKind::kFund,
                                 .name = "模拟基层帮扶资金",
                                 .sources = {"upper_allocation"},
                                 .purposes = {"allocation"}});
  s.lower_out = ensure("sim:lower2", {.kind = AccountKind::kFund,
                                      .name = "模拟基层帮扶资金二",
                                      .sources = {"upper_allocation"},
                                      .purposes = {"allocation"}});
  return s;
}

int64_t Simulate(db::Connection& c, uint64_t seed, int64_t batches, int batch_size) {
  const SimulationAccounts s = EnsureSimulationAccounts(c);
  std::mt19937_64 rng(seed);
  auto amount = [&] { return std::uniform_int_distribution<int64_t>(1, 50'000)(rng); };
  int64_t applied = 0;
  std::vector<std::string> open_pending;
  for (int64_t b = 0; batches < 0 || b < batches; ++b) {
    std::vector<TransferRequest> batch;
    for (int i = 0; i < batch_size; ++i) {
      TransferRequest r;
      r.tid = NewTransferId();
      const int roll = std::uniform_int_distribution<int>(0, 9)(rng);
      if (roll < 4 || i == 0) {  // a donation arrives
        r.debit_account_id = s.income;
        r.credit_account_id = s.upper;
        r.amount_fen = amount() * 2;
        r.source = "donation";
      } else if (roll < 7) {  // an allocation down the tree
        r.debit_account_id = s.upper;
        r.credit_account_id = roll == 6 ? s.lower_out : s.lower;
        r.amount_fen = amount();
        r.purpose = "allocation";
        r.source = "upper_allocation";
      } else if (roll < 9 || open_pending.empty()) {  // a reservation
        r.kind = TransferKind::kPending;
        r.debit_account_id = s.upper;
        r.credit_account_id = s.lower;
        r.amount_fen = amount() / 2 + 1;
        r.purpose = "allocation";
        r.source = "upper_allocation";
      } else {  // a reservation finished
        r.kind = roll % 2 ? TransferKind::kPost : TransferKind::kVoid;
        r.pending_tid = open_pending.back();
        open_pending.pop_back();
      }
      batch.push_back(std::move(r));
    }
    auto result = Apply(c, batch, "simulate");
    if (!result) continue;  // an overdrawn allocation refuses the whole batch; go on
    applied += static_cast<int64_t>(result->size());
    for (const auto& a : *result) {
      if (a.transfer.kind == TransferKind::kPending) open_pending.push_back(a.transfer.tid);
    }
  }
  return applied;
}

}  // namespace zj::funds
