#pragma once
// Batch payment runs: every approved, unpaid aid of a fund paid out in one run — one linked
// ledger batch moving each amount from the household's payable account to the fund's bank
// clearing account — and the bank's file (real-name account, bank, amount) as XLSX.
#include <cstdint>
#include <string>
#include <vector>

#include "auth/actor.h"
#include "base/error.h"
#include "db/database.h"
#include "funds/aid_model.h"

namespace zj::funds {

// Pays every posted aid of the fund not yet in a run (at most kMaxRunItems). Fails with 409 when
// there is nothing to pay. Needs funds:write over the fund's org. Audited.
Result<PaymentRun> CreatePaymentRun(db::Connection& c, const auth::Actor& a,
                                    int64_t fund_account_id);
Result<std::vector<PaymentRun>> PaymentRuns(db::Connection& c, const auth::Actor& a,
                                            int64_t fund_account_id);
// Writes the bank's file of a run to `path`: full account numbers (the bank needs them), so the
// export is audited. Returns the rows written.
Result<int64_t> WriteBankFile(db::Connection& c, const auth::Actor& a, int64_t run_id,
                              const std::string& path);

}  // namespace zj::funds
