// Issue 6 benchmarks, through the real recording service (src/recording/cases.h):
//
//   recording_bench pdf  DB-URL BLOB-DIR N OUT-PREFIX
//     Opens a 行政处罚 case whose 行政处罚决定书 runs to two A4 pages, then N times: drafts the
//     decision (untimed) and signs it (timed: 发文字号, PDF rendered with Pango/Cairo, SHA-256,
//     blob stored with fsync, ledger event, one committed transaction). Then renders the same
//     document N times without signing (timed: the PDF alone). Writes OUT-PREFIX.pdf (one
//     signed PDF) and OUT-PREFIX.txt (its text, for the pango-view reference) and prints
//       sign: N docs in S s = R docs/s
//       render: N docs in S s = R docs/s
//       pages: P
//
//   recording_bench cases DB-URL N
//     The demo organisation and N cases of 济宁市人民政府外事侨务办公室 (a fifth open, each with its
//     running deadline), lead/co-officer alternating between 王强 and 刘洋, inserted in one
//     transaction in the shape open_case writes; one real case through open_case first. Prints an
//     API token of 王强 (scope recording.view) on the last line.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "law/calendar.h"
#include "law/deadline.h"
#include "law/identifiers.h"
#include "org/auth.h"
#include "demo/org.h"
#include "demo/recording.h"
#include "platform/blob/blob_store.h"
#include "recording/cases.h"
#include "recording/documents.h"

using namespace zhifa;

namespace {

int die(const std::string& m) {
  std::fprintf(stderr, "recording_bench: %s\n", m.c_str());
  return 1;
}

org::Principal who(store::Database& db, const std::string& login) {
  org::Principal p;
  auto st = db.read([&](store::Tx& tx) -> Status {
    auto id = tx.query_one("SELECT id FROM people WHERE login = ?", {login});
    if (!id) return id.error();
    if (!*id) return Error::not_found(login);
    auto r = org::load_principal(tx, (*id)->integer(0));
    if (!r) return r.error();
    p = *r;
    return {};
  });
  if (!st) std::fprintf(stderr, "%s\n", st.error().message.c_str());
  return p;
}

std::string uscc(const std::string& first17) { return first17 + law::uscc_check_char(first17); }

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Facts long enough that the decision needs a second page (about 1,300 characters).
std::string long_facts() {
  std::string f = "2025年7月至9月间，当事人在未取得邀请外国人来华审批的情况下，以本单位名义先后向12名外国人出具邀请函件，并收取服务费用。";
  const char* parts[] = {
      "经查，当事人于2025年7月3日向德国籍人员出具邀请函件二份，用于办理来华签证；",
      "2025年8月11日向法国籍人员出具邀请函件三份，邀请事由与其实际来华活动不符；",
      "2025年9月2日向意大利籍人员出具邀请函件七份，未按规定报告被邀请人员的行程变更情况。",
      "上述事实有现场检查笔录、询问笔录、邀请函件复印件、银行转账记录、证人证言等证据证实，证据确实、充分。",
      "本机关于2025年9月26日依法向当事人送达了行政处罚事先告知书，告知其拟作出行政处罚的事实、理由、依据及依法享有的陈述、申辩和要求听证的权利。",
      "当事人在法定期限内提出了陈述、申辩，称其不了解相关规定、系初次违法，本机关经复核认为，当事人的违法行为持续时间较长、涉及人数较多，其陈述申辩理由不能成立，不予采纳。"};
  for (int r = 0; r < 1; ++r)
    for (const char* p : parts) f += p;
  return f;
}

int pages_of(const std::string& pdf) {
  int n = 0;
  for (std::size_t pos = pdf.find("/Type /Page"); pos != std::string::npos; pos = pdf.find("/Type /Page", pos + 1))
    if (pdf.compare(pos, 12, "/Type /Pages") != 0) ++n;
  return n;
}

int bench_pdf(store::Database& db, const std::string& blob_dir, int n, const std::string& out) {
  auto blobs = blob::open_filesystem_store(blob_dir);
  auto wang = who(db, "wangqiang"), liu = who(db, "liuyang"), head = who(db, "lili");
  recording::NewCase c;
  c.matter_code = "JNWQB-CF-001";
  c.matter_name = "对违反外国人来华邀请管理规定行为的处罚";
  c.category = "行政处罚";
  c.procedure_id = "penalty";
  c.party = {"organisation", "济宁华远国际人才服务有限公司", uscc("91370800MA3E2RTY5"), "济宁市任城区建设路66号", "05373216549"};
  c.facts = long_facts();
  c.fine_fen = 5'000'000;
  c.co_officer_id = liu.person_id;
  auto id = recording::in_write(db, [&](store::Tx& tx) { return recording::open_case(tx, wang, c); });
  if (!id) return die(id.error().message);
  double sign_s = 0;
  std::int64_t last = 0;
  for (int i = 0; i < n; ++i) {
    auto d = recording::in_write(db, [&](store::Tx& tx) { return recording::draft_document(tx, wang, *id, "penalty_decision"); });
    if (!d) return die(d.error().message);
    auto t0 = std::chrono::steady_clock::now();
    auto s = recording::in_write(db, [&](store::Tx& tx) { return recording::sign_document(tx, blobs.get(), head, *d); });
    sign_s += seconds_since(t0);
    if (!s) return die(s.error().message);
    last = *d;
  }
  std::string pdf, text;
  double render_s = 0;
  auto st = db.read([&](store::Tx& tx) -> Status {
    auto doc = recording::load_document(tx, head, last);
    if (!doc) return doc.error();
    auto cs = recording::load_case(tx, head, *id);
    if (!cs) return cs.error();
    auto b = blobs->get(doc->pdf_sha256);
    if (!b) return b.error();
    pdf = *b;
    text = cs->agency_name + "\n" + doc->name + "\n" + doc->doc_number + "\n\n" + doc->body + "\n\n" + cs->agency_name + "\n签发人：" + doc->signer_name + "\n";
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i) {
      auto r = recording::render_document_pdf(tx, *doc, *cs);
      if (!r) return r.error();
    }
    render_s = seconds_since(t0);
    return {};
  });
  if (!st) return die(st.error().message);
  std::ofstream(out + ".pdf", std::ios::binary) << pdf;
  std::ofstream(out + ".txt", std::ios::binary) << text;
  std::printf("sign: %d docs in %.3f s = %.1f docs/s\n", n, sign_s, n / sign_s);
  std::printf("render: %d docs in %.3f s = %.1f docs/s\n", n, render_s, n / render_s);
  std::printf("pages: %d\nbytes: %zu\n", pages_of(pdf), pdf.size());
  return 0;
}

