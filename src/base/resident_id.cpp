#include "base/resident_id.h"

#include <algorithm>
#include <stdexcept>

#include "base/regions.h"
#include "base/text.h"

namespace zj {
namespace {

// Messages never echo the whole number: error reports and logs must not spread ID numbers.
constexpr std::string_view kField = "id_number";
constexpr std::size_t kMaxRawBytes = 256;
constexpr int kMinBirthYear = 1900;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::unexpected<Error> IdError(std::string zh, std::string en) {
  return Invalid(std::string(kField), "身份证号" + zh, "ID number " + en);
}

// Full-width forms folded, every kind of space removed, x upper-cased.
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
    out.push_back(c == 'x' ? 'X' : c);
  }
  return out;
}

// "1.10105E+17", "1.10105e17", "110105E+12": what Excel shows for a long number in a cell that
// was not formatted as text; the digits beyond the 15th are already lost.
bool LooksLikeScientificNotation(std::string_view s) {
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t start = i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    return i > start;
  };
  if (!digits()) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    digits();
  }
  if (i >= s.size() || (s[i] != 'E' && s[i] != 'e')) return false;
  ++i;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  return digits() && i == s.size();
}

Result<void> CheckLength(std::string_view id) {
  const std::size_t length = Utf8Length(id);
  if (length == 18) return {};
  const std::string n = std::to_string(length);
  std::string zh = "应为18位，现为" + n + "位";
  std::string en = "must have 18 characters, but has " + n;
  if (length == 15) {
    zh += "（15位是旧身份证号，请换成18位的新号码）";
    en += " (15 characters is the old format; use the 18-character number)";
  }
  return IdError(zh + "；请核对号码", en + "; check the number");
}

// Checks the characters of an 18-character value: digits, with an X allowed only last.
Result<void> CheckCharacters(std::string_view id) {
  for (std::size_t i = 0; i < id.size(); ++i) {
    if (IsDigit(id[i]) || (id[i] == 'X' && i == 17)) continue;
    const std::string position = std::to_string(i + 1);
    if (id[i] == 'X') {
      return IdError(
          "中的字母X只能出现在最后一位（第18位），现出现在第" + position + "位；请核对号码",
          "may have the letter X only in last (18th) place, but has it at position " + position +
              "; check the number");
    }
    const std::string shown(Utf8Head(id.substr(i), 1));
    return IdError(
        "第" + position + "位“" + shown + "”不是数字；身份证号只能由数字组成，最后一位可以是X",
        "has \"" + shown + "\" at position " + position +
            ", which is not a digit; an ID number has only digits, with an X allowed "
            "in last place");
  }
  return {};
}

Result<Date> CheckBirthDate(std::string_view id, Date today) {
  const auto number = [&](std::size_t from, std::size_t count) {
    int value = 0;
    for (std::size_t i = from; i < from + count; ++i) value = value * 10 + (id[i] - '0');
    return value;
  };
  const std::string shown(id.substr(6, 8));
  const std::optional<Date> birth = Date::FromCivil(number(6, 4), number(10, 2), number(12, 2));
  if (!birth) {
    return IdError("第7至14位的出生日期“" + shown + "”不存在；请核对号码",
                   "has a birth date (positions 7-14) \"" + shown +
                       "\" that does not exist; check the number");
  }
  if (birth->year() < kMinBirthYear) {
    return IdError(
        "第7至14位的出生日期“" + shown + "”早于1900年；请核对号码",
        "has a birth date (positions 7-14) \"" + shown + "\" before 1900; check the number");
  }
  if (*birth > today) {
    return IdError(
        "第7至14位的出生日期“" + shown + "”晚于今天（" + FormatDate(today) + "）；请核对号码",
        "has a birth date (positions 7-14) \"" + shown + "\" after today (" + FormatDate(today) +
            "); check the number");
  }
  return *birth;
}

bool IsKnownIdPrefix(std::string_view two_digits) {
  // 81 Hong Kong, 82 Macao, 83 Taiwan: residence permits of their residents on the mainland.
  return IsKnownProvince(two_digits) || two_digits == "81" || two_digits == "82" ||
         two_digits == "83";
}

}  // namespace

char ResidentIdCheckChar(std::string_view first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  if (first17.size() != 17 || !std::all_of(first17.begin(), first17.end(), IsDigit)) {
    throw std::invalid_argument("ResidentIdCheckChar needs 17 digits");
  }
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheck[sum % 11];
}

Result<ResidentId> ParseResidentId(std::string_view raw, Date today) {
  if (raw.size() > kMaxRawBytes) {
    return IdError("过长（超过" + std::to_string(kMaxRawBytes) + "字节），请只填写18位号码",
                   "is too long (over " + std::to_string(kMaxRawBytes) +
                       " bytes); enter the 18 characters only");
  }
  const std::string id = Normalise(raw);
  if (id.empty()) {
    return IdError("为空，请填写18位身份证号", "is empty; enter the 18-character number");
  }
  if (LooksLikeScientificNotation(id)) {
    return IdError(
        "被Excel转换成了科学计数法（如 1.10105E+17），后几位数字已经丢失；请在Excel中把"
        "该列设置为“文本”格式，重新录入完整号码后再导出",
        "was converted to scientific notation by Excel (like 1.10105E+17) and its last "
        "digits are lost; format the column as Text in Excel, enter the full numbers "
        "again and export once more");
  }
  if (Result<void> ok = CheckLength(id); !ok) return std::unexpected(ok.error());
  if (Result<void> ok = CheckCharacters(id); !ok) return std::unexpected(ok.error());

  const std::string province = id.substr(0, 2);
  if (!IsKnownIdPrefix(province)) {
    return IdError(
        "前两位“" + province + "”不是有效的省级行政区代码（如 11 北京、33 浙江）；请核对号码",
        "starts with \"" + province +
            "\", which is not a province code (e.g. 11 Beijing, 33 Zhejiang); check "
            "the number");
  }
  Result<Date> birth = CheckBirthDate(id, today);
  if (!birth) return std::unexpected(birth.error());

  const char expected = ResidentIdCheckChar(std::string_view(id).substr(0, 17));
  if (id[17] != expected) {
    std::string zh = std::string("的校验位（第18位）应为“") + expected + "”，现为“" + id[17] +
                     "”，号码中有数字录错了；请对照证件核对";
    std::string en = std::string("has check character (18th) \"") + id[17] + "\" where \"" +
                     expected + "\" is expected, so some digit is wrong; compare it with the card";
    if (id.ends_with("000")) {
      zh += "（末三位为000，可能是Excel把号码当作数字截断了，请把该列设为文本格式后重新录入）";
      en +=
          " (it ends in 000: Excel may have cut it as a number; format the column as Text and "
          "enter it again)";
    }
    return IdError(zh, en);
  }
  return ResidentId{
      .value = id,
      .region_code = id.substr(0, 6),
      .birth_date = *birth,
      .sex = (id[16] - '0') % 2 == 1 ? Sex::kMale : Sex::kFemale,
  };
}

std::string MaskResidentId(std::string_view id) {
  const bool ascii = std::all_of(id.begin(), id.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (!ascii || id.size() < 11) return std::string(Utf8Length(id), '*');
  return std::string(id.substr(0, 6)) + std::string(id.size() - 10, '*') +
         std::string(id.substr(id.size() - 4));
}

}  // namespace zj
