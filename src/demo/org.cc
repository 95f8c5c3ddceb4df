#include "demo/org.h"

#include "org/directory.h"
#include "org/permissions.h"
#include "org/events.h"

namespace zhifa::org {

namespace {

struct DemoAgency { const char *code, *prefix, *name, *name_en, *kind, *division; };

// 各县（市、区）外侨办 and the four zone committees named in the seed (济外侨办字〔2017〕28号).
const DemoAgency kSubordinates[] = {
    {"rencheng", "任外侨", "任城区人民政府外事侨务办公室", "Rencheng District Foreign Affairs Office", "county", "370811"},
    {"yanzhou", "兖外侨", "兖州区人民政府外事侨务办公室", "Yanzhou District Foreign Affairs Office", "county", "370812"},
    {"qufu", "曲外侨", "曲阜市人民政府外事侨务办公室", "Qufu Foreign Affairs Office", "county", "370881"},
    {"zoucheng", "邹外侨", "邹城市人民政府外事侨务办公室", "Zoucheng Foreign Affairs Office", "county", "370883"},
    {"weishan", "微外侨", "微山县人民政府外事侨务办公室", "Weishan County Foreign Affairs Office", "county", "370826"},
    {"yutai", "鱼外侨", "鱼台县人民政府外事侨务办公室", "Yutai County Foreign Affairs Office", "county", "370827"},
    {"jinxiang", "金外侨", "金乡县人民政府外事侨务办公室", "Jinxiang County Foreign Affairs Office", "county", "370828"},
    {"jiaxiang", "嘉外侨", "嘉祥县人民政府外事侨务办公室", "Jiaxiang County Foreign Affairs Office", "county", "370829"},
    {"wenshang", "汶外侨", "汶上县人民政府外事侨务办公室", "Wenshang County Foreign Affairs Office", "county", "370830"},
    {"sishui", "泗外侨", "泗水县人民政府外事侨务办公室", "Sishui County Foreign Affairs Office", "county", "370831"},
    {"liangshan", "梁外侨", "梁山县人民政府外事侨务办公室", "Liangshan County Foreign Affairs Office", "county", "370832"},
    {"gaoxin", "济高新外侨", "济宁高新区管委会党群工作部", "Jining High-tech Zone", "zone", ""},
    {"taibaihu", "太新外侨", "太白湖新区管委会党群工作部", "Taibaihu New District", "zone", ""},
    {"jingkai", "济经开外侨", "济宁经济技术开发区管委会党群工作部", "Jining Economic and Technological Development Zone", "zone", ""},
    {"qufu-wenhua", "曲文示外侨", "曲阜文化建设示范区推进办公室党群工作部", "Qufu Cultural Construction Demonstration Zone", "zone", ""},
};

struct DemoPerson { const char *login, *name, *post, *section, *agency, *role, *cert; };

const DemoPerson kPeople[] = {
    {"wangqiang", "王强", "科员", "侨务工作科", "jnwqb", "officer", "37080020170001"},
    {"liuyang", "刘洋", "副科长", "侨务工作科", "jnwqb", "officer", "37080020170002"},
    {"zhaomin", "赵敏", "法制审核员", "侨务工作科", "jnwqb", "legal_reviewer", nullptr},
    {"sunli", "孙丽", "法律顾问（律师）", "", "jnwqb", "legal_adviser", nullptr},
    {"lili", "李丽", "党组书记、主任", "", "jnwqb", "agency_head", nullptr},
    {"chenjing", "陈静", "科员", "涉外综合科", "jnwqb", "publicity_editor", nullptr},
    {"zhoujian", "周健", "科长", "人秘科", "jnwqb", "supervisor", nullptr},
    {"admin", "系统管理员", "信息化管理员", "人秘科", "jnwqb", "admin", nullptr},
    {"zhangwei", "张伟", "科员", "", "rencheng", "officer", "37081120180003"},
    // 济宁市司法局, the 行政执法监督机构 above the city office: handles complaints about its acts.
    {"mawen", "马文", "行政执法协调监督科科长", "", "jnsfj", "supervisor", nullptr},
    {"songtao", "宋涛", "副局长", "", "jnsfj", "agency_head", nullptr},
};

}  // namespace

Result<std::vector<DemoLogin>> ensure_demo_organisation(store::Database& db) {
  std::vector<DemoLogin> logins;
  for (const auto& p : kPeople)
    logins.push_back({p.login, kDemoPassword, p.name, std::string(role_label(p.role)), p.agency});
  auto st = db.write([&](store::Tx& tx) -> Status {
    auto done = store::get_setting(tx, "demo_organisation");
    if (!done) return done.error();
    if (*done) return {};
    Agency city{0, "jnwqb", "济外侨", "济宁市人民政府外事侨务办公室", "Foreign Affairs and Overseas Chinese Affairs Office of Jining Municipal People's Government",
                "city", "370800", "山东省济宁市任城区太白湖新区圣贤路9号", "0537-2967000", std::nullopt};
    auto city_id = create_agency(tx, city);
    if (!city_id) return city_id.error();
    std::map<std::string, std::int64_t> agency_ids{{"jnwqb", *city_id}}, section_ids;
    const std::pair<const char*, const char*> sections[] = {
        {"人秘科", "起草文件，指导、督促、调度各县（市、区）外侨办实施三项制度"},
        {"侨务工作科", "三项制度推行牵头科室；承办重大执法决定法制审核"},
        {"涉外综合科", "负责门户网站“行政执法公示”专栏的设立和信息上传"},
    };
    for (auto& [name, duties] : sections) {
      auto id = create_section(tx, {0, *city_id, name, duties});
      if (!id) return id.error();
      section_ids[name] = *id;
    }
    for (const auto& d : kSubordinates) {
      Agency a{0, d.code, d.prefix, d.name, d.name_en, d.kind, d.division, "", "", *city_id};
      auto id = create_agency(tx, a);
      if (!id) return id.error();
      agency_ids[d.code] = *id;
    }
    // The 行政执法监督机构 above the city office (since 2018 the 司法局's 行政执法协调监督 office):
    // complaints about the city office's own acts go there (complaints.oversight_agency). Its own
    // top-level agency, not the city office's parent, so that the city office's jurisdiction and
    // its lists' review (seed 一.4) stay as they are.
    {
      Agency sfj{0, "jnsfj", "济司", "济宁市司法局", "Jining Municipal Bureau of Justice", "city", "370800",
                 "山东省济宁市任城区太白湖新区", "0537-2345678", std::nullopt};
      auto id = create_agency(tx, sfj);
      if (!id) return id.error();
      agency_ids["jnsfj"] = *id;
      auto r = tx.exec("INSERT INTO settings(key, value) VALUES('complaints.oversight_agency', 'jnsfj')");
      if (!r) return r.error();
    }
    for (const auto& d : kPeople) {
      NewPerson np;
      np.person.agency_id = agency_ids.at(d.agency);
      if (*d.section) np.person.section_id = section_ids.at(d.section);
      np.person.name = d.name;
      np.person.login = d.login;
      np.person.post = d.post;
      np.person.roles = {d.role};
      np.password = kDemoPassword;
      auto id = create_person(tx, np);
      if (!id) return id.error();
      if (d.cert) {
        auto c = add_certificate(tx, {0, *id, d.cert, "外事侨务行政许可、行政检查", "2023-01-01", "2028-12-31", false});
        if (!c) return c.error();
      }
    }
    if (auto st = record_event(tx, Principal{}, "jnwqb", "org.demo.created", "agency:jnwqb",
                               "{\"agencies\":" + std::to_string(agency_ids.size()) + ",\"people\":" +
                                   std::to_string(std::size(kPeople)) + "}");
        !st)
      return st;
    return store::put_setting(tx, "demo_organisation", "1");
  });
  if (!st) return st.error();
  return logins;
}

}  // namespace zhifa::org
