#include "app/demo.h"

#include <array>
#include <random>
#include <set>
#include <unordered_set>

#include "auth/password.h"
#include "auth/principal.h"
#include "auth/service.h"
#include "base/clock.h"
#include "base/credit_code.h"
#include "base/date.h"
#include "base/regions.h"
#include "base/resident_id.h"
#include "base/text.h"
#include "orgs/model.h"

namespace zj::app {
namespace {

constexpr int64_t kMaxGrassroots = 3'000'000;

constexpr std::array<std::string_view, 40> kBrands = {
    "恒达", "鑫源", "华新", "永盛", "天成", "金科", "宏远", "瑞丰", "东方", "星辰",
    "正泰", "海纳", "远航", "中杰", "博瑞", "兴业", "康泰", "华丰", "信诚", "明珠",
    "长城", "万通", "精工", "新光", "富春", "钱塘", "之江", "越美", "锦华", "润达",
    "联合", "嘉禾", "卓越", "和谐", "晨光", "德力", "安邦", "汇通", "绿源", "宝利"};
constexpr std::array<std::string_view, 18> kIndustries = {
    "机械制造", "纺织",     "电子科技", "建筑工程", "物流",   "食品", "化工", "医药", "软件",
    "服装",     "汽车配件", "印染",     "家具",     "新材料", "商贸", "电器", "包装", "环保科技"};
constexpr std::array<std::string_view, 8> kAgencies = {
    "财政局",     "教育局",     "人力资源和社会保障局", "住房和城乡建设局",
    "交通运输局", "卫生健康局", "市场监督管理局",       "自然资源和规划局"};
constexpr std::array<std::string_view, 8> kPlaces = {"中心", "新城", "滨江", "城东",
                                                     "城西", "高新", "北湖", "南岸"};

struct Builder {
  db::Connection& conn;
  std::mt19937_64 rng;
  int64_t next_id = 1;
  std::vector<db::Params> rows;
  std::string now = NowIso();

  template <class Array>
  std::string_view Pick(const Array& a) {
    return a[std::uniform_int_distribution<size_t>(0, a.size() - 1)(rng)];
  }
  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

  std::string CreditCode(std::string_view region) {
    static constexpr std::string_view kChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    std::string code = "91" + std::string(region);
    for (int i = 0; i < 9; ++i) code += kChars[Uniform(0, static_cast<int>(kChars.size()) - 1)];
    return code + CreditCodeCheckChar(code);
  }

