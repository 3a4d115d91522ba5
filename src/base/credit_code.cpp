#include "base/credit_code.h"

#include <stdexcept>
#include <utility>

#include "base/text.h"

namespace zj {
namespace {

constexpr std::string_view kField = "credit_code";
constexpr std::size_t kMaxRawBytes = 256;
// The 31 characters of the code; a character's value is its index.
constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr int kWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

std::unexpected<Error> CodeError(std::string zh, std::string en) {
  return Invalid(std::string(kField), "统一社会信用代码" + zh, "Unified social credit code " + en);
}

std::string Normalise(std::string_view raw) {
  const std::string folded = FoldFullWidth(raw);
  std::string out;
  out.reserve(folded.size());
  for (std::size_t i = 0; i < folded.size(); ++i) {
    const char c = folded[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (c == '\xC2' && i + 1 < folded.size() && folded[i + 1] == '\xA0') {  // no-break space
      ++i;
      continue;
    }
    out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c);
  }
  return out;
}

// A hint for the letters the code never uses, which are usually misread digits.
std::pair<std::string, std::string> Lookalike(char c) {
  switch (c) {
    case 'O':
      return {"（字母O不会出现，可能是数字0）",
              " (the letter O is never used; perhaps the digit 0)"};
    case 'I':
      return {"（字母I不会出现，可能是数字1）",
              " (the letter I is never used; perhaps the digit 1)"};
    case 'Z':
      return {"（字母Z不会出现，可能是数字2）",
              " (the letter Z is never used; perhaps the digit 2)"};
    case 'S':
      return {"（字母S不会出现，可能是数字5）",
              " (the letter S is never used; perhaps the digit 5)"};
    case 'V':
      return {"（字母V不会出现，可能是字母U或Y）", " (the letter V is never used; perhaps U or Y)"};
    default:
      return {};
  }
}

}  // namespace

char CreditCodeCheckChar(std::string_view first17) {
  if (first17.size() != 17) throw std::invalid_argument("CreditCodeCheckChar needs 17 characters");
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    const std::size_t value = kAlphabet.find(first17[i]);
    if (value == std::string_view::npos) {
      throw std::invalid_argument("CreditCodeCheckChar: character outside the code's alphabet");
    }
    sum += static_cast<int>(value) * kWeights[i];
  }
  return kAlphabet[(31 - sum % 31) % 31];
}

Result<std::string> ParseCreditCode(std::string_view raw) {
  if (raw.size() > kMaxRawBytes) {
    return CodeError("过长（超过" + std::to_string(kMaxRawBytes) + "字节），请只填写18位代码",
                     "is too long (over " + std::to_string(kMaxRawBytes) +
                         " bytes); enter the 18 characters only");
  }
  const std::string code = Normalise(raw);
  if (code.empty()) {
    return CodeError("为空，请填写营业执照上的18位代码",
                     "is empty; enter the 18 characters shown on the business licence");
  }
  const std::size_t length = Utf8Length(code);
  if (length != 18) {
    const std::string n = std::to_string(length);
    return CodeError(
        "应为18位，现为" + n + "位；请对照营业执照核对",
        "must have 18 characters, but has " + n + "; compare it with the business licence");
  }
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (kAlphabet.find(code[i]) != std::string_view::npos) continue;
    const std::string position = std::to_string(i + 1);
    const std::string shown(Utf8Head(std::string_view(code).substr(i), 1));
    const auto [zh_hint, en_hint] = Lookalike(code[i]);
    return CodeError("第" + position + "位“" + shown + "”不是有效字符" + zh_hint +
                         "；代码只由数字和除I、O、S、V、Z以外的大写字母组成",
                     "has \"" + shown + "\" at position " + position + ", which is not allowed" +
                         en_hint +
                         "; a code has only digits and capital letters other than I, "
                         "O, S, V and Z");
  }
  const char expected = CreditCodeCheckChar(std::string_view(code).substr(0, 17));
  if (code[17] != expected) {
    return CodeError(std::string("的校验位（第18位）应为“") + expected + "”，现为“" + code[17] +
                         "”，代码中有字符录错了；请对照营业执照核对",
                     std::string("has check character (18th) \"") + code[17] + "\" where \"" +
                         expected +
                         "\" is expected, so some character is wrong; compare it "
                         "with the business licence");
  }
  return code;
}

}  // namespace zj
