#include "demo/av.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "demo/recording.h"
#include "law/identifiers.h"
#include "org/auth.h"
#include "platform/core/clock.h"
#include "platform/core/process.h"
#include "recording/av/devices.h"
#include "recording/av/media.h"
#include "recording/av/uploads.h"
#include "recording/cases.h"
#include "recording/documents.h"

namespace zhifa::recording {

namespace {

// ffmpeg's test sources: a 640×480 photo and a 4-second clip with a tone. Made once per process
// (the integration tests seed many demos).
struct Media { std::string photo, video; };

Result<Media> generated_media(const std::string& tmp_dir) {
  static std::mutex mu;
  static std::optional<Media> cached;
  std::lock_guard g(mu);
  if (cached) return *cached;
  std::error_code ec;
  std::filesystem::create_directories(tmp_dir, ec);
  std::string base = tmp_dir + "/demo-av-" + std::to_string(::getpid());
  auto make = [&](const std::string& out, std::vector<std::string> args) -> Result<std::string> {
    std::vector<std::string> argv{"ffmpeg", "-nostdin", "-v", "error", "-y"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back("-fflags");
    argv.push_back("+bitexact");
    argv.push_back(out);
    std::string text;
    auto rc = proc::run_program(argv, &text);
    if (!rc) return rc.error();
    if (*rc != 0) return Error::unavailable("ffmpeg failed: " + text.substr(0, 200));
    std::ifstream in(out, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    ::unlink(out.c_str());
    return ss.str();
  };
  auto photo = make(base + ".jpg", {"-f", "lavfi", "-i", "testsrc=size=640x480", "-frames:v", "1"});
  if (!photo) return photo.error();
  auto video = make(base + ".mp4", {"-f", "lavfi", "-i", "testsrc=duration=4:size=320x240:rate=15", "-f", "lavfi", "-i",
                                    "sine=frequency=440:duration=4", "-c:v", "mpeg4", "-c:a", "aac", "-shortest"});
  if (!video) return video.error();
  cached = Media{*photo, *video};
  return *cached;
}

// One item from bytes: the blob, its facts and thumbnail, then av::add_item (checks and ledger).
Result<std::int64_t> attach(store::Database& db, blob::BlobStore& blobs, const org::Principal& p, std::int64_t case_id, const std::string& step,
                            const std::string& kind, const std::string& filename, const std::string& bytes, const std::string& device,
                            const std::string& tmp_dir) {
  auto sha = blobs.put(bytes);
  if (!sha) return sha.error();
  // Probed and thumbnailed once per process and file (the integration tests seed many demos).
  static std::mutex mu;
  static std::map<std::string, std::pair<av::MediaFacts, std::string>> seen;
  std::pair<av::MediaFacts, std::string> known;
  {
    std::lock_guard g(mu);
    auto it = seen.find(*sha + kind);
    if (it != seen.end()) known = it->second;
  }
  if (!known.first.probed) {
    auto facts = av::probe_media(blobs.path_of(*sha), kind, filename);
    if (!facts) return facts.error();
    known = {*facts, av::make_thumbnail(blobs.path_of(*sha), kind, tmp_dir)};
    std::lock_guard g(mu);
    seen[*sha + kind] = known;
  }
  std::string thumb_sha;
  if (!known.second.empty()) {
    auto t = blobs.put(known.second);
    if (!t) return t.error();
    thumb_sha = *t;
  }
  av::NewItem in{case_id, static_cast<std::int64_t>(bytes.size()), step, kind, filename, *sha, device, clock::now_iso(), "", thumb_sha, known.first};
  return in_write(db, [&](store::Tx& tx) { return av::add_item(tx, p, in); });
}

}  // namespace

Status ensure_demo_av(store::Database& db, blob::BlobStore& blobs, const std::string& tmp_dir) {
  bool done = false;
  std::map<std::string, org::Principal> who;
  std::optional<std::int64_t> matter;
  auto st = db.read([&](store::Tx& tx) -> Status {
    auto m = store::get_setting(tx, "demo_av");
    if (!m) return m.error();
    done = m->has_value();
    if (done) return {};
    for (const char* login : {"wangqiang", "liuyang", "lili"}) {
      auto id = tx.query_one("SELECT id FROM people WHERE login = ?", {std::string(login)});
      if (!id) return id.error();
      if (!*id) return Error::internal(std::string("demo person missing: ") + login);
      auto p = org::load_principal(tx, (*id)->integer(0));
      if (!p) return p.error();
      who[login] = *p;
    }
    auto r = tx.query_one("SELECT id FROM matters WHERE agency_id = ? AND published = 1 AND category = '行政处罚' ORDER BY id LIMIT 1",
                          {who["wangqiang"].agency_id});
    if (!r) return r.error();
    if (*r) matter = (*r)->integer(0);
    return {};
  });
  if (!st) return st;
  if (done) return {};
  auto media = generated_media(tmp_dir);
  if (!media) {
    std::fprintf(stderr, "zhifa demo: no 音像记录 demo (%s; Debian package ffmpeg)\n", media.error().message.c_str());
    return {};
  }
  auto& wang = who["wangqiang"];
  auto& liu = who["liuyang"];
  auto& head = who["lili"];
#define DEMO_TRY(x) \
  if (auto s_ = (x); !s_) return Status(s_.error())
  // One 执法记录仪 per officer of the agency, registered by the head.
  std::map<std::int64_t, std::string> device_of;
  auto officers = db.read_value<std::vector<std::int64_t>>([&](store::Tx& tx) -> Result<std::vector<std::int64_t>> {
    auto rows = tx.query("SELECT p.id FROM people p JOIN person_roles r ON r.person_id = p.id AND r.role = 'officer' "
                         "WHERE p.agency_id = ? AND p.active = 1 ORDER BY p.id", {head.agency_id});
    if (!rows) return rows.error();
    std::vector<std::int64_t> ids;
    for (const auto& r : *rows) ids.push_back(r.integer(0));
    return ids;
  });
  if (!officers) return officers.error();
  for (std::size_t i = 0; i < officers->size(); ++i) {
    char code[32];
    std::snprintf(code, sizeof code, "JNWQB-JZY-%02zu", i + 1);
    auto person = (*officers)[i];
    DEMO_TRY(in_write(db, [&](store::Tx& tx) { return av::add_device(tx, head, code, "body_camera", person); }));
    device_of[person] = code;
  }
  // 7. 行政处罚 with 先行登记保存 (APL art. 56): the scene photographed and filmed by each officer's
  // 执法记录仪; leaving the preservation step was refused until its recording was attached.
  NewCase c;
  c.matter_id = matter;
  c.matter_code = "JNWQB-CF-001";
  c.matter_name = "对违反外国人来华邀请管理规定行为的处罚";
  c.category = "行政处罚";
  c.procedure_id = "penalty";
  std::string code = "91370800MA3F4KLM0";
  c.party = {"organisation", "济宁远航出入境咨询服务有限公司", code + law::uscc_check_char(code), "济宁市任城区共青团路12号", "05373331234"};
  c.facts = "当事人涉嫌伪造外国人来华邀请函件，现场发现空白邀请函及印章，可能灭失，依法先行登记保存。";
  c.fine_fen = 0;
  c.co_officer_id = liu.person_id;
  c.location.place = "济宁市任城区共青团路12号";
  auto id = in_write(db, [&](store::Tx& tx) { return open_case(tx, wang, c); });
  if (!id) return id.error();
  auto sign = [&](const std::string& kind, const org::Principal& signer) -> Status {
    auto d = in_write(db, [&](store::Tx& tx) { return draft_document(tx, wang, *id, kind); });
    if (!d) return d.error();
    return in_write(db, [&](store::Tx& tx) { return sign_document(tx, &blobs, signer, *d); });
  };
  auto go = [&](const std::string& t) -> Status {
    ActInput in;
    in.transition = t;
    in.co_officers = {liu.person_id};
    in.location.place = "济宁市任城区共青团路12号";
    return in_write(db, [&](store::Tx& tx) { return act(tx, wang, *id, in); });
  };
  DEMO_TRY(sign("case_filing", head));
  DEMO_TRY(go("file"));
  DEMO_TRY(attach(db, blobs, wang, *id, "investigation", "photo", "现场照片-办公室.jpg", media->photo, device_of[wang.person_id], tmp_dir));
  DEMO_TRY(sign("preservation_notice", head));
  DEMO_TRY(sign("preservation_list", wang));
  DEMO_TRY(go("preserve"));
  DEMO_TRY(sign("preservation_decision", head));
  // 国办发〔2018〕118号 / 音像记录事项清单 AV-04: refused without the recording of the preservation.
  if (auto refused = go("preservation_handled"); refused || refused.error().field != "av")
    return Error::internal("demo: leaving 先行登记保存 without its recording was not refused as it should be");
  DEMO_TRY(attach(db, blobs, wang, *id, "preservation", "video", "先行登记保存全过程.mp4", media->video, device_of[wang.person_id], tmp_dir));
  DEMO_TRY(attach(db, blobs, liu, *id, "preservation", "photo", "登记保存物品清点.jpg", media->photo, device_of[liu.person_id], tmp_dir));
  DEMO_TRY(go("preservation_handled"));
  return db.write([&](store::Tx& tx) -> Status {
    auto r = tx.exec("INSERT INTO settings(key, value) VALUES ('demo_av', ?) ON CONFLICT (key) DO NOTHING", {clock::today_beijing()});
    return r ? Status{} : Status(r.error());
  });
#undef DEMO_TRY
}

}  // namespace zhifa::recording
