#pragma once
// `zhijia funds simulate`: posts linked batches of deposits, allocations and two-phase
// reservations between a few accounts of its own, forever or for n batches — the load that the
// crash test kills at random points and that the ledger benchmark times.
#include <cstdint>

#include "db/database.h"

namespace zj::funds {

struct SimulationAccounts {
  int64_t income = 0;     // donations
  int64_t upper = 0;      // the upper union's fund: receives donations, allocates
  int64_t lower = 0;      // the lower union's fund: receives allocations
  int64_t lower_out = 0;  // a second lower fund, for transfers between funds
};

// The simulation's accounts, created on first use (codes "sim:…").
SimulationAccounts EnsureSimulationAccounts(db::Connection& c);

// Posts `batches` linked batches of `batch_size` transfers (negative batches: until killed).
// Returns the transfers applied.
int64_t Simulate(db::Connection& c, uint64_t seed, int64_t batches, int batch_size);

}  // namespace zj::funds
