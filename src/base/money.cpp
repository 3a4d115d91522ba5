#include "base/money.h"

#include <algorithm>

#include "base/text.h"

namespace zj {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Removes the ASCII spaces and tabs FoldFullWidth leaves of ideographic spaces and padding.
std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Removes a leading yuan sign (¥ U+00A5 or full-width ￥ U+FFE5), if any.
bool StripYuanSign(std::string_view* s) {
  for (std::string_view sign : {"\u00A5", "\uFFE5"}) {
    if (s->starts_with(sign)) {
      s->remove_prefix(sign.size());
      return true;
    }
  }
  return false;
}

std::unexpected<Error> MoneyError(std::string_view field, std::string_view text,
                                  std::string_view zh_reason, std::string_view en_reason) {
  const std::string quoted = Utf8Truncate(text, 40);
  return Invalid(std::string(field), "金额“" + quoted + "”" + std::string(zh_reason),
                 "Amount \"" + quoted + "\" " + std::string(en_reason));
}

// Checks the integer part: plain digits, or groups of three after a first group of one to three.
bool ThousandsGroupingOk(std::string_view integer) {
  if (integer.find(',') == std::string_view::npos) return true;
  const std::size_t first = integer.find(',');
  if (first == 0 || first > 3) return false;
  for (std::size_t pos = first; pos < integer.size(); pos += 4) {
    if (integer[pos] != ',' || pos + 4 > integer.size()) return false;
    for (std::size_t i = pos + 1; i < pos + 4; ++i) {
      if (!IsDigit(integer[i])) return false;
    }
  }
  return true;
}

// An amount taken apart: sign, digits before the decimal point (with commas), digits after it.
struct Parts {
  bool negative = false;
  std::string_view integer;
  bool has_dot = false;
  std::string_view decimals;
};

// Splits trimmed, width-folded text; an optional yuan sign may stand before or after the sign.
Parts Split(std::string_view s) {
  Parts parts;
  StripYuanSign(&s);
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    parts.negative = s.front() == '-';
    s.remove_prefix(1);
  }
  StripYuanSign(&s);
  s = Trim(s);
  const std::size_t dot = s.find('.');
  parts.integer = s.substr(0, dot);
  parts.has_dot = dot != std::string_view::npos;
  if (parts.has_dot) parts.decimals = s.substr(dot + 1);
  return parts;
}

// The shape rules, in the order a cadre should fix them.
Result<void> CheckShape(const Parts& p, std::string_view field, std::string_view text) {
  const auto digits_or_commas = [](char c) { return IsDigit(c) || c == ','; };
  if (!std::all_of(p.integer.begin(), p.integer.end(), digits_or_commas)) {
    return MoneyError(field, text,
                      "含有无法识别的字符；请只填写数字、小数点和千位逗号，如 1,234.56",
                      "contains characters that are not part of an amount; use digits, a "
                      "decimal point and thousands commas only, e.g. 1,234.56");
  }
  if (!std::all_of(p.decimals.begin(), p.decimals.end(), IsDigit)) {
    return MoneyError(field, text, "的小数部分只能是数字，如 1234.56",
                      "may only have digits after the decimal point, e.g. 1234.56");
  }
  if (p.integer.empty() || p.integer == ",") {
    return MoneyError(field, text, "缺少整数部分；不足一元请写成 0.50 这样的形式",
                      "has no digits before the decimal point; write amounts below one yuan "
                      "as 0.50");
  }
  if (!ThousandsGroupingOk(p.integer)) {
    return MoneyError(field, text,
                      "的千位分隔符位置不对：逗号应每三位一组，如 1,234,567.89，或不写逗号",
                      "has misplaced thousands separators: commas must separate groups of "
                      "three digits, e.g. 1,234,567.89, or be left out");
  }
  if (p.has_dot && p.decimals.empty()) {
    return MoneyError(field, text, "的小数点后没有数字；请写成 1234 或 1234.50",
                      "has nothing after the decimal point; write 1234 or 1234.50");
  }
  if (p.decimals.size() > 2) {
    return MoneyError(field, text, "的小数超过两位；金额最小单位是分，请四舍五入到两位小数",
                      "has more than two decimals; the smallest unit is the fen, so round to "
                      "two decimals");
  }
  return {};
}

}  // namespace

Result<std::int64_t> ParseMoney(std::string_view text, std::string_view field) {
  if (text.size() > kMaxMoneyTextBytes) {
    return MoneyError(field, text, "太长，不是一个金额；请只填写数字，如 1234.56",
                      "is too long to be an amount; enter digits only, e.g. 1234.56");
  }
  const std::string folded = FoldFullWidth(text);
  const std::string_view trimmed = Trim(folded);
  if (trimmed.empty()) {
    return Invalid(std::string(field), "金额为空，请填写金额，如 1234.56（单位：元）",
                   "The amount is empty; enter an amount in yuan, e.g. 1234.56");
  }
  const Parts parts = Split(trimmed);
  if (Result<void> ok = CheckShape(parts, field, text); !ok) return std::unexpected(ok.error());

  std::int64_t fen = 0;
  bool overflow = false;
  const auto push_digit = [&](char c) {
    overflow = overflow || __builtin_mul_overflow(fen, 10, &fen) ||
               __builtin_add_overflow(fen, c - '0', &fen);
  };
  for (char c : parts.integer) {
    if (c != ',') push_digit(c);
  }
  for (std::size_t i = 0; i < 2; ++i) {
    push_digit(i < parts.decimals.size() ? parts.decimals[i] : '0');
  }
  if (overflow) {
    return MoneyError(field, text, "超出可记录的范围；请检查是否多写了数字",
                      "is too large to record; check for extra digits");
  }
  return parts.negative ? -fen : fen;
}

std::string FormatMoney(std::int64_t fen) {
  // Work on the magnitude as unsigned so that INT64_MIN has one too.
  const bool negative = fen < 0;
  const std::uint64_t magnitude = negative ? std::uint64_t{0} - static_cast<std::uint64_t>(fen)
                                           : static_cast<std::uint64_t>(fen);
  const std::uint64_t yuan = magnitude / 100;
  const unsigned cents = static_cast<unsigned>(magnitude % 100);

  const std::string digits = std::to_string(yuan);
  std::string out;
  if (negative) out.push_back('-');
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  out.push_back('.');
  out.push_back(static_cast<char>('0' + cents / 10));
  out.push_back(static_cast<char>('0' + cents % 10));
  return out;
}

}  // namespace zj
