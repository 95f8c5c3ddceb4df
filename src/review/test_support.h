#pragma once
// For the review tests: a fresh database of the backend under test with one agency and the
// people the workflow needs (two officers, two reviewers, an adviser, the head).
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "org/permissions.h"
#include "platform/core/clock.h"
#include "platform/store/database.h"
#include "platform/store/testing.h"
#include "review/catalog.h"
#include "review/service.h"

namespace zhifa::review::testing {

struct World {
  std::unique_ptr<store::Database> db;
  std::int64_t agency = 0;
  org::Principal officer, officer2, reviewer, reviewer2, adviser, head, admin;
};

inline org::Principal make_person(store::Tx& tx, std::int64_t agency, const std::string& login, const std::string& name,
                                  const std::string& role) {
  auto r = tx.query_one(
      "INSERT INTO people(agency_id, name, login, password_hash, post, active, created_at) VALUES(?,?,?,'x','',1,?) RETURNING id",
      {agency, name, login, clock::now_iso()});
  EXPECT_TRUE(r && *r);
  std::int64_t id = (*r)->integer(0);
  EXPECT_TRUE(tx.exec("INSERT INTO person_roles(person_id, role) VALUES(?,?)", {id, role}).ok());
  org::Principal p;
  p.person_id = id;
  p.agency_id = agency;
  p.name = name;
  p.login = login;
  p.roles = {role};
  p.jurisdiction = {agency};
  p.csrf = "t";
  return p;
}

inline World make_world() {
  World w;
  w.db = store::testing::fresh_database();
  auto st = w.db->write([&](store::Tx& tx) -> Status {
    auto a = tx.query_one(
        "INSERT INTO agencies(code, doc_prefix, name, kind, created_at) VALUES('jnwqb','济外侨','济宁市人民政府外事侨务办公室','city',?) RETURNING id",
        {clock::now_iso()});
    if (!a) return a.error();
    w.agency = (*a)->integer(0);
    w.officer = make_person(tx, w.agency, "wangqiang", "王强", "officer");
    w.officer2 = make_person(tx, w.agency, "liuyang", "刘洋", "officer");
    w.reviewer = make_person(tx, w.agency, "zhaomin", "赵敏", "legal_reviewer");
    w.reviewer2 = make_person(tx, w.agency, "qianfeng", "钱锋", "legal_reviewer");
    w.adviser = make_person(tx, w.agency, "sunli", "孙丽", "legal_adviser");
    w.head = make_person(tx, w.agency, "lili", "李丽", "agency_head");
    w.admin = make_person(tx, w.agency, "admin", "管理员", "admin");
    return {};
  });
  EXPECT_TRUE(st.ok()) << (st.ok() ? "" : st.error().message);
  return w;
}

// The demo thresholds: fines ≥ 10,000 yuan (person) / ≥ 100,000 yuan (organisation), licence
// revocation, stop of business, hearing held, outside the discretion benchmark.
inline std::vector<CatalogRule> demo_rules(std::int64_t agency) {
  std::vector<CatalogRule> r(6);
  for (auto& x : r) x.agency_id = agency;
  r[0].code = "R01", r[0].name = "对公民处以一万元以上罚款", r[0].category = "行政处罚", r[0].party_kind = "person",
  r[0].min_fine_fen = 1'000'000, r[0].legal_source = "目录清单";
  r[1].code = "R02", r[1].name = "对法人或其他组织处以十万元以上罚款", r[1].category = "行政处罚", r[1].party_kind = "organisation",
  r[1].min_fine_fen = 10'000'000, r[1].legal_source = "目录清单";
  r[2].code = "R03", r[2].name = "吊销许可证件", r[2].measure = "revoke_licence", r[2].legal_source = "目录清单";
  r[3].code = "R04", r[3].name = "责令停产停业", r[3].measure = "stop_business", r[3].legal_source = "目录清单";
  r[4].code = "R05", r[4].name = "经过听证程序作出的决定", r[4].requires_hearing = true, r[4].legal_source = "《行政处罚法》第五十八条";
  r[5].code = "R06", r[5].name = "超出裁量基准作出的处罚", r[5].category = "行政处罚", r[5].requires_outside_benchmark = true,
  r[5].legal_source = "目录清单";
  return r;
}

inline void install_demo_rules(World& w) {
  auto st = w.db->write([&](store::Tx& tx) -> Status {
    for (auto& r : demo_rules(w.agency))
      if (auto id = save_rule(tx, w.admin, r); !id) return id.error();
    return {};
  });
  ASSERT_TRUE(st.ok()) << st.error().message;
}

inline DecisionFacts fine_for_person(std::int64_t agency, std::int64_t case_id, std::int64_t fen) {
  DecisionFacts f;
  f.agency_id = agency;
  f.case_id = case_id;
  f.category = "行政处罚";
  f.party_kind = "person";
  f.fine_fen = fen;
  return f;
}

}  // namespace zhifa::review::testing
