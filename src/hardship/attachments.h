#pragma once
// Attachments of a hardship file: content-addressed (SHA-256), at most 10 MiB, and only the types
// a cadre scans or photographs — JPEG, PNG, PDF — checked by their first bytes, not by the name
// or the declared type. The same content uploaded twice is stored once.
#include <cstdint>
#include <string>
#include <vector>

#include "auth/actor.h"
#include "base/error.h"
#include "db/database.h"

namespace zj::hardship {

inline constexpr size_t kMaxAttachmentBytes = 10 * 1024 * 1024;

struct Attachment {
  int64_t id = 0;
  int64_t file_id = 0;
  std::string sha256;
  std::string name;
  std::string kind;  // consent | income | medical | identity | housing | other
  std::string content_type;
  int64_t size = 0;
  std::string uploaded_by;
  std::string uploaded_at;
};

// The content type the bytes really have ("image/jpeg", "image/png", "application/pdf"), or ""
// when they are none of those.
std::string SniffContentType(std::string_view bytes);

// Adds an attachment to a file the actor may write (the holder may add to their own file while it
// is an application). Audited.
Result<Attachment> AddAttachment(db::Connection& c, const auth::Actor& a, int64_t file_id,
                                 const std::string& name, const std::string& kind,
                                 std::string_view bytes);
Result<std::vector<Attachment>> ListAttachments(db::Connection& c, const auth::Actor& a,
                                                int64_t file_id);
// The attachment and its bytes, for someone who may read the file; every view is audited.
Result<std::pair<Attachment, std::string>> ReadAttachment(db::Connection& c, const auth::Actor& a,
                                                          int64_t id);

}  // namespace zj::hardship
