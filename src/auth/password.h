#pragma once
// Passwords (argon2id through libsodium) and random secrets.
#include <string>
#include <string_view>

#include "base/error.h"

namespace zj::auth {

inline constexpr size_t kMinPasswordLength = 10;
inline constexpr size_t kMaxPasswordLength = 256;

// An argon2id hash in the PHC string format. Fails only on a too short or too long password.
Result<std::string> HashPassword(std::string_view password);
// True when password matches the stored hash. Takes the same time for an unknown user when
// called with an empty hash.
bool VerifyPassword(std::string_view password, const std::string& hash);
// A readable random password (16 characters, no look-alikes such as 0/O, 1/l).
std::string GeneratePassword();
// A random token: 32 bytes, URL-safe base64, with a prefix ("zjs_" sessions, "zjt_" API).
std::string RandomToken(std::string_view prefix);
// SHA-256 of a token, hex: what the database stores instead of the token.
std::string TokenHash(std::string_view token);

}  // namespace zj::auth