int seed_cases(store::Database& db, int n) {
  auto wang = who(db, "wangqiang"), liu = who(db, "liuyang");
  // One real case: the row and deadline shapes the copies follow.
  recording::NewCase c;
  c.matter_code = "JNWQB-CF-001";
  c.matter_name = "对违反外国人来华邀请管理规定行为的处罚";
  c.category = "行政处罚";
  c.procedure_id = "penalty";
  c.party = {"organisation", "济宁某国际旅行社有限公司", uscc("91370800MA3C5NXK0"), "济宁市太白湖新区圣贤路9号", "05376667777"};
  c.facts = "未经批准以本单位名义邀请外国人来华";
  c.fine_fen = 500'000;
  c.co_officer_id = liu.person_id;
  auto first = recording::in_write(db, [&](store::Tx& tx) { return recording::open_case(tx, wang, c); });
  if (!first) return die(first.error().message);
  auto st = db.write([&](store::Tx& tx) -> Status {
    auto proto = tx.query_one("SELECT * FROM rec_cases WHERE id = ?", {*first});
    if (!proto || !*proto) return Error::internal("prototype case missing");
    auto& r = **proto;
    // The running deadline of an investigated penalty case (APL art. 60: 90 days).
    law::Deadline dl(*law::find_deadline_rule("penalty.decision"));
    (void)dl.start(*law::Date::parse(r.text("opened_on")));
    std::string dj = dl.to_json();
    for (int i = 1; i < n; ++i) {
      bool open = i % 5 == 0;
      std::int64_t lead = i % 2 ? wang.person_id : liu.person_id, co = i % 2 ? liu.person_id : wang.person_id;
      auto ins = tx.query_one(
          "INSERT INTO rec_cases(agency_id, case_no, procedure_id, matter_id, matter_code, matter_name, category, title, step, status, "
          "party_kind, party_name, party_id_number, party_address, party_phone, facts, fine_fen, warning, lead_officer_id, co_officer_id, "
          "opened_on, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?) RETURNING id",
          {r.integer("agency_id"), "济外侨案〔2024〕" + std::to_string(i) + "号", r.text("procedure_id"), r.text("matter_code"),
           r.text("matter_name"), r.text("category"), "当事人" + std::to_string(i) + " · " + r.text("matter_name"),
           std::string(open ? "investigation" : "closed"), std::string(open ? "open" : "closed"), r.text("party_kind"),
           "济宁某国际旅行社有限公司（" + std::to_string(i) + "）", r.text("party_id_number"), r.text("party_address"), r.text("party_phone"),
           r.text("facts"), r.integer("fine_fen"), lead, co, r.text("opened_on"), r.text("created_at"), r.text("updated_at")});
      if (!ins) return ins.error();
      auto d = tx.exec("INSERT INTO rec_deadlines(case_id, rule_id, state, due, deadline) VALUES (?, 'penalty.decision', ?, '', ?)",
                       {(*ins)->integer(0), std::string(open ? "running" : "completed"), dj});
      if (!d) return d.error();
    }
    return {};
  });
  if (!st) return die(st.error().message);
  auto tok = db.write_value<org::NewToken>([&](store::Tx& tx) { return org::create_api_token(tx, wang, "benchmark", "recording.view"); });
  if (!tok) return die(tok.error().message);
  std::printf("seeded %d cases\n%s\n", n, tok->token.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s pdf DB-URL BLOB-DIR N OUT-PREFIX | cases DB-URL N\n", argv[0]);
    return 2;
  }
  std::string mode = argv[1];
  auto db = store::open(argv[2]);
  if (!db) return die(db.error().message);
  if (auto r = org::ensure_demo_organisation(**db); !r) return die(r.error().message);
  if (mode == "pdf" && argc >= 6) return bench_pdf(**db, argv[3], std::atoi(argv[4]), argv[5]);
  if (mode == "cases" && argc >= 4) return seed_cases(**db, std::atoi(argv[3]));
  std::fprintf(stderr, "usage: %s pdf DB-URL BLOB-DIR N OUT-PREFIX | cases DB-URL N\n", argv[0]);
  return 2;
}
