// Seeds a data directory for the portal list benchmark: the demo organisation and a published
// 行政执法事项清单 of N rows (default 1,000) for jnwqb, through the real service (review and
// ledger events included). bench/portal_list_bench.sh then serves it and measures with wrk
// against nginx serving the same bytes.
//   portal_list_bench sqlite:DIR/zhifa.db [rows]
#include <cstdio>
#include <cstdlib>
#include <string>

#include "org/auth.h"
#include "demo/org.h"
#include "publicity/list_workflow.h"

using namespace zhifa;

int main(int argc, char** argv) {
  if (argc < 2) { std::fprintf(stderr, "usage: %s DB-URL [rows]\n", argv[0]); return 2; }
  int n = argc > 2 ? std::atoi(argv[2]) : 1000;
  auto db = store::open(argv[1]);
  if (!db) { std::fprintf(stderr, "%s\n", db.error().message.c_str()); return 1; }
  if (auto r = org::ensure_demo_organisation(**db); !r) { std::fprintf(stderr, "%s\n", r.error().message.c_str()); return 1; }
  const char* categories[] = {"行政许可", "行政处罚", "行政检查", "行政确认", "行政强制"};
  auto st = (*db)->write([&](store::Tx& tx) -> Status {
    auto principal = [&](const char* login) {
      auto id = tx.query_one("SELECT id FROM people WHERE login = ?", {std::string(login)});
      return *org::load_principal(tx, (**id).integer(0));
    };
    auto editor = principal("chenjing"), head = principal("lili");
    std::int64_t agency = (**tx.query_one("SELECT id FROM agencies WHERE code = 'jnwqb'")).integer(0);
    publicity::json rows = publicity::json::array();
    for (int i = 1; i <= n; ++i) {
      char code[32];
      std::snprintf(code, sizeof code, "JNWQB-%05d", i);
      rows.push_back({{"code", code}, {"category", categories[i % 5]}, {"name", "外事侨务行政执法事项第" + std::to_string(i) + "项（华侨回国定居、邀请外国人来华）"},
                      {"legal_basis", "《中华人民共和国行政许可法》第四十二条；《华侨回国定居办理工作规定》第" + std::to_string(i % 30 + 1) + "条"},
                      {"discretion", publicity::json::array({{{"facts", "初次违法，及时改正"}, {"penalty", "警告"}}})},
                      {"handling_unit", "侨务工作科"}, {"time_limit", "20个工作日"}, {"procedure", "licence"}});
    }
    std::vector<publicity::RowError> errors;
    auto cur = publicity::load_list(tx, agency, "matters");
    auto rev = publicity::save_draft(tx, editor, agency, "matters", rows, cur->revision, errors);
    if (!rev) return rev.error();
    if (auto s = publicity::submit(tx, editor, agency, "matters", *rev); !s) return s;
    if (auto s = publicity::approve(tx, head, agency, "matters"); !s) return s;
    auto v = publicity::publish(tx, editor, agency, "matters", "benchmark");
    if (!v) return v.error();
    // Keep the demo seeder from publishing its own lists over this one.
    auto m = tx.exec("INSERT INTO settings(key, value) VALUES('demo_publicity', '1') ON CONFLICT (key) DO NOTHING");
    return m ? Status{} : Status(m.error());
  });
  if (!st) { std::fprintf(stderr, "%s\n", st.error().message.c_str()); return 1; }
  std::printf("published %d rows\n", n);
  return 0;
}
