#pragma once
// SQL of the member registry. Reads take the caller's DataScope (applied through the member's
// org); the lookups used to keep one person to one record are deliberately unscoped.
#include <optional>
#include <vector>

#include "auth/principal.h"
#include "base/text.h"
#include "db/database.h"
#include "members/model.h"

namespace zj::members::store {

std::optional<Member> Get(db::Connection& c, const auth::DataScope& scope, int64_t id);
// One page of members matching the filter inside scope; org_path narrows to a subtree.
// The total is exact up to kCountCap and kCountCap + 1 beyond.
SearchPage Search(db::Connection& c, const auth::DataScope& scope, const MemberFilter& f,
                  const std::optional<std::string>& org_path);

// The next members (by id, after after_id) matching the filter: for exports in constant memory.
std::vector<Member> After(db::Connection& c, const auth::DataScope& scope, const MemberFilter& f,
                          const std::optional<std::string>& org_path, int64_t after_id,
                          int64_t limit);

struct Holder {
  int64_t member_id = 0;
  int64_t org_id = 0;
  std::string org_name;
  State state = State::kApplied;
};
// Whoever holds this ID number, anywhere in the database.
std::optional<Holder> FindByIdNumber(db::Connection& c, const std::string& id_number);

int64_t Insert(db::Connection& c, const Member& m, const SearchKeys& keys);
// The members holding any of these ID numbers (unscoped: one person, one record).
std::vector<Member> GetByIdNumbers(db::Connection& c, const std::vector<std::string>& ids);
// A member for InsertNew: its id taken beforehand (db::Connection::TakeIds), its search keys made.
struct NewMember {
  const Member* member;
  const SearchKeys* keys;
};
// Inserts members in one bulk load, skipping each whose ID number (or card number) is already
// in the database, and writes one "import" event for each that went in. Returns, in order,
// whether each went in.
std::vector<bool> InsertNew(db::Connection& c, const std::vector<NewMember>& members,
                            const auth::Principal* actor, const std::string& reason);
void UpdateProfile(db::Connection& c, const Member& m);
void SetState(db::Connection& c, const Member& m);
void AddEvent(db::Connection& c, int64_t member_id, const auth::Principal* actor,
              std::string_view action, std::optional<State> from, State to, int64_t org_id,
              const std::optional<std::string>& reason);
std::vector<MemberEvent> Events(db::Connection& c, int64_t member_id);

int64_t InsertTransfer(db::Connection& c, const Transfer& t);
std::optional<Transfer> GetTransfer(db::Connection& c, int64_t id);
void UpdateTransfer(db::Connection& c, const Transfer& t);
std::vector<Transfer> TransfersOf(db::Connection& c, int64_t member_id);
// Transfers whose outgoing (or incoming) org lies in scope; open_only: still pending or released.
std::vector<Transfer> TransferQueue(db::Connection& c, const auth::DataScope& scope, bool outgoing,
                                    bool open_only, int64_t limit);

// The member search indexes (migration 0002). A large import into a table much smaller than the
// file drops them first and builds them again at the end — one sort each instead of a random
// B-tree insert per row per index.
void DropSearchIndexes(db::Connection& c);
// Creates whichever of them is missing (after such an import, or at start-up after a crash).
void EnsureSearchIndexes(db::Connection& c);

}  // namespace zj::members::store
