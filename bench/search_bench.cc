// Seeds a zhifa database for the decision search benchmark (issue 8): the demo organisation and
// N published decisions (default 1,000,000) of generated, realistic Chinese text — licence grants
// and refusals, penalties with amounts, confirmations, inspections; varied matters, company and
// person parties, legal bases, 100–200 characters of body each.
//
// The first 100 go through the real workflow (open_decision_publication → confirm_masks when a
// review is required → publish_decision, with their ledger events). The rest are bulk-loaded
// with the same columns and the same index content the real publication produces (the same
// masking, record_json, decision_search_text and cjk_tokens): big transactions on SQLite, COPY
// through libpq on PostgreSQL with the GIN index built after loading, then ANALYZE. Bulk rows
// have no ledger events (publish_event NULL): search never reads the ledger.
//
// Then it checks that the bulk loader reproduces, byte for byte, what publish_decision stored
// for the first 100 (record_json, its hash, search_text, spans, dates, FTS tokens / tsvector),
// and that search_decisions finds real and bulk-loaded rows alike.
//
//   search_bench DB-URL [N]     DB-URL: sqlite:PATH or postgresql://…
// Prints "query-company: …", "query-rare: …" lines for the benchmark's query mix.
#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "law/calendar.h"
#include "law/identifiers.h"
#include "law/mask.h"
#include "org/auth.h"
#include "demo/org.h"
#include "platform/blob/blob_store.h"
#include "platform/core/clock.h"
#include "publicity/decisions.h"
#include "publicity/lists.h"

using namespace zhifa;
using json = nlohmann::json;

namespace {

[[noreturn]] void die(const std::string& m) {
  std::fprintf(stderr, "search_bench: %s\n", m.c_str());
  std::exit(1);
}
template <class T> T must(Result<T> r, const char* what) {
  if (!r) die(std::string(what) + ": " + r.error().message);
  return std::move(*r);
}
void must(const Status& s, const char* what) {
  if (!s) die(std::string(what) + ": " + s.error().message);
}
double secs_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// --- vocabulary ---------------------------------------------------------------------------

const std::vector<std::string> kCities = {"济宁", "曲阜", "邹城", "兖州", "嘉祥", "任城", "微山", "鱼台", "金乡", "汶上", "泗水", "梁山", "山东", "鲁南", "孔孟"};
const std::vector<std::string> kTrade = {
    "鑫源", "华泰", "宏达", "恒通", "永盛", "金泰", "瑞丰", "东方", "圣地", "运河", "银河", "泰和", "丰华", "众诚", "博远", "新世纪", "海纳", "天润",
    "宏图", "嘉禾", "汇通", "中兴", "广源", "德润", "同创", "鼎盛", "佳美", "安泰", "龙腾", "盛世", "万家", "福源", "金桥", "恒信", "兴隆", "润泽",
    "华宇", "信达", "通达", "利民", "益康", "康宁", "凯旋", "明珠", "金鼎", "远航", "顺发", "合力", "新元", "创新", "卓越", "荣华", "祥和", "宝丰",
    "金诺", "亿达", "昌盛", "旭日", "天成", "志远", "和谐", "九州", "四海", "尚品", "优联", "正大", "久安", "晨光", "青松", "碧水", "蓝天", "红星",
    "金穗", "鲁源", "儒乡", "尼山", "微湖", "泗河", "洸府", "古槐", "岱庄", "唐口", "南阳", "马坡", "杨柳", "梁宝", "水泊", "仲家", "孟府", "颜庙"};
const std::vector<std::string> kIndustry = {"商贸", "建材", "食品", "物流", "科技", "机械", "化工", "纺织", "餐饮", "旅游", "国际贸易", "进出口",
                                            "文化传媒", "教育咨询", "人力资源", "劳务派遣", "医药", "农业开发", "房地产开发", "建筑工程", "电子",
                                            "信息技术", "酒店管理", "汽车销售", "煤业", "矿山机械", "生物科技", "环保科技", "出国留学服务", "国际旅行社"};
const std::vector<std::string> kForm = {"有限公司", "有限责任公司", "股份有限公司", "有限公司"};
const std::vector<std::string> kSurname = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
                                           "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "程", "曹",
                                           "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕", "孔", "颜", "孟", "欧阳", "司马"};
const std::vector<std::string> kGiven = {"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
                                         "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建国", "建华", "志强", "海燕", "红梅", "立新", "晓东",
                                         "子涵", "浩然", "思远", "雨桐", "庆华", "宪法", "文博", "德明", "玉兰", "春生"};
const std::vector<std::string> kDistrict = {"任城区", "兖州区", "曲阜市", "邹城市", "微山县", "鱼台县", "金乡县", "嘉祥县", "汶上县", "泗水县", "梁山县", "高新区", "太白湖新区", "经济技术开发区"};
const std::vector<std::string> kStreet = {"太白楼路", "琵琶山路", "共青团路", "洸河路", "红星路", "建设路", "吴泰闸路", "古槐路", "火炬路", "车站西路",
                                          "鼓楼街", "五马祠街", "文化路", "春秋路", "静轩路", "孔子大道", "铎山街", "刘庄路", "金宇路", "崇文大道",
                                          "杏坛路", "鲁源街", "宁安大道", "仙营路", "开泰路", "海川路", "菱花路", "同济路", "荷花路", "运河路"};