  // Queues one org row; returns (id, path).
  std::pair<int64_t, std::string> Add(const std::string& name, orgs::Level level,
                                      std::optional<std::string> kind, std::string_view region,
                                      std::optional<int64_t> parent, const std::string& parent_path,
                                      int depth, std::optional<std::string> credit = {}) {
    const int64_t id = next_id++;
    const std::string path = parent_path + std::to_string(id) + "/";
    const SearchKeys keys = MakeSearchKeys(name);
    const std::string province =
        region == orgs::kNationalRegion ? "00" : std::string(ProvinceCode(region));
    rows.push_back({id, parent, province, name, keys.fold, keys.pinyin, keys.initials,
                    orgs::LevelName(level), kind, std::string(region), credit, path, depth,
                    "active", now, now});
    return {id, path};
  }
};

struct Place {
  int64_t id;
  std::string path;
  int depth;
  std::string region;
  std::string short_name;  // "西湖区" → "西湖"
  std::string name;        // "西湖区总工会"
};

std::string ShortName(std::string_view name) {
  std::string s(name);
  for (std::string_view suffix : {"自治县", "区", "县", "市"}) {
    if (s.size() > suffix.size() + 3 && s.ends_with(suffix)) {
      return s.substr(0, s.size() - suffix.size());
    }
  }
  return s;
}

// A grassroots union of a kind drawn with realistic weights, under county c.
void AddGrassroots(Builder& b, const Place& c, const std::string& city_short) {
  const int roll = b.Uniform(0, 99);
  const auto add = [&](const std::string& name, const char* kind,
                       std::optional<std::string> credit = {}) {
    b.Add(name, orgs::Level::kGrassroots, std::string(kind), c.region, c.id, c.path, c.depth + 1,
          std::move(credit));
  };
  const std::string n = std::to_string(b.Uniform(1, 99));
  if (roll < 52) {
    add(c.short_name + std::string(b.Pick(kBrands)) + std::string(b.Pick(kIndustries)) +
            "有限公司工会委员会",
        "enterprise", b.CreditCode(c.region));
  } else if (roll < 60) {
    add(roll % 2 ? c.short_name + "第" + n + "中学工会"
                 : c.short_name + "人民医院第" + n + "分院工会",
        "institution");
  } else if (roll < 66) {
    add(c.short_name + std::string(b.Pick(kAgencies)) + "机关工会", "government");
  } else if (roll < 69) {
    add(c.short_name + std::string(b.Pick(kIndustries)) + "行业协会工会", "social_org");
  } else if (roll < 75) {
    add(c.short_name + std::string(b.Pick(kPlaces)) + "小微企业第" + n + "联合工会", "joint");
  } else if (roll < 80) {
    add(c.short_name + std::string(b.Pick(kPlaces)) + "社区第" + n + "工会联合会", "community");
  } else if (roll < 83) {
    add(c.short_name + std::string(b.Pick(kPlaces)) + n + "村工会", "village");
  } else if (roll < 86) {
    add(c.short_name + std::string(b.Pick(kIndustries)) + "行业工会联合会第" + n + "分会",
        "industry");
  } else if (roll < 89) {
    add(c.short_name + std::string(b.Pick(kBrands)) + "大厦楼宇联合工会", "building");
  } else if (roll < 92) {
    add(c.short_name + std::string(b.Pick(kPlaces)) + "产业园区第" + n + "工会联合会", "park");
  } else if (roll < 94) {
    add(c.short_name + std::string(b.Pick(kPlaces)) + "商圈第" + n + "工会联合会",
        "business_district");
  } else if (roll < 96) {
    add(c.short_name + std::string(b.Pick(kBrands)) + "农贸市场第" + n + "工会", "market");
  } else if (roll < 98) {
    add(city_short + c.short_name + "新就业形态劳动者第" + n + "工会联合会", "new_employment");
  } else {
    add(c.short_name + std::string(b.Pick(kPlaces)) + "区域性第" + n + "工会联合会", "regional");
  }
}

constexpr std::array<std::string_view, 60> kSurnames = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏",
    "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "欧阳"};
constexpr std::array<std::string_view, 64> kGiven = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "桂", "英", "华", "建", "国", "红", "文", "辉", "玲", "萍", "鹏",
    "宇", "浩", "凯", "健", "俊", "帆", "帅", "旭", "宁", "龙", "林", "欢", "佳", "阳", "梅", "琳",
    "雪", "倩", "婷", "慧", "晨", "嘉", "子", "雨", "思", "博", "彬", "峰", "志", "海", "春", "燕"};
constexpr std::array<std::string_view, 6> kEducation = {"初中", "高中", "中专",
                                                        "大专", "本科", "硕士"};
constexpr std::array<std::string_view, 5> kSkills = {"初级工", "中级工", "高级工", "技师",
                                                     "高级技师"};

}  // namespace

