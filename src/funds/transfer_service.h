#pragma once
// Transfers that people ask for: the raw transfer route and income into a fund. Who may move
// money is decided here, inside the ledger's transaction, for every transfer of a batch:
//   - the caller holds funds:write over each account the transfer touches: the org of a fund;
//     an income account (the outside world, no org) is covered by the fund on its other side,
//     which kMoves makes the only account it may face;
//   - an account outside the caller's read scope is "not found", one only readable "forbidden";
//   - people move money only into funds (income → fund, fund → fund): money reaches a household
//     only through an aid request and its approval (aid.h), and the bank only through a payment
//     run (payment_run.h);
//   - a reservation made for an aid is finished only by that aid's approve or reject.
#include "auth/actor.h"
#include "funds/ledger.h"
#include "funds/model.h"

namespace zj::funds {

// The rights of the actor as the ledger asks for them (see the rules above).
Authorize RightsOf(const auth::Actor& a);

// Applies one transfer as the actor; 403/404 when the rules above refuse it.
Result<Applied> TransferAs(db::Connection& c, const auth::Actor& a, const TransferRequest& r);

struct Income {
  std::string source;  // a kSources code
  int64_t amount_fen = 0;
  std::optional<std::string> tid;           // the client's id (retries); made here when absent
  std::optional<std::string> counterparty;  // the donor or unit: required for those sources
  std::optional<std::string> memo;
  std::optional<int64_t> from_account_id;  // upper_allocation: the upper union's fund
};
// Money into the fund `fund_id`: from the upper union's fund (an allocation) or from outside
// through the income account of its source, opened on first use.
Result<Applied> RecordIncome(db::Connection& c, const auth::Actor& a, int64_t fund_id,
                             const Income& in);

}  // namespace zj::funds
