#include "hardship/attachments.h"

#include <sodium.h>

#include <algorithm>
#include <boost/json.hpp>

#include "auth/audit.h"
#include "base/clock.h"
#include "base/text.h"
#include "hardship/file_service.h"

namespace zj::hardship {
namespace {

constexpr std::array<std::string_view, 6> kKinds = {"consent",  "income",  "medical",
                                                    "identity", "housing", "other"};

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::string ToBase64(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::optional<std::string> FromBase64(const std::string& text) {
  std::string out(text.size() * 3 / 4 + 3, '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    return std::nullopt;
  }
  out.resize(len);
  return out;
}

constexpr const char* kSelect =
    "SELECT id, file_id, sha256, name, kind, content_type, size, uploaded_by, uploaded_at FROM "
    "hardship_attachments ";

Attachment ToAttachment(const db::Row& r) {
  return {r.Int(0),  r.Int(1), r.Text(2), r.Text(3), r.Text(4),
          r.Text(5), r.Int(6), r.Text(7), r.Text(8)};
}

void AuditAttachment(db::Connection& c, const auth::Actor& a, const char* action,
                     const HardshipFile& f, const Attachment& att) {
  auto e = auth::AuditBy(a.principal, action, "hardship_attachment", std::to_string(att.id),
                         a.request_id);
  e.org_path = f.org_path;
  e.detail = boost::json::serialize(
      boost::json::object{{"file_id", f.id}, {"sha256", att.sha256}, {"name", att.name}});
  auth::Audit(c, e);
}

}  // namespace

std::string SniffContentType(std::string_view b) {
  if (b.size() >= 3 && b.substr(0, 3) == "\xFF\xD8\xFF") return "image/jpeg";
  if (b.size() >= 8 && b.substr(0, 8) == "\x89PNG\r\n\x1A\n") return "image/png";
  if (b.size() >= 5 && b.substr(0, 5) == "%PDF-") return "application/pdf";
  return "";
}

Result<Attachment> AddAttachment(db::Connection& c, const auth::Actor& a, int64_t file_id,
                                 const std::string& name, const std::string& kind,
                                 std::string_view bytes) {
  ZJ_ASSIGN_OR_RETURN(auto f, FileForActor(c, a, file_id));
  if (!MayChangeFile(a, f)) {
    return Fail(ErrorCode::kForbidden, "您不能为该档案添加附件（hardship:file:write）",
                "You may not add attachments to this file (hardship:file:write)");
  }
  if (!IsOpen(f.state)) {
    return Fail(ErrorCode::kConflict, "档案已注销或未通过，不能再添加附件",
                "The file is closed or rejected; no attachments can be added", "state");
  }
  if (std::find(kKinds.begin(), kKinds.end(), kind) == kKinds.end()) {
    return Invalid("kind",
                   "附件类别应为 consent（授权书）、income（收入证明）、medical（医疗票据）、"
                   "identity（身份证明）、housing（住房）或 other",
                   "The kind is consent, income, medical, identity, housing or other");
  }
  if (name.empty() || !IsValidUtf8(name) || Utf8Length(name) > 100) {
    return Invalid("name", "附件名称必填，最多 100 字",
                   "The name is required (at most 100 characters)");
  }
  if (bytes.empty()) return Invalid("file", "没有收到文件内容", "The file is empty");
  if (bytes.size() > kMaxAttachmentBytes) {
    return Fail(ErrorCode::kPayloadTooLarge, "附件不能超过 10 MB", "An attachment is at most 10 MB",
                "file");
  }
  const std::string type = SniffContentType(bytes);
  if (type.empty()) {
    return Fail(ErrorCode::kUnsupportedMediaType,
                "只接受 JPEG、PNG 图片或 PDF 文件（按文件内容判断，而非扩展名）",
                "Only JPEG or PNG images and PDF files are accepted (judged by the content, not "
                "the name)",
                "file");
  }
  return db::WithTransaction(c, [&]() -> Result<Attachment> {
    Attachment att;
    att.file_id = f.id;
    att.sha256 = Sha256Hex(bytes);
    att.name = name;
    att.kind = kind;
    att.content_type = type;
    att.size = static_cast<int64_t>(bytes.size());
    att.uploaded_by = a.principal ? a.principal->username : "cli";
    att.uploaded_at = NowIso();
    if (!c.Scalar("SELECT 1 FROM blobs WHERE sha256 = ?", {att.sha256})) {
      c.Exec(
          "INSERT INTO blobs (sha256, size, content_type, data_base64, created_at) VALUES (?, ?, "
          "?, ?, ?)",
          {att.sha256, att.size, type, ToBase64(bytes), att.uploaded_at});
    }
    att.id = c.Query(
                  "INSERT INTO hardship_attachments (file_id, sha256, name, kind, content_type, "
                  "size, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  {att.file_id, att.sha256, att.name, att.kind, att.content_type, att.size,
                   att.uploaded_by, att.uploaded_at})
                 .at(0)
                 .Int(0);
    AuditAttachment(c, a, "hardship.attachment.add", f, att);
    return att;
  });
}

Result<std::vector<Attachment>> ListAttachments(db::Connection& c, const auth::Actor& a,
                                                int64_t file_id) {
  ZJ_TRY(FileForActor(c, a, file_id));
  std::vector<Attachment> out;
  for (const auto& r : c.Query(std::string(kSelect) + "WHERE file_id = ? ORDER BY id", {file_id})) {
    out.push_back(ToAttachment(r));
  }
  return out;
}

Result<std::pair<Attachment, std::string>> ReadAttachment(db::Connection& c, const auth::Actor& a,
                                                          int64_t id) {
  auto rows = c.Query(std::string(kSelect) + "WHERE id = ?", {id});
  auto missing =
      Fail(ErrorCode::kNotFound, "附件 " + std::to_string(id) + " 不存在或不在您的管辖范围内",
           "Attachment " + std::to_string(id) + " does not exist or is outside your scope", "id");
  if (rows.empty()) return missing;
  const Attachment att = ToAttachment(rows[0]);
  auto f = FileForActor(c, a, att.file_id);
  if (!f) return missing;
  auto data = c.Scalar("SELECT data_base64 FROM blobs WHERE sha256 = ?", {att.sha256});
  auto bytes = data ? FromBase64(data->AsText()) : std::nullopt;
  if (!bytes || Sha256Hex(*bytes) != att.sha256) {
    return Fail(ErrorCode::kInternal, "附件内容已损坏（校验和不符），请联系管理员",
                "The attachment's content is damaged (checksum mismatch); tell the administrator");
  }
  db::WithTransaction(c, [&] { AuditAttachment(c, a, "hardship.attachment.view", *f, att); });
  return std::pair{att, std::move(*bytes)};
}

}  // namespace zj::hardship
