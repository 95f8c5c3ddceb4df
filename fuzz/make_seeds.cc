// Writes the seed corpora under fuzz/corpus/ (committed; rerun only to refresh them):
//   build-fuzz/make_seeds fuzz/corpus
// CSV and XLSX files are the product's own exports (to_csv, to_xlsx) of the demo lists, plus a
// GB18030 CSV as Excel in China saves it; ledger seeds are notes, checkpoints and bundles signed
// with the fuzzing key (fixed_key.h); procedure seeds are copied by scripts/fuzz.sh's caller from
// data/procedures (see README). The small hand-written seeds (multipart, query, json) are files
// in the corpus directories themselves.
#include <iconv.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "fixed_key.h"
#include "platform/ledger/checkpoint.h"
#include "platform/ledger/codec.h"
#include "platform/ledger/event.h"
#include "platform/ledger/merkle.h"
#include "platform/ledger/verify.h"
#include "publicity/exchange.h"
#include "publicity/lists.h"

using namespace zhifa;
using publicity::json;
namespace fs = std::filesystem;

namespace {

fs::path root;

void put(const std::string& dir, const std::string& name, const std::string& bytes) {
  fs::create_directories(root / dir);
  std::ofstream(root / dir / name, std::ios::binary) << bytes;
}

// A few rows of the demo lists (copied from src/publicity/demo.cc).
const char* kUnit = "侨务工作科";
json bands(std::initializer_list<std::pair<const char*, const char*>> items) {
  json out = json::array();
  for (auto& [facts, penalty] : items) out.push_back({{"facts", facts}, {"penalty", penalty}});
  return out;
}
json matters_v1() {
  return json::array({
      {{"code", "JNWQB-XK-001"}, {"category", "行政许可"}, {"name", "华侨回国定居审批"},
       {"legal_basis", "《华侨回国定居办理工作规定》（国侨发〔2013〕18号）第三条、第六条"}, {"discretion", json::array()},
       {"handling_unit", kUnit}, {"time_limit", "20个工作日（经负责人批准可延长10个工作日）"}, {"procedure", "licence"}},
      {{"code", "JNWQB-XK-002"}, {"category", "行政许可"}, {"name", "邀请外国人来华审批"},
       {"legal_basis", "《中华人民共和国外国人入境出境管理条例》第六条、第七条"}, {"discretion", json::array()},
       {"handling_unit", kUnit}, {"time_limit", "20个工作日"}, {"procedure", "licence"}},
      {{"code", "JNWQB-QR-001"}, {"category", "行政确认"}, {"name", "归侨侨眷身份确认"},
       {"legal_basis", "《中华人民共和国归侨侨眷权益保护法》第二条；《中华人民共和国归侨侨眷权益保护法实施办法》第三条"},
       {"discretion", json::array()}, {"handling_unit", kUnit}, {"time_limit", "30日"}, {"procedure", "confirmation"}},
      {{"code", "JNWQB-CF-001"}, {"category", "行政处罚"}, {"name", "申请人隐瞒有关情况或者提供虚假材料申请行政许可的处罚"},
       {"legal_basis", "《中华人民共和国行政许可法》第七十八条"},
       {"discretion", bands({{"隐瞒情况或提供虚假材料，在受理前主动更正", "警告"},
                             {"提供虚假材料，经告知拒不更正", "警告；申请人在一年内不得再次申请该行政许可"}})},
       {"handling_unit", kUnit}, {"time_limit", "自立案之日起90日"}, {"procedure", "penalty"}},
      {{"code", "JNWQB-JC-001"}, {"category", "行政检查"}, {"name", "对被授权邀请单位邀请外国人来华工作的监督检查"},
       {"legal_basis", "《中华人民共和国外国人入境出境管理条例》第七条"}, {"discretion", json::array()},
       {"handling_unit", kUnit}, {"time_limit", "按年度抽查计划"}, {"procedure", "inspection"}},
  });
}
json inspections() {
  return json::array({
      {{"code", "JNWQB-CC-001"}, {"name", "被授权邀请单位邀请外国人来华情况抽查"}, {"inspecting_body", "济宁市人民政府外事侨务办公室"},
       {"legal_basis", "《中华人民共和国外国人入境出境管理条例》第七条"}, {"objects", "本市被授权邀请外国人来华的单位"},
       {"content", "邀请函件的真实性；外国人在华活动与邀请事由是否一致；邀请单位管理责任落实情况"},
       {"method", "书面检查、实地核查"}, {"proportion", "5%"}, {"frequency", "每年1次"}},
      {{"code", "JNWQB-CC-002"}, {"name", "县（市、区）华侨回国定居审批办理情况抽查"}, {"inspecting_body", "济宁市人民政府外事侨务办公室"},
       {"legal_basis", "《华侨回国定居办理工作规定》（国侨发〔2013〕18号）"}, {"objects", "各县（市、区）外侨办"},
       {"content", "审批程序、材料审查、办理时限、档案管理"}, {"method", "书面检查"}, {"proportion", "20%"}, {"frequency", "每年1次"}},
  });
}
json av_list() {
  return json::array({
      {{"code", "AV-01"}, {"name", "现场检查、实地核查"}, {"requirement", "根据情况音像记录"}, {"basis", "国办发〔2018〕118号"},
       {"equipment", "执法记录仪"}, {"note", "检查人员不少于两人，出示执法证件"}},
      {{"code", "AV-02"}, {"name", "听证"}, {"requirement", "根据情况音像记录"}, {"basis", "国办发〔2018〕118号；《行政处罚法》第六十四条"},
       {"equipment", "听证室固定摄像设备"}, {"note", ""}},
      {{"code", "AV-03"}, {"name", "直接送达、留置送达"}, {"requirement", "根据情况音像记录"}, {"basis", "国办发〔2018〕118号"},
       {"equipment", "执法记录仪"}, {"note", "留置送达应当全程记录"}},
  });
}
json review_catalog() {
  return json::array({
      {{"code", "RC-01"}, {"category", "行政许可"}, {"name", "不予行政许可决定"}, {"condition", "拟作出不予华侨回国定居审批、不予邀请外国人来华审批决定的"},
       {"basis", "济外侨办字〔2017〕28号 三.3"}},
      {{"code", "RC-02"}, {"category", "行政处罚"}, {"name", "经听证程序作出的行政处罚决定"}, {"condition", "当事人要求听证并经听证的"},
       {"basis", "《行政处罚法》第五十八条"}},
      {{"code", "RC-03"}, {"category", "行政处罚"}, {"name", "超出裁量基准的决定"}, {"condition", "拟作出的处罚超出本机关裁量基准幅度的"},
       {"basis", "济外侨办字〔2017〕28号 三.4（六）"}},
  });
}

std::string gb18030(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  char* o = out.data();
  std::size_t in_left = utf8.size(), out_left = out.size();
  iconv(cd, &in, &in_left, &o, &out_left);
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

void list_seeds() {
  std::pair<const char*, json> data[] = {{"matters", matters_v1()}, {"inspections", inspections()}, {"av", av_list()},
                                         {"review_catalog", review_catalog()}};
  for (auto& [kind, rows] : data) {
    const auto* def = publicity::find_list(kind);
    std::string csv = publicity::to_csv(*def, rows);
    put("csv", std::string(kind) + ".csv", csv);
    auto xlsx = publicity::to_xlsx(*def, rows);
    put("xlsx", std::string(kind) + ".xlsx", *xlsx);
    if (std::string(kind) == "matters") {
      put("csv", "matters-en.csv", publicity::to_csv(*def, rows, true));
      put("csv", "matters-gb18030.csv", gb18030(csv));
      put("csv", "matters.xlsx", *xlsx);  // read_table takes either
    }
  }
}

void ledger_seeds() {
  auto key = fuzz::fixed_key();
  put("ledger", "verifier-key", ledger::encode_verifier_key(key.verifier));
  put("ledger", "note", *ledger::sign_note("zhifa fuzz note\n第二行\n", key));
  // A log of three events; bundles for events 0 and 1 against the size-3 checkpoint, and one
  // for a one-event log.
  std::vector<std::string> entries;
  for (int i = 0; i < 3; ++i) {
    ledger::Event e;
    e.index = i;
    e.time = "2025-09-26T08:0" + std::to_string(i) + ":00Z";
    e.agency = "JNWQB";
    e.actor = i == 0 ? "system" : "person:12";
    e.kind = i == 2 ? "publicity.decision.published" : "recording.case.created";
    e.subject = "case:" + std::to_string(40 + i);
    e.payload = R"({"title":"华侨回国定居审批","fine_fen":50000,"warning":false,"tags":["a","b"],"note":null})";
    if (i == 1) e.evidence_sha256 = {std::string(64, 'a')};
    auto n = ledger::normalize(e);
    entries.push_back(ledger::event_bytes(*n));
  }
  put("json", "event-0", entries[0]);
  put("json", "event-1", entries[1]);
  auto leaf = [&](int i) { return ledger::leaf_hash(entries[i]); };
  auto node = [](const ledger::Hash& a, const ledger::Hash& b) { return ledger::node_hash(a, b); };
  ledger::Hash root3 = node(node(leaf(0), leaf(1)), leaf(2));
  auto cp3 = *ledger::sign_checkpoint({"fuzz.zhifa.example/ledger", 3, root3}, key);
  auto cp1 = *ledger::sign_checkpoint({"fuzz.zhifa.example/ledger", 1, leaf(0)}, key);
  put("ledger", "checkpoint-3", cp3);
  std::string vk = ledger::encode_verifier_key(key.verifier);
  auto bundle = [&](const std::string& cp, int index, std::uint64_t size, std::vector<ledger::Hash> proof) {
    json hashes = json::array();
    for (auto& h : proof) hashes.push_back(ledger::to_base64(h));
    json b{{"checkpoint", cp}, {"entry", ledger::base64_encode(entries[index])}, {"index", index},
           {"proof", {{"hashes", hashes}, {"index", index}, {"size", size}}}, {"verifier_key", vk}};
    std::string text = b.dump();
    std::vector<std::string> trusted{vk};
    if (auto st = ledger::verify_bundle(text, trusted, std::cerr); !st) std::cerr << "make_seeds: bundle does not verify\n";
    return text;
  };
  put("ledger", "bundle-1-of-1", bundle(cp1, 0, 1, {}));
  put("ledger", "bundle-1-of-3", bundle(cp3, 1, 3, {leaf(0), leaf(2)}));
  put("ledger", "bundle-2-of-3", bundle(cp3, 2, 3, {node(leaf(0), leaf(1))}));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) { std::cerr << "usage: make_seeds CORPUS_DIR\n"; return 2; }
  root = argv[1];
  list_seeds();
  ledger_seeds();
  std::cout << "seeds written under " << root << "\n";
  return 0;
}
