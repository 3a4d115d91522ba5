#pragma once
// The member registry's rules: one person, one record; membership as a state table; transfers
// that need both unions; masking and audited unmasking.
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "db/database.h"
#include "members/model.h"
#include "orgs/service.h"

namespace zj::members {

using orgs::Actor;

inline constexpr const char* kRead = "member:read";
inline constexpr const char* kWrite = "member:write";
inline constexpr const char* kApprove = "member:approve";
inline constexpr const char* kUnmask = "member:unmask";
inline constexpr const char* kImport = "member:import";
inline constexpr const char* kExport = "member:export";

// A member as typed by a cadre or read from an import row; every field is text as given.
struct MemberInput {
  std::optional<int64_t> org_id;
  std::string name;
  std::string id_number;
  std::optional<std::string> phone;
  std::optional<std::string> ethnicity;
  std::optional<std::string> education;
  std::optional<std::string> skill_level;
  std::optional<std::string> hukou;
  std::optional<bool> migrant_worker;
  std::optional<std::string> employment_form;
  std::optional<std::string> employer;
  std::optional<std::string> employer_credit_code;
  bool provisional = false;
};

// Every problem with the input, one Error per field (empty: valid). Fills *out when valid.
// Does not look at the database.
std::vector<Error> ValidateInput(const MemberInput& in, Member* out);

Result<Member> GetMember(db::Connection& c, const Actor& a, int64_t id, bool unmask);
// A member's record, unmasked and unscoped, for another capability's service that checks the
// caller's rights over it itself (a hardship application: the member's own union, or the member).
std::optional<Member> FindMember(db::Connection& c, int64_t id);
// Creates whichever member search index is missing (at start-up: an import stopped by a crash
// dropped them).
void EnsureSearchIndexes(db::Connection& c);
std::vector<MemberEvent> EventsOf(db::Connection& c, const Member& m);
std::vector<Transfer> TransfersOf(db::Connection& c, const Member& m);
Result<SearchPage> SearchMembers(db::Connection& c, const Actor& a, const MemberFilter& f);
// Whether the actor may see sensitive fields of members of this org in full.
bool MayUnmask(const Actor& a, const std::string& org_path, int64_t org_id);

Result<Member> CreateMember(db::Connection& c, const Actor& a, const MemberInput& in);
Result<Member> UpdateMember(db::Connection& c, const Actor& a, int64_t id, const MemberInput& in);
// A state change from the transition table. org_id: the holder org for "retain", the new org
// for "restore" (optional).
Result<Member> Act(db::Connection& c, const Actor& a, int64_t id, std::string_view action,
                   const std::optional<std::string>& reason, std::optional<int64_t> org_id);

Result<Transfer> RequestTransfer(db::Connection& c, const Actor& a, int64_t member_id,
                                 int64_t to_org_id, const std::optional<std::string>& reason);
// decision: "release" (the outgoing union), "accept" (the incoming union, after the release),
// "reject" (either).
Result<Transfer> DecideTransfer(db::Connection& c, const Actor& a, int64_t transfer_id,
                                std::string_view decision,
                                const std::optional<std::string>& reason);
Result<std::vector<Transfer>> ListTransfers(db::Connection& c, const Actor& a, bool outgoing,
                                            bool open_only);

// Records that these members' sensitive fields were shown in full in a list.
void AuditUnmaskedList(db::Connection& c, const Actor& a, const std::vector<int64_t>& ids);

// A worker opens their own account by real-name check against the registry: the name, ID number
// and phone must match a current member. The username is the phone number; the account gets the
// worker role over the worker's own records (self scope). Any mismatch gives the same message, so
// that the form reveals nothing about who is a member. Audited.
struct WorkerRegistration {
  std::string name;
  std::string id_number;
  std::string phone;
  std::string password;
};
struct RegisteredWorker {
  int64_t user_id = 0;
  std::string username;  // the phone number, digits only
};
Result<RegisteredWorker> RegisterWorker(db::Connection& c, const WorkerRegistration& r,
                                        const std::string& request_id);

// Masks the sensitive fields in place.
void Mask(Member& m);

}  // namespace zj::members