struct Matter { const char *code, *name, *basis, *category; };
// Licences (行政许可), penalties (行政处罚), confirmations (行政确认), inspections (行政检查).
const std::vector<Matter> kMatters = {
    {"XK-001", "华侨回国定居审批", "《华侨回国定居办理工作规定》第五条", "行政许可"},
    {"XK-002", "邀请外国人来华审批", "《中华人民共和国外国人入境出境管理条例》第六条", "行政许可"},
    {"XK-003", "外国人来华工作许可", "《外国人在中国就业管理规定》第八条", "行政许可"},
    {"XK-004", "因公出国（境）团组审批", "《因公临时出国管理办法》第十二条", "行政许可"},
    {"XK-005", "食品经营许可", "《中华人民共和国食品安全法》第三十五条", "行政许可"},
    {"XK-006", "旅行社设立许可", "《旅行社条例》第六条", "行政许可"},
    {"XK-007", "出境旅游业务经营许可", "《旅行社条例》第八条", "行政许可"},
    {"XK-008", "中外合作办学许可", "《中华人民共和国中外合作办学条例》第十二条", "行政许可"},
    {"XK-009", "道路货物运输经营许可", "《中华人民共和国道路运输条例》第二十四条", "行政许可"},
    {"XK-010", "危险化学品经营许可", "《危险化学品安全管理条例》第三十三条", "行政许可"},
    {"XK-011", "建筑工程施工许可", "《中华人民共和国建筑法》第七条", "行政许可"},
    {"XK-012", "公共场所卫生许可", "《公共场所卫生管理条例》第八条", "行政许可"},
    {"CF-001", "对违反外国人来华邀请管理规定行为的处罚", "《中华人民共和国出境入境管理法》第七十三条", "行政处罚"},
    {"CF-002", "对非法聘用外国人行为的处罚", "《中华人民共和国出境入境管理法》第八十条", "行政处罚"},
    {"CF-003", "对外国人非法居留行为的处罚", "《中华人民共和国出境入境管理法》第七十八条", "行政处罚"},
    {"CF-004", "对未取得食品经营许可从事食品经营活动的处罚", "《中华人民共和国食品安全法》第一百二十二条", "行政处罚"},
    {"CF-005", "对经营超过保质期食品的处罚", "《中华人民共和国食品安全法》第一百二十四条", "行政处罚"},
    {"CF-006", "对发布虚假广告行为的处罚", "《中华人民共和国广告法》第五十五条", "行政处罚"},
    {"CF-007", "对生产经营单位未按规定开展安全生产教育培训的处罚", "《中华人民共和国安全生产法》第九十七条", "行政处罚"},
    {"CF-008", "对未经许可经营旅行社业务的处罚", "《中华人民共和国旅游法》第九十五条", "行政处罚"},
    {"CF-009", "对超限运输车辆擅自行驶公路的处罚", "《中华人民共和国公路法》第七十六条", "行政处罚"},
    {"CF-010", "对违反消防安全规定占用疏散通道的处罚", "《中华人民共和国消防法》第六十条", "行政处罚"},
    {"CF-011", "对销售不合格产品行为的处罚", "《中华人民共和国产品质量法》第四十九条", "行政处罚"},
    {"CF-012", "对未按规定报送年度报告的处罚", "《企业信息公示暂行条例》第十七条", "行政处罚"},
    {"CF-013", "对违法排放大气污染物的处罚", "《中华人民共和国大气污染防治法》第九十九条", "行政处罚"},
    {"CF-014", "对擅自从事出国留学中介服务的处罚", "《自费出国留学中介服务管理规定》第十六条", "行政处罚"},
    {"QR-001", "归侨侨眷身份确认", "《中华人民共和国归侨侨眷权益保护法》第二条", "行政确认"},
    {"QR-002", "华侨身份确认", "《山东省华侨权益保护条例》第三条", "行政确认"},
    {"QR-003", "华侨子女回国接受义务教育身份确认", "《山东省华侨权益保护条例》第十八条", "行政确认"},
    {"QR-004", "外国人永久居留推荐确认", "《外国人在中国永久居留审批管理办法》第六条", "行政确认"},
    {"JC-001", "对外事接待场所的日常检查", "《中华人民共和国行政处罚法》第五十四条", "行政检查"},
    {"JC-002", "对外籍人员聘用单位的监督检查", "《外国人在中国就业管理规定》第二十九条", "行政检查"},
};
const std::vector<std::string> kViolations = {
    "未按规定办理相关手续即擅自开展经营活动", "为他人出具虚假邀请材料", "聘用未取得工作许可的外国人从事生产经营活动", "在经营场所陈列销售超过保质期的食品",
    "通过网络平台发布含有虚假内容的广告", "未对从业人员进行安全生产教育和培训", "超出核定经营范围招揽出境旅游者", "占用、堵塞消防通道且经责令改正拒不改正",
    "销售经抽样检验不合格的电线电缆", "逾期未报送上一年度年度报告", "未采取密闭措施违法排放挥发性有机物", "以留学中介名义收取费用且未签订服务合同",
    "驾驶超限车辆未经许可擅自在公路上行驶", "协助外国人在境内非法居留"};
