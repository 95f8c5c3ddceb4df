#include "recording/case_file_zip.h"

#include <zip.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <algorithm>

#include "platform/ledger/codec.h"
#include "platform/ledger/event.h"
#include "platform/ledger/verify.h"
#include "recording/case_file.h"
#include "recording/cases.h"
#include "recording/documents.h"
#include "recording/av/items.h"

namespace zhifa::recording {

using nlohmann::json;

namespace {

// Keeps the bytes of every entry alive until zip_close has written them.
struct ZipWriter {
  zip_source_t* src = nullptr;
  zip_t* za = nullptr;
  std::vector<std::unique_ptr<std::string>> keep;

  Status open() {
    zip_error_t err;
    zip_error_init(&err);
    src = zip_source_buffer_create(nullptr, 0, 0, &err);
    if (!src) return Error::internal("zip: cannot create buffer");
    za = zip_open_from_source(src, ZIP_TRUNCATE, &err);
    if (!za) return Error::internal("zip: cannot open archive");
    zip_source_keep(src);
    return {};
  }
  Status add(const std::string& name, std::string bytes) {
    keep.push_back(std::make_unique<std::string>(std::move(bytes)));
    zip_source_t* s = zip_source_buffer(za, keep.back()->data(), keep.back()->size(), 0);
    if (!s || zip_file_add(za, name.c_str(), s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
      if (s) zip_source_free(s);
      return Error::internal("zip: cannot add " + name);
    }
    return {};
  }
  Result<std::string> finish() {
    if (zip_close(za) < 0) return Error::internal("zip: cannot write archive");
    za = nullptr;
    zip_stat_t st;
    if (zip_source_open(src) < 0 || zip_source_stat(src, &st) < 0) return Error::internal("zip: cannot read archive");
    std::string out(st.size, '\0');
    zip_int64_t n = zip_source_read(src, out.data(), st.size);
    zip_source_close(src);
    if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) return Error::internal("zip: short read");
    return out;
  }
  ~ZipWriter() {
    if (za) zip_discard(za);
    if (src) zip_source_free(src);
  }
};

std::string safe_name(std::string s) {
  for (auto& c : s)
    if (c == '/' || c == '\\' || c == ':' || c == '"') c = '_';
  return s;
}

}  // namespace

Result<CaseFileContents> case_file_contents(store::Tx& tx, blob::BlobStore* blobs, const org::Principal& p, std::int64_t case_id) {
  CaseFileContents out;
  auto c = load_case(tx, p, case_id);
  if (!c) return c.error();
  out.case_summary = {{"id", c->id}, {"case_no", c->case_no}, {"title", c->title}};
  auto pdf = case_file_pdf(tx, *c);
  if (!pdf) return pdf.error();
  out.files.emplace_back("case-file.pdf", std::move(*pdf));
  auto docs = case_documents(tx, case_id);
  if (!docs) return docs.error();
  std::vector<std::string> subjects{"case:" + std::to_string(case_id)};
  int n = 0;
  for (const auto& d : *docs) {
    subjects.push_back("document:" + std::to_string(d.id));
    if (d.pdf_sha256.empty()) continue;  // drafts have no signed PDF
    if (!blobs) return Error::internal("no blob store");
    auto bytes = blobs->get(d.pdf_sha256);
    if (!bytes) return bytes.error();
    char prefix[16];
    std::snprintf(prefix, sizeof prefix, "%03d", ++n);
    out.files.emplace_back("documents/" + std::string(prefix) + "-" + safe_name(d.name) + ".pdf", std::move(*bytes));
  }
  // 音像记录: every item in the manifest with its SHA-256 and ledger index (its event, subject
  // case:N, is among the bundles); photos up to 8 MB travel in the ZIP, videos stay in the store.
  auto items = av::case_items(tx, case_id);
  if (!items) return items.error();
  json av_list = json::array();
  for (const auto& i : *items) {
    av_list.push_back({{"id", i.id}, {"kind", i.kind}, {"step", i.step}, {"filename", i.filename}, {"sha256", i.sha256}, {"size", i.size},
                       {"ledger_index", i.ledger_index ? json(*i.ledger_index) : json(nullptr)}});
    if (i.kind == "photo" && i.size <= (8 << 20) && blobs) {
      auto bytes = blobs->get(i.sha256);
      if (!bytes) return bytes.error();
      out.files.emplace_back("av/" + std::to_string(i.id) + "-" + safe_name(i.filename), std::move(*bytes));
    }
  }
  out.case_summary["av_items"] = av_list;
  for (const auto& s : subjects) {
    auto rows = tx.query("SELECT idx FROM ledger_events WHERE subject = ? ORDER BY idx", {s});
    if (!rows) return rows.error();
    for (auto& r : *rows) out.event_indices.push_back(r.integer(0));
  }
  auto k = store::get_setting(tx, "ledger_verifier_key");
  if (!k) return k.error();
  if (*k) out.verifier_key = **k;
  if (out.verifier_key.empty()) return Error::unavailable("账本尚无签名密钥，无法导出可验证的案卷");
  std::sort(out.event_indices.begin(), out.event_indices.end());
  return out;
}

Result<std::string> case_file_zip(CaseFileContents contents, const std::vector<std::string>& bundles) {
  json manifest{{"format", "zhifa-case-file/1"}, {"files", json::array()}, {"events", json::array()}};
  manifest["case"] = std::move(contents.case_summary);
  manifest["verifier_key"] = contents.verifier_key;
  for (const auto& b : bundles) manifest["events"].push_back(json::parse(b));
  ZipWriter z;
  if (auto s = z.open(); !s) return s.error();
  for (auto& [path, bytes] : contents.files) {
    manifest["files"].push_back({{"path", path}, {"sha256", blob::sha256_hex(bytes)}, {"size", bytes.size()}});
    if (auto s = z.add(path, std::move(bytes)); !s) return s.error();
  }
  if (auto s = z.add("manifest.json", manifest.dump(2)); !s) return s.error();
  return z.finish();
}

bool looks_like_zip(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  char magic[4] = {0};
  f.read(magic, 4);
  return f.gcount() == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
}

Status verify_case_file_zip(const std::string& path, std::span<const std::string> trusted_keys, std::ostream& report) {
  int errcode = 0;
  zip_t* za = zip_open(path.c_str(), ZIP_RDONLY, &errcode);
  if (!za) return Error::invalid("not a readable ZIP archive: " + path, "bundle");
  std::map<std::string, std::string> entries;
  zip_int64_t n = zip_get_num_entries(za, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    if (zip_stat_index(za, static_cast<zip_uint64_t>(i), 0, &st) < 0) continue;
    zip_file_t* f = zip_fopen_index(za, static_cast<zip_uint64_t>(i), 0);
    if (!f) continue;
    std::string bytes(st.size, '\0');
    zip_int64_t got = zip_fread(f, bytes.data(), st.size);
    zip_fclose(f);
    if (got < 0 || static_cast<zip_uint64_t>(got) != st.size) {
      zip_close(za);
      return Error::conflict(std::string("cannot read ") + st.name, st.name);
    }
    entries[st.name] = std::move(bytes);
  }
  zip_close(za);
  auto m = entries.find("manifest.json");
  if (m == entries.end()) return Error::invalid("manifest.json missing: not a zhifa case file", "manifest.json");
  json manifest;
  try {
    manifest = json::parse(m->second);
  } catch (const std::exception& e) {
    return Error::invalid(std::string("manifest.json is not JSON: ") + e.what(), "manifest.json");
  }
  if (manifest.value("format", "") != "zhifa-case-file/1") return Error::invalid("unknown manifest format", "manifest.json");
  std::set<std::string> listed;
  for (const auto& f : manifest.at("files")) {
    std::string p = f.at("path");
    listed.insert(p);
    auto e = entries.find(p);
    if (e == entries.end()) return Error::conflict("file " + p + " is listed but missing", p);
    std::string sha = blob::sha256_hex(e->second);
    if (sha != f.at("sha256").get<std::string>())
      return Error::conflict("file " + p + " hashes to " + sha + ", not " + f.at("sha256").get<std::string>() + ": it was altered", p);
  }
  for (const auto& [name, bytes] : entries)
    if (name != "manifest.json" && !listed.count(name)) return Error::conflict("file " + name + " is not in the manifest", name);
  report << "files: " << listed.size() << " match the manifest\n";

  std::vector<std::string> keys(trusted_keys.begin(), trusted_keys.end());
  if (keys.empty()) {
    keys.push_back(manifest.at("verifier_key").get<std::string>());
    report << "using the case file's own verifier key " << keys.front()
           << "; compare it with the key the agency publishes at /ledger/verifier-key\n";
  }
  std::set<std::string> recorded;  // SHA-256 digests the verified events name as evidence
  for (const auto& b : manifest.at("events")) {
    std::ostringstream sub;
    if (auto st = ledger::verify_bundle(b.dump(), keys, sub); !st)
      return Error{st.error().kind, "event " + std::to_string(b.value("index", -1)) + ": " + st.error().message,
                   "event:" + std::to_string(b.value("index", -1))};
    auto bytes = ledger::base64_decode(b.at("entry").get<std::string>());
    if (!bytes) return Error::invalid("event entry is not base64", "event:" + std::to_string(b.value("index", -1)));
    auto e = ledger::parse_event_bytes(*bytes);
    if (!e) return e.error();
    for (const auto& d : e->evidence_sha256) recorded.insert(d);
  }
  report << "events: " << manifest.at("events").size() << " are in the signed log\n";
  for (const auto& f : manifest.at("files")) {
    std::string p = f.at("path");
    if (p.rfind("documents/", 0) != 0) continue;
    if (!recorded.count(f.at("sha256").get<std::string>()))
      return Error::conflict("document " + p + " was not recorded in the ledger when signed", p);
  }
  report << "documents: every signed document's SHA-256 is recorded in the ledger\n";
  return {};
}

}  // namespace zhifa::recording
