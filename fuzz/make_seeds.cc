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
#include "demo/publicity_lists.h"
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

// The demo lists themselves (src/demo/publicity_lists.h).
using namespace publicity::demo_lists;

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