const std::vector<std::string> kEvidence = {"现场检查笔录", "询问笔录", "调查询问笔录", "抽样检验报告", "现场照片", "视频监控资料", "营业执照复印件",
                                            "销售台账", "进货票据", "电子数据截图", "证人证言", "检测报告"};
const std::vector<std::string> kRefusal = {"提交的申请材料不齐全且逾期未补正", "不具备规定的经营场所和设施", "未能提供有效的资信证明",
                                           "拟聘用外国人的学历和工作经历不符合规定条件", "申请事项依法不属于本机关职权范围", "存在尚未履行完毕的行政处罚决定"};
const std::vector<std::string> kDocs = {"护照", "居留证件", "户口簿", "亲属关系公证书", "出生医学证明", "海外居住证明", "无犯罪记录证明", "学历证书"};
const std::vector<std::string> kInspect = {"未发现违法违规行为", "发现消防器材过期，已责令限期改正", "台账登记不规范，已现场指导整改", "外籍人员信息报送不及时，已责令改正"};
const std::vector<std::string> kFulfil = {"", "", "已履行", "已履行", "未履行", "部分履行", "不适用"};

struct Agency { std::int64_t id; std::string code, prefix, name; };

struct Gen {
  std::mt19937_64 r;
  explicit Gen(std::uint64_t seed) : r(seed * 0x9E3779B97F4A7C15ull + 12345) {}
  std::size_t n(std::size_t k) { return static_cast<std::size_t>(r() % k); }
  int between(int a, int b) { return a + static_cast<int>(r() % static_cast<std::uint64_t>(b - a + 1)); }
  template <class V> const auto& pick(const V& v) { return v[n(v.size())]; }
  std::string digits(int k) {
    std::string s;
    for (int i = 0; i < k; ++i) s += static_cast<char>('0' + n(10));
    return s;
  }
};

std::string cn_date(const law::Date& d) {
  return std::to_string(d.year()) + "年" + std::to_string(d.month()) + "月" + std::to_string(d.day()) + "日";
}
std::string yuan(int v) { return "人民币" + std::to_string(v) + "元"; }

std::string company(Gen& g) { return g.pick(kCities) + g.pick(kTrade) + g.pick(kIndustry) + g.pick(kForm); }
std::string person(Gen& g) { return g.pick(kSurname) + g.pick(kGiven); }
std::string uscc(Gen& g) {
  static const char* alpha = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  std::string s = "91370" + std::string(1, "0123456789"[g.n(10)]) + g.digits(2);
  s += "MA";
  while (s.size() < 17) s += alpha[g.n(31)];
  return s + law::uscc_check_char(s);
}
std::string resident_id(Gen& g) {
  std::string s = "3708" + std::string(1, '0' + static_cast<char>(g.n(4))) + std::string(1, '1' + static_cast<char>(g.n(8)));
  int y = g.between(1955, 2003), m = g.between(1, 12), d = g.between(1, 28);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", y, m, d);
  s += buf;
  s += g.digits(3);
  return s + law::resident_id_check_char(s);
}
std::string phone(Gen& g) { return "1" + std::string(1, "3578"[g.n(4)]) + g.digits(9); }
std::string address(Gen& g) { return "山东省济宁市" + g.pick(kDistrict) + g.pick(kStreet) + std::to_string(g.between(1, 399)) + "号"; }

