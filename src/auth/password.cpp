#include "auth/password.h"

#include <sodium.h>

#include <stdexcept>

namespace zj::auth {
namespace {

struct SodiumInit {
  SodiumInit() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  }
};
void EnsureSodium() { static SodiumInit init; }

// A hash of a random password, so that a login for an unknown user costs one verification too.
const std::string& DummyHash() {
  static const std::string hash = [] {
    char out[crypto_pwhash_STRBYTES];
    const std::string pw = "dummy-password-for-timing";
    if (crypto_pwhash_str(out, pw.data(), pw.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
      throw std::runtime_error("argon2id: out of memory");
    }
    return std::string(out);
  }();
  return hash;
}

}  // namespace

Result<std::string> HashPassword(std::string_view password) {
  EnsureSodium();
  if (password.size() < kMinPasswordLength) {
    return Invalid(
        "password", "密码至少 " + std::to_string(kMinPasswordLength) + " 个字符",
        "The password needs at least " + std::to_string(kMinPasswordLength) + " characters");
  }
  if (password.size() > kMaxPasswordLength) {
    return Invalid("password", "密码过长", "The password is too long");
  }
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    throw std::runtime_error("argon2id: out of memory");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view password, const std::string& hash) {
  EnsureSodium();
  if (password.size() > kMaxPasswordLength) return false;
  const std::string& h = hash.empty() ? DummyHash() : hash;
  const bool ok = crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
  return ok && !hash.empty();
}

std::string GeneratePassword() {
  EnsureSodium();
  static constexpr std::string_view kAlphabet =
      "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    out += kAlphabet[randombytes_uniform(static_cast<uint32_t>(kAlphabet.size()))];
  }
  return out;
}

std::string RandomToken(std::string_view prefix) {
  EnsureSodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(b64, sizeof b64, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string(prefix) + b64;
}

std::string TokenHash(std::string_view token) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

}  // namespace zj::auth