Result<int64_t> GenerateDemoMembers(db::Connection& conn, uint64_t seed, int64_t n) {
  auto orgs = conn.Query(
      "SELECT id, region_code, province_code, name FROM orgs WHERE level = 'grassroots' AND "
      "status = 'active' ORDER BY id");
  if (orgs.empty()) {
    return Invalid("members", "没有基层工会，无法生成会员", "No grassroots unions to hold members");
  }
  std::mt19937_64 rng(seed ^ 0x6d656d62657273ull);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::unordered_set<std::string> used;
  for (const auto& r : conn.Query("SELECT id_number FROM members")) used.insert(r.Text(0));
  static const std::vector<std::string> kColumns = {
      "province_code",  "org_id",          "name",      "name_fold",   "name_pinyin",
      "name_initials",  "id_number",       "id_rev",    "sex",         "birth_date",
      "phone",          "ethnicity",       "education", "skill_level", "hukou",
      "migrant_worker", "employment_form", "employer",  "card_number", "member_since",
      "state",          "created_at",      "updated_at"};
  const std::string now = NowIso();
  const int64_t first_id = conn.Scalar("SELECT COALESCE(MAX(id), 0) FROM members")->AsInt() + 1;
  constexpr int64_t kBatch = 20'000;
  int64_t made = 0;
  while (made < n) {
    std::vector<db::Params> rows;
    const int64_t count = std::min(kBatch, n - made);
    for (int64_t i = 0; i < count; ++i) {
      const auto& org = orgs[static_cast<size_t>(uniform(0, static_cast<int>(orgs.size()) - 1))];
      std::string region = org.Text(1);
      if (region.size() != 6 || region == "000000") region = org.Text(2) + "0000";
      std::string id;
      int year = 0, month = 0, day = 0;
      do {
        year = uniform(1962, 2004);
        month = uniform(1, 12);
        day = uniform(1, 28);
        char body[18];
        std::snprintf(body, sizeof body, "%s%04d%02d%02d%03d", region.c_str(), year, month, day,
                      uniform(1, 999));
        id.assign(body, 17);
        id += ResidentIdCheckChar(id);
      } while (!used.insert(id).second);
      const bool male = ((id[16] - '0') % 2) == 1;
      std::string name(kSurnames[uniform(0, kSurnames.size() - 1)]);
      name += kGiven[uniform(0, kGiven.size() - 1)];
      if (uniform(0, 2) != 0) name += kGiven[uniform(0, kGiven.size() - 1)];
      const SearchKeys keys = MakeSearchKeys(name);
      char phone[12];
      std::snprintf(phone, sizeof phone, "1%d%09d", uniform(3, 9), uniform(0, 999'999'999));
      const int roll = uniform(0, 99);
      const char* state = roll < 90   ? "active"
                          : roll < 94 ? "applied"
                          : roll < 97 ? "provisional"
                                      : "retained";
      const bool active_like = roll < 90 || roll >= 97;
      char since[11];
      std::snprintf(since, sizeof since, "%04d-%02d-%02d", std::max(year + 18, 2000),
                    uniform(1, 12), uniform(1, 28));
      const int64_t member_id = first_id + made + i;
      char card[24];
      std::snprintf(card, sizeof card, "ZJ%s%010lld", org.Text(2).c_str(),
                    static_cast<long long>(member_id));
      const int form_roll = uniform(0, 9);
      rows.push_back({org.Text(2),
                      org.Int(0),
                      name,
                      keys.fold,
                      keys.pinyin,
                      keys.initials,
                      id,
                      std::string(id.rbegin(), id.rend()),
                      male ? "male" : "female",
                      FormatDate(*Date::FromCivil(year, month, day)),
                      std::string(phone),
                      "汉族",
                      std::string(kEducation[uniform(0, kEducation.size() - 1)]),
                      std::string(kSkills[uniform(0, kSkills.size() - 1)]),
                      uniform(0, 1) ? "urban" : "rural",
                      uniform(0, 4) == 0,
                      form_roll < 7   ? "standard"
                      : form_roll < 9 ? "new_form"
                                      : "flexible",
                      org.Text(3),
                      active_like ? db::Value(std::string(card)) : db::Value(),
                      active_like ? db::Value(std::string(since)) : db::Value(),
                      state,
                      now,
                      now});
    }
    db::WithTransaction(conn, [&] { conn.BulkInsert("members", kColumns, rows); });
    made += count;
  }
  db::WithTransaction(conn, [&] {
    conn.SyncIdSequence("members");
    conn.Exec(
        "INSERT INTO member_events (member_id, at, actor, action, to_state, org_id, reason) "
        "SELECT id, created_at, 'demo', 'import', state, org_id, '演示数据' FROM members WHERE id "
        ">= ?",
        {first_id});
  });
  return made;
}