// One decision as case handling would hand it over, generated from its number alone.
publicity::DecisionIssued generate(std::int64_t i, std::int64_t total, const std::vector<Agency>& agencies, const law::Calendar& cal) {
  Gen g(static_cast<std::uint64_t>(i));
  publicity::DecisionIssued d;
  // Most decisions come from the city office, the rest spread over the counties and zones.
  // (The first 100, published through the real workflow by the city office's editor, are the city's.)
  std::size_t pick = g.n(3) == 0 ? 0 : g.n(agencies.size());
  const Agency& a = i <= 100 ? agencies[0] : agencies[pick];
  d.agency_id = a.id;
  d.source = "bench:" + std::to_string(i);
  // Decision dates rise with the number: 2024-01-02 … 2026-11-20 (newest first = highest id).
  law::Date start = *law::Date::from_ymd(2024, 1, 2);
  std::int64_t span = law::Date::from_ymd(2026, 11, 20)->serial() - start.serial();
  law::Date date = start.plus_days(span * i / std::max<std::int64_t>(total, 1));
  if (auto w = cal.is_working_day(date); w && !*w) {
    auto next = cal.add_working_days(date, 1);
    if (next) date = next->date;
  }
  d.decision_date = date.str();
  // Category mix: penalties 45 %, licences 35 %, confirmations 15 %, inspections 5 %.
  std::size_t roll = g.n(100);
  const char* cat = roll < 45 ? "行政处罚" : roll < 80 ? "行政许可" : roll < 95 ? "行政确认" : "行政检查";
  std::vector<const Matter*> ms;
  for (auto& m : kMatters)
    if (std::string(m.category) == cat) ms.push_back(&m);
  const Matter& m = *ms[g.n(ms.size())];
  d.category = cat;
  d.matter_code = std::string(a.code == "jnwqb" ? "JNWQB" : "QX") + "-" + m.code;
  d.matter_name = m.name;
  d.legal_basis = m.basis;
  bool is_person = d.category == "行政确认" ? true : g.n(100) < 35;
  std::string who_intro;
  if (is_person) {
    d.party_kind = "person";
    d.party_name = person(g);
    d.party_address = address(g);
    who_intro = d.party_name + "，" + (g.n(2) ? "男" : "女") + "，公民身份号码：" + resident_id(g) + "，住址：" + d.party_address + "，联系电话：" + phone(g);
  } else {
    d.party_kind = "organisation";
    d.party_name = company(g);
    d.party_code = uscc(g);
    who_intro = d.party_name + "，统一社会信用代码：" + d.party_code + "，法定代表人：" + person(g) + "，住所：" + address(g);
  }
  int year = date.year();
  int seq = static_cast<int>(i % 997) + 1;
  std::string y = "〔" + std::to_string(year) + "〕" + std::to_string(seq) + "号";
  law::Date fact_day = date.plus_days(-g.between(10, 60));
  std::string lic = "《中华人民共和国行政许可法》";
  std::string remedy = "如不服本决定，可以依法申请行政复议或者提起行政诉讼。";
  // The violation that goes with each penalty matter (CF-001 … CF-014).
  static const int kViolationOf[] = {1, 2, 13, 0, 3, 4, 5, 6, 12, 7, 8, 9, 10, 11};
  if (d.category == "行政处罚") {
    d.case_no = a.prefix + "案" + y;
    d.decision_no = a.prefix + "罚" + y;
    int fine = g.between(1, 100) * (g.n(4) == 0 ? 1000 : 100);
    std::size_t kind = g.n(10);
    if (kind < 2) d.conclusion = "警告";
    else if (kind < 7) d.conclusion = "罚款" + yuan(fine);
    else if (kind < 9) d.conclusion = "警告，并处罚款" + yuan(fine);
    else d.conclusion = "没收违法所得" + yuan(g.between(2, 90) * 100) + "，并处罚款" + yuan(fine);
    d.body = "当事人：" + who_intro + "。经查，当事人于" + cn_date(fact_day) + "在" + g.pick(kDistrict) + g.pick(kStreet) + "一带" +
             kViolations[kViolationOf[std::atoi(m.code + 3) - 1]] + "。以上事实有" + g.pick(kEvidence) + "、" + g.pick(kEvidence) +
             "等证据证实。当事人的行为违反了" + m.basis + "的规定，本机关决定给予" + d.conclusion +
             "的行政处罚。" + (d.conclusion == "警告" ? "" : "罚款应于收到本决定书之日起十五日内缴纳。") + remedy;
  } else if (d.category == "行政许可") {
    d.case_no = a.prefix + "许受" + y;
    d.decision_no = a.prefix + "许" + y;
    bool grant = g.n(10) < 8;
    if (grant) {
      law::Date until = *law::Date::from_ymd(year + g.between(1, 5), date.month(), std::min(date.day(), 28));
      d.conclusion = "准予许可";
      d.body = "申请人：" + who_intro + "。申请人于" + cn_date(fact_day) + "向本机关提出" + m.name + "申请。经审查，申请材料齐全、符合法定形式，符合" +
               m.basis + "规定的条件。根据" + lic + "第三十八条第一款的规定，决定准予行政许可，许可有效期至" + cn_date(until) + "。";
    } else {
      d.conclusion = "不予许可";
      d.body = "申请人：" + who_intro + "。申请人于" + cn_date(fact_day) + "向本机关提出" + m.name + "申请。经审查，申请人" + g.pick(kRefusal) +
               "，不符合" + m.basis + "规定的条件。根据" + lic + "第三十八条第二款的规定，决定不予行政许可。" + remedy;
    }
  } else if (d.category == "行政确认") {
    d.case_no = a.prefix + "确受" + y;
    d.decision_no = a.prefix + "确" + y;
    bool ok = g.n(10) < 9;
    d.conclusion = ok ? "予以确认" : "不予确认";
    d.body = "申请人：" + who_intro + "。申请人于" + cn_date(fact_day) + "申请" + m.name + "，提交了" + g.pick(kDocs) + "、" + g.pick(kDocs) +
             "等材料。经审核，" + (ok ? "申请人提交的材料真实有效，符合" + std::string(m.basis) + "的规定，予以确认。"
                                     : "申请人提交的材料不能证明其符合" + std::string(m.basis) + "规定的条件，不予确认。");
  } else {
    d.case_no = a.prefix + "检" + y;
    d.decision_no = a.prefix + "检" + y;
    d.conclusion = g.pick(kInspect);
    d.body = "检查对象：" + who_intro + "。本机关执法人员于" + cn_date(date) + "依据" + m.basis + "对检查对象进行了" + m.name +
             "，检查结果：" + d.conclusion + "。";
  }
  return d;
}

