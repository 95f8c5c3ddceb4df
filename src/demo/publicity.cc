#include "demo/publicity.h"

#include "org/auth.h"
#include "demo/publicity_lists.h"
#include "publicity/list_workflow.h"

namespace zhifa::publicity {

using namespace demo_lists;

namespace {
Status publish_through_review(store::Tx& tx, const org::Principal& editor, const org::Principal& head, const org::Principal& superior,
                              std::int64_t agency, const std::string& kind, const json& rows, const std::string& note) {
  auto cur = load_list(tx, agency, kind);
  if (!cur) return cur.error();
  std::vector<RowError> errors;
  auto rev = save_draft(tx, editor, agency, kind, rows, cur->revision, errors);
  if (!rev) return Error::internal("demo " + kind + ": " + rev.error().message);
  if (auto st = submit(tx, editor, agency, kind, *rev); !st) return st;
  if (auto st = approve(tx, head, agency, kind); !st) return st;
  if (find_list(kind)->superior_approval)
    if (auto st = superior_approve(tx, superior, agency, kind); !st) return st;
  auto v = publish(tx, editor, agency, kind, note);
  return v ? Status{} : Status(v.error());
}

}  // namespace

Status ensure_demo_publicity(store::Database& db) {
  return db.write([&](store::Tx& tx) -> Status {
    auto done = store::get_setting(tx, "demo_publicity");
    if (!done) return done.error();
    if (*done) return {};
    auto agency = tx.query_one("SELECT id FROM agencies WHERE code = 'jnwqb'");
    if (!agency) return agency.error();
    if (!*agency) return Error::internal("demo publicity needs the demo organisation first");
    std::int64_t a = (*agency)->integer(0);
    auto principal = [&](const char* login) -> Result<org::Principal> {
      auto id = tx.query_one("SELECT id FROM people WHERE login = ?", {std::string(login)});
      if (!id) return id.error();
      if (!*id) return Error::internal(std::string("demo person missing: ") + login);
      auto p = org::load_principal(tx, (*id)->integer(0));
      if (!p) return p.error();
      return p;
    };
    auto editor = principal("chenjing"), head = principal("lili"), superior = principal("zhoujian");
    if (!editor) return editor.error();
    if (!head) return head.error();
    if (!superior) return superior.error();
    auto pub = [&](const std::string& kind, const json& rows, const std::string& note) {
      return publish_through_review(tx, *editor, *head, *superior, a, kind, rows, note);
    };
    if (auto st = pub("matters", matters_v1(), "首次公布"); !st) return st;
    if (auto st = pub("matters", matters_v2(), "依据《归侨侨眷权益保护法实施办法》调整确认时限；新增外国人来华工作邀请函件核发"); !st) return st;
    if (auto st = pub("guides", guides(matters_v2()), "首次公布"); !st) return st;
    if (auto st = pub("inspections", inspections(), "首次公布"); !st) return st;
    if (auto st = pub("subjects", subjects(), "经市法制办审核后公布"); !st) return st;
    if (auto st = pub("av", av_list(), "首次公布"); !st) return st;
    // review_catalog is published from the legal review catalog's rules (demo/review.cc).
    return store::put_setting(tx, "demo_publicity", "1");
  });
}

}  // namespace zhifa::publicity