Result<DemoResult> GenerateDemo(db::Connection& conn, const DemoOptions& opt) {
  if (!IsKnownProvince(opt.province)) {
    return Invalid("province", "未知的省级行政区划代码：" + opt.province,
                   "Unknown province code: " + opt.province);
  }
  if (opt.grassroots < 0 || opt.grassroots > kMaxGrassroots) {
    return Invalid("grassroots", "基层工会数量应在 0 到 3000000 之间",
                   "The number of grassroots unions must be 0 to 3,000,000");
  }
  if (conn.Scalar("SELECT 1 FROM orgs LIMIT 1")) {
    return Fail(ErrorCode::kConflict,
                "数据库中已有组织数据，演示数据只能写入空数据库（请换一个新的数据库文件）",
                "The database already holds orgs; demo data goes only into an empty one (use a "
                "new database file)");
  }
  Builder b{conn, std::mt19937_64(opt.seed)};
  const Region* province = FindRegion(opt.province);
  auto [national_id, national_path] =
      b.Add("中华全国总工会", orgs::Level::kNational, {}, orgs::kNationalRegion, {}, "/", 0);
  const std::string province_name = std::string(province->name) + "总工会";
  auto [prov_id, prov_path] = b.Add(province_name, orgs::Level::kProvince, {}, province->code,
                                    national_id, national_path, 1);
  std::vector<Place> counties;
  std::vector<std::pair<Place, std::string>> cities;  // (city, short name)
  for (const Region* r : RegionChildren(province->code)) {
    if (r->level == RegionLevel::kCounty) {  // a municipality's district
      auto [id, path] = b.Add(std::string(r->name) + "总工会", orgs::Level::kCounty, {}, r->code,
                              prov_id, prov_path, 2);
      counties.push_back(
          {id, path, 2, std::string(r->code), ShortName(r->name), std::string(r->name) + "总工会"});
      continue;
    }
    auto [city_id, city_path] = b.Add(std::string(r->name) + "总工会", orgs::Level::kCity, {},
                                      r->code, prov_id, prov_path, 2);
    cities.push_back({Place{city_id, city_path, 2, std::string(r->code), ShortName(r->name),
                            std::string(r->name) + "总工会"},
                      ShortName(r->name)});
    for (const Region* county : RegionChildren(r->code)) {
      auto [id, path] = b.Add(std::string(county->name) + "总工会", orgs::Level::kCounty, {},
                              county->code, city_id, city_path, 3);
      counties.push_back({id, path, 3, std::string(county->code), ShortName(county->name),
                          std::string(county->name) + "总工会"});
    }
  }
  if (counties.empty()) {
    return Invalid("province", "该省没有县级区划数据", "No county data for this province");
  }
  // Township and street unions first (one per real street, while the budget lasts), then the rest.
  // A quarter of the budget goes to township and street unions (at most one per real street).
  int64_t left = opt.grassroots;
  int64_t streets_left = opt.grassroots / 4;
  for (const Place& c : counties) {
    for (const Street& s : RegionStreets(c.region)) {
      if (streets_left <= 0 || b.Uniform(0, 2) != 0) continue;
      --streets_left;
      const std::string name(s.name);
      const char* kind = name.ends_with("街道") ? "street" : "township";
      b.Add(name + "总工会", orgs::Level::kGrassroots, std::string(kind), c.region, c.id, c.path,
            c.depth + 1);
      --left;
    }
  }
  for (; left > 0; --left) {
    const Place& c = counties[b.Uniform(0, static_cast<int>(counties.size()) - 1)];
    AddGrassroots(b, c, ShortName(province->name));
  }

  static const std::vector<std::string> kColumns = {
      "id",        "parent_id",   "province_code", "name",
      "name_fold", "name_pinyin", "name_initials", "level",
      "kind",      "region_code", "credit_code",   "path",
      "depth",     "status",      "created_at",    "updated_at"};
  db::WithTransaction(conn, [&] {
    conn.BulkInsert("orgs", kColumns, b.rows);
    conn.SyncIdSequence("orgs");
  });
  DemoResult result;
  result.orgs = static_cast<int64_t>(b.rows.size());
  if (opt.members > 0) {
    ZJ_ASSIGN_OR_RETURN(auto n, GenerateDemoMembers(conn, opt.seed, opt.members));
    result.members = n;
  }
  if (opt.with_policy || opt.households > 0) {
    ZJ_TRY(EnsureDemoPolicy(conn, opt.province));
  }
  if (opt.households > 0) {
    ZJ_ASSIGN_OR_RETURN(auto n, GenerateDemoHouseholds(conn, opt.seed, opt.households));
    result.households = n;
  }
  if (opt.with_policy) {
    ZJ_TRY(GenerateDemoFunds(conn));
  }
  if (!opt.with_users) return result;

  struct Plan {
    std::string username, display_name, role, scope;
    int64_t org_id;
    std::string org_name;
  };
  std::vector<Plan> plans = {
      {"zj_admin", "系统管理员", "admin", "all", national_id, "中华全国总工会"},
      {"prov_cadre", "省总工会干部", "cadre_admin", "subtree", prov_id, province_name}};
  for (const auto& [city, short_name] : cities) {
    plans.push_back({"city_" + PinyinFull(short_name), city.name + "干部", "cadre_admin", "subtree",
                     city.id, city.name});
  }
  for (size_t i = 0; i < counties.size() && i < 3; ++i) {
    plans.push_back({"county_" + PinyinFull(counties[i].short_name), counties[i].name + "干部",
                     "cadre_admin", "subtree", counties[i].id, counties[i].name});
  }
  // A grassroots cadre under the first county, and a worker there with their own account.
  std::optional<int64_t> worker_member;
  if (!counties.empty()) {
    auto grassroots = conn.Query(
        "SELECT o.id, o.name, (SELECT MIN(m.id) FROM members m WHERE m.org_id = o.id AND "
        "m.state = 'active' AND NOT EXISTS (SELECT 1 FROM hardship_files f WHERE "
        "f.holder_member_id = m.id)) FROM orgs o WHERE o.parent_id = ? AND o.level = "
        "'grassroots' ORDER BY o.id LIMIT 1",
        {counties[0].id});
    if (!grassroots.empty()) {
      plans.push_back({"grassroots_cadre", "基层工会干部", "cadre", "subtree", grassroots[0].Int(0),
                       grassroots[0].Text(1)});
      if (!grassroots[0].IsNull(2)) {
        worker_member = grassroots[0].Int(2);
        plans.push_back(
            {"worker", "职工", "worker", "self", grassroots[0].Int(0), grassroots[0].Text(1)});
      }
    }
  }
  // Usernames from pinyin, as people type them ("county_xihu"); a long or odd one falls back to
  // its initials, and a clash gets a number.
  std::set<std::string> taken;
  for (Plan& p : plans) {
    std::string name;
    for (char c : p.username) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') name += c;
    }
    if (name.size() > 24) name = name.substr(0, 24);
    for (int n = 2; !taken.insert(name).second; ++n) {
      name = name.substr(0, 24) + std::to_string(n);
    }
    p.username = name;
  }
  for (const Plan& p : plans) {
    DemoUser u{p.username, auth::GeneratePassword(), p.role, p.org_name};
    ZJ_TRY(auth::CreateUser(conn, nullptr,
                            {p.username, p.display_name, p.org_id, u.password,
                             p.role == "worker" ? worker_member : std::nullopt}));
    auth::ScopeKind scope;
    auth::ParseScopeKind(p.scope, &scope);
    ZJ_TRY(auth::GrantRole(conn, nullptr, p.username, p.role, scope, p.org_id));
    result.users.push_back(std::move(u));
  }
  return result;
}

}  // namespace zj::app