// --- the published row, as publish_decision leaves it ---------------------------------------

struct PubRow {
  std::int64_t id = 0;
  publicity::DecisionIssued in;
  std::string spans, due_on, deadline_rule, published_on, display_until, record_json, record_sha256, search_text, fulfilment;
  int publish_days = 7;
  bool mask_required = false;
  std::vector<std::string> tokens;
};

std::string spans_json(const std::vector<law::MaskSpan>& spans) {
  json out = json::array();
  for (auto& s : spans)
    out.push_back({{"kind", std::string(law::mask_kind_name(s.kind))}, {"start", s.start}, {"end", s.end}, {"original", s.original},
                   {"replacement", s.replacement}});
  return out.dump();
}

PubRow published_row(std::int64_t id, std::int64_t i, publicity::DecisionIssued in, const Agency& a, const law::Calendar& cal) {
  PubRow p;
  p.id = id;
  bool seven = in.category == "行政许可" || in.category == "行政处罚";
  p.publish_days = seven ? 7 : 20;
  p.deadline_rule = seven ? "publicity.decision" : "publicity.other_decision";
  auto date = *law::Date::parse(in.decision_date);
  p.due_on = must(cal.add_working_days(date, p.publish_days), "due").date.str();
  Gen g(static_cast<std::uint64_t>(i) ^ 0xABCDEFull);
  p.published_on = must(cal.add_working_days(date, g.between(1, p.publish_days - 1)), "published_on").date.str();
  p.fulfilment = in.category == "行政处罚" ? g.pick(kFulfil) : "";
  p.display_until = must(law::add_calendar_months(*law::Date::parse(p.published_on), 36), "display_until").str();
  auto masked = must(publicity::automatic_masks(in), "mask");  // as open_decision_publication
  p.mask_required = in.party_kind == "person" || !masked.spans.empty();
  p.spans = spans_json(masked.spans);
  publicity::DecisionPub d;  // the row as publish_decision reads it
  d.id = id;
  d.agency_name = a.name;
  d.agency_code = a.code;
  d.category = in.category;
  d.matter_name = in.matter_name;
  d.matter_code = in.matter_code;
  d.party_kind = in.party_kind;
  d.party_name = in.party_name;
  d.party_code = in.party_kind == "organisation" ? in.party_code : std::string();
  d.legal_basis = in.legal_basis;
  d.conclusion = in.conclusion;
  d.decision_no = in.decision_no;
  d.decision_date = in.decision_date;
  json record = publicity::public_record(d, masked.text, p.published_on);
  p.record_json = record.dump();
  p.record_sha256 = blob::sha256_hex(p.record_json);
  p.search_text = publicity::decision_search_text(record);
  p.tokens = publicity::cjk_tokens(p.search_text);
  p.in = std::move(in);
  return p;
}

// The index content, exactly as index_decision writes it.
std::string fts_tokens(const std::vector<std::string>& tokens) { return publicity::fts5_text(tokens); }
std::string tsvector_text(const std::vector<std::string>& tokens) { return publicity::tsvector_literal(tokens); }

const char* kColumns =
    "id, agency_id, source, case_no, category, matter_code, matter_name, legal_basis, party_kind, party_name, party_code, conclusion, "
    "decision_no, decision_date, document_sha256, body, spans, mask_required, mask_reviewed_by, mask_reviewed_at, deadline_rule, "
    "publish_days, due_on, state, published_on, published_at, published_by, record_json, record_sha256, search_text, display_until, "
    "fulfilment, fulfilment_on, created_at, updated_at, revision";

std::vector<store::Value> values(const PubRow& p, std::int64_t editor, const std::string& now) {
  const auto& in = p.in;
  return {p.id, in.agency_id, in.source, in.case_no, in.category, in.matter_code, in.matter_name, in.legal_basis, in.party_kind,
          in.party_name, in.party_kind == "organisation" ? in.party_code : std::string(), in.conclusion, in.decision_no, in.decision_date,
          blob::sha256_hex(in.decision_no + in.source), in.body, p.spans, std::int64_t(p.mask_required ? 1 : 0),
          p.mask_required ? store::Value(editor) : store::null(), p.mask_required ? store::Value(now) : store::null(), p.deadline_rule,
          std::int64_t(p.publish_days), p.due_on, std::string("published"), p.published_on, now, editor, p.record_json, p.record_sha256,
          p.search_text, p.display_until, p.fulfilment, p.fulfilment.empty() ? store::null() : store::Value(p.published_on), now, now,
          std::int64_t(p.mask_required ? 3 : 2)};
}

// COPY text format: backslash escapes for \\, tab, newline, carriage return; \N is NULL.
void copy_field(std::string& out, const store::Value& v) {
  if (std::holds_alternative<std::monostate>(v)) { out += "\\N"; return; }
  if (auto n = std::get_if<std::int64_t>(&v)) { out += std::to_string(*n); return; }
  for (char c : std::get<std::string>(v)) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
}

PGresult* pg_exec(PGconn* c, const std::string& sql) {
  PGresult* r = PQexec(c, sql.c_str());
  auto st = PQresultStatus(r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_COPY_IN) die(sql.substr(0, 80) + ": " + PQerrorMessage(c));
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) { std::fprintf(stderr, "usage: %s DB-URL [N]\n", argv[0]); return 2; }
  const std::string url = argv[1];
  const std::int64_t total = argc > 2 ? std::atoll(argv[2]) : 1000000;
  const std::int64_t real = std::min<std::int64_t>(100, total);
  auto t0 = std::chrono::steady_clock::now();
  auto db = must(store::open(url, 2), "open");
  bool pg = db->backend() == store::Backend::kPostgres;
  must(org::ensure_demo_organisation(*db), "demo organisation");

  std::vector<Agency> agencies;
  org::Principal editor, officer;
  std::optional<law::Calendar> cal;
  must(db->read([&](store::Tx& tx) -> Status {
         auto rows = tx.query("SELECT id, code, doc_prefix, name FROM agencies ORDER BY id");
         if (!rows) return rows.error();
         for (auto& r : *rows) agencies.push_back({r.integer(0), r.text(1), r.text(2), r.text(3)});
         auto who = [&](const char* login) {
           auto id = tx.query_one("SELECT id FROM people WHERE login = ?", {std::string(login)});
           return *org::load_principal(tx, (**id).integer(0));
         };
         editor = who("chenjing");  // publicity editor of the city office (its jurisdiction covers the counties)
         officer = who("wangqiang");
         auto c = law::load_calendar(tx);
         if (!c) return c.error();
         cal = *c;
         auto n = tx.query_one("SELECT COUNT(*) FROM pub_decisions");
         if (!n) return n.error();
         if ((**n).integer(0) != 0) return Error::conflict("pub_decisions is not empty: seed a fresh database");
         return {};
       }),
       "load");
  std::map<std::int64_t, const Agency*> by_id;
  for (auto& a : agencies) by_id[a.id] = &a;

  // 1. The first `real` decisions through the real workflow.
  std::vector<std::pair<std::int64_t, std::int64_t>> real_ids;  // (i, id)
  for (std::int64_t i = 1; i <= real; ++i) {
    auto in = generate(i, total, agencies, *cal);
    auto expect = published_row(0, i, in, *by_id.at(in.agency_id), *cal);
    must(db->write([&](store::Tx& tx) -> Status {
           auto id = publicity::open_decision_publication(tx, officer, in);
           if (!id) return id.error();
           auto d = publicity::load_decision(tx, *id);
           if (!d) return d.error();
           if (d->mask_required)
             if (auto s = publicity::confirm_masks(tx, editor, *id, d->revision); !s) return s;
           if (auto s = publicity::publish_decision(tx, editor, *id, expect.published_on); !s) return s;
           if (!expect.fulfilment.empty()) {
             auto u = tx.exec("UPDATE pub_decisions SET fulfilment = ?, fulfilment_on = ? WHERE id = ?", {expect.fulfilment, expect.published_on, *id});
             if (!u) return u.error();
           }
           real_ids.push_back({i, *id});
           return {};
         }),
         "publish");
  }
  std::fprintf(stderr, "published %lld through publish_decision in %.1f s\n", (long long)real, secs_since(t0));

  // 2. The rest, bulk-loaded. ids continue after the real ones; row i keeps its generator number.
  std::int64_t first_id = real_ids.empty() ? 1 : real_ids.back().second + 1;
  std::int64_t editor_id = editor.person_id;
  std::string now = clock::now_iso();
  auto t1 = std::chrono::steady_clock::now();
  std::int64_t bulk = total - real;
  if (!pg) {
    const std::int64_t batch = 20000;
    std::string insert = std::string("INSERT INTO pub_decisions(") + kColumns + ") VALUES (" ;
    for (int k = 0; k < 36; ++k) insert += k ? ",?" : "?";
    insert += ")";
    for (std::int64_t b = 0; b < bulk; b += batch) {
      must(db->write([&](store::Tx& tx) -> Status {
             for (std::int64_t k = b; k < std::min(bulk, b + batch); ++k) {
               std::int64_t i = real + 1 + k, id = first_id + k;
               auto in = generate(i, total, agencies, *cal);
               const Agency& a = *by_id.at(in.agency_id);
               auto p = published_row(id, i, std::move(in), a, *cal);
               auto r = tx.exec(insert, values(p, editor_id, now));
               if (!r) return r.error();
               auto f = tx.exec("INSERT INTO pub_decisions_fts(rowid, tokens) VALUES (?, ?)", {id, fts_tokens(p.tokens)});
               if (!f) return f.error();
             }
             return {};
           }),
           "bulk insert");
      if ((b / batch) % 10 == 9) std::fprintf(stderr, "  %lld rows, %.0f s\n", (long long)(b + batch), secs_since(t1));
    }
    // The bulk rows' publication order (migrations/0530: day × 2^20 + number within the day, here
    // after the real ones) and their FTS5 rows re-keyed from id to it, as publish_decision does.
    must(db->write([&](store::Tx& tx) -> Status {
           for (const char* sql :
                {"UPDATE pub_decisions SET pub_order = x.o FROM (SELECT id, CAST(julianday(published_on) - julianday('1970-01-01') AS INTEGER) "
                 "* 1048576 + 524288 + ROW_NUMBER() OVER (PARTITION BY published_on ORDER BY id) AS o FROM pub_decisions WHERE pub_order IS NULL "
                 "AND published_on IS NOT NULL) x WHERE x.id = pub_decisions.id",
                 "CREATE TEMP TABLE rekey AS SELECT d.pub_order AS r, f.tokens AS tokens FROM pub_decisions_fts f JOIN pub_decisions d "
                 "ON d.id = f.rowid WHERE f.rowid < 1000000000",
                 "DELETE FROM pub_decisions_fts WHERE rowid < 1000000000",
                 "INSERT INTO pub_decisions_fts(rowid, tokens) SELECT r, tokens FROM rekey", "DROP TABLE rekey"})
             if (auto r = tx.exec(sql); !r) return r.error();
           return {};
         }),
         "publication order");
    must(db->write([&](store::Tx& tx) -> Status {
           auto r = tx.exec("ANALYZE");
           return r ? Status{} : Status(r.error());
         }),
         "analyze");
  } else {
    PGconn* c = PQconnectdb(url.c_str());
    if (PQstatus(c) != CONNECTION_OK) die(PQerrorMessage(c));
    PQclear(pg_exec(c, "SET maintenance_work_mem = '1GB'"));
    PQclear(pg_exec(c, "SET synchronous_commit = off"));
    PQclear(pg_exec(c, "BEGIN"));
    PQclear(pg_exec(c, "DROP INDEX pub_decisions_tsv"));
    const std::int64_t batch = 100000;
    std::string buf;
    for (std::int64_t b = 0; b < bulk; b += batch) {
      PQclear(pg_exec(c, std::string("COPY pub_decisions(") + kColumns + ", tsv) FROM STDIN"));
      for (std::int64_t k = b; k < std::min(bulk, b + batch); ++k) {
        std::int64_t i = real + 1 + k, id = first_id + k;
        auto in = generate(i, total, agencies, *cal);
        const Agency& a = *by_id.at(in.agency_id);
        auto p = published_row(id, i, std::move(in), a, *cal);
        buf.clear();
        for (auto& v : values(p, editor_id, now)) { copy_field(buf, v); buf += '\t'; }
        copy_field(buf, tsvector_text(p.tokens));
        buf += '\n';
        if (PQputCopyData(c, buf.data(), static_cast<int>(buf.size())) != 1) die(PQerrorMessage(c));
      }
      if (PQputCopyEnd(c, nullptr) != 1) die(PQerrorMessage(c));
      PGresult* r = PQgetResult(c);
      if (PQresultStatus(r) != PGRES_COMMAND_OK) die(std::string("COPY: ") + PQerrorMessage(c));
      PQclear(r);
      while ((r = PQgetResult(c))) PQclear(r);
      std::fprintf(stderr, "  %lld rows, %.0f s\n", (long long)std::min(bulk, b + batch), secs_since(t1));
    }
    auto ti = std::chrono::steady_clock::now();
    PQclear(pg_exec(c, "CREATE INDEX pub_decisions_tsv ON pub_decisions USING GIN (tsv)"));  // as in 0310_decisions.pg.sql
    // The bulk rows' publication order (migrations/0530), after the real ones of each day.
    PQclear(pg_exec(c, "UPDATE pub_decisions SET pub_order = x.o FROM (SELECT id, (CAST(published_on AS date) - DATE '1970-01-01') "
                       "* 1048576::bigint + 524288 + ROW_NUMBER() OVER (PARTITION BY published_on ORDER BY id) AS o FROM pub_decisions "
                       "WHERE pub_order IS NULL AND published_on IS NOT NULL) x WHERE x.id = pub_decisions.id"));
    PQclear(pg_exec(c, "SELECT setval(pg_get_serial_sequence('pub_decisions', 'id'), (SELECT MAX(id) FROM pub_decisions))"));
    PQclear(pg_exec(c, "COMMIT"));
    std::fprintf(stderr, "  GIN index built in %.0f s\n", secs_since(ti));
    PQclear(pg_exec(c, "VACUUM ANALYZE pub_decisions"));
    PQfinish(c);
  }
  std::fprintf(stderr, "bulk-loaded %lld in %.1f s\n", (long long)bulk, secs_since(t1));

  // 3. Checks: the bulk loader reproduces what publish_decision stored; search finds both alike.
  int mismatches = 0, found_real = 0, found_bulk = 0, tried = 0;
  must(db->read([&](store::Tx& tx) -> Status {
         for (auto [i, id] : real_ids) {
           auto in = generate(i, total, agencies, *cal);
           const Agency& a = *by_id.at(in.agency_id);
           auto p = published_row(id, i, std::move(in), a, *cal);
           auto r = tx.query_one(pg ? "SELECT record_json, record_sha256, search_text, spans, due_on, display_until, published_on, "
                                      "mask_required, deadline_rule, publish_days, CAST(tsv AS TEXT) FROM pub_decisions WHERE id = ?"
                                    : "SELECT d.record_json, d.record_sha256, d.search_text, d.spans, d.due_on, d.display_until, d.published_on, "
                                      "d.mask_required, d.deadline_rule, d.publish_days, f.tokens FROM pub_decisions d "
                                      "JOIN pub_decisions_fts f ON f.rowid = d.pub_order WHERE d.id = ?",
                             {id});
           if (!r) return r.error();
           if (!*r) { ++mismatches; std::fprintf(stderr, "id %lld: not indexed\n", (long long)id); continue; }
           const auto& row = **r;
           std::vector<std::string> want = {p.record_json, p.record_sha256, p.search_text, p.spans, p.due_on, p.display_until, p.published_on,
                                            p.mask_required ? "1" : "0", p.deadline_rule, std::to_string(p.publish_days),
                                            pg ? tsvector_text(p.tokens) : fts_tokens(p.tokens)};
           for (std::size_t k = 0; k < want.size(); ++k)
             if (row.text(k) != want[k]) {
               ++mismatches;
               std::fprintf(stderr, "id %lld column %zu differs:\n  real: %.200s\n  bulk: %.200s\n", (long long)id, k, row.text(k).c_str(), want[k].c_str());
             }
         }
         // Search: each real row and as many bulk rows, by matter + decision number + party within its day and agency.
         std::mt19937_64 rng(7);
         std::vector<std::pair<std::int64_t, bool>> sample;
         for (auto [i, id] : real_ids) sample.push_back({id, true});
         for (std::size_t k = 0; k < real_ids.size() && bulk > 0; ++k) sample.push_back({first_id + static_cast<std::int64_t>(rng() % bulk), false});
         for (auto [id, is_real] : sample) {
           auto r = tx.query_one("SELECT d.matter_name, d.decision_no, d.decision_date, a.code, d.category FROM pub_decisions d "
                                 "JOIN agencies a ON a.id = d.agency_id WHERE d.id = ?", {id});
           if (!r || !*r) return Error::internal("sample row missing");
           publicity::DecisionQuery q;
           q.q = (**r).text(0) + " " + (**r).text(1);
           q.from = q.to = (**r).text(2);
           q.agency_code = (**r).text(3);
           q.category = (**r).text(4);
           q.per_page = 100;
           auto res = publicity::search_decisions(tx, q);
           if (!res) return res.error();
           ++tried;
           bool hit = false;
           for (auto& h : res->hits) hit = hit || h.id == id;
           if (hit) (is_real ? found_real : found_bulk)++;
           else std::fprintf(stderr, "id %lld (%s) not found by \"%s\"\n", (long long)id, is_real ? "published" : "bulk", q.q.c_str());
         }
         // Query words for the benchmark: a company name and a rarer word that occur.
         auto co = tx.query_one("SELECT party_name FROM pub_decisions WHERE party_kind = 'organisation' AND id >= ? ORDER BY id LIMIT 1", {first_id + bulk / 2});
         if (co && *co) std::printf("query-company: %s\n", (**co).text(0).c_str());
         return {};
       }),
       "check");
  std::printf("rows: %lld (%lld via publish_decision, %lld bulk-loaded)\n", (long long)total, (long long)real, (long long)bulk);
  std::printf("check: %d column mismatches in %zu published rows; search found %d/%zu published and %d/%d bulk-loaded samples\n", mismatches,
              real_ids.size(), found_real, real_ids.size(), found_bulk, tried - static_cast<int>(real_ids.size()));
  std::printf("seconds: %.1f\n", secs_since(t0));
  bool ok = mismatches == 0 && found_real == static_cast<int>(real_ids.size()) && found_bulk == tried - static_cast<int>(real_ids.size());
  return ok ? 0 : 1;
}
