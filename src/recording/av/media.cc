#include "recording/av/media.h"

#include <unistd.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "platform/core/process.h"

namespace zhifa::recording::av {

using json = nlohmann::json;

json MediaFacts::to_json() const {
  return json{{"probed", probed}, {"container", container}, {"duration_ms", duration_ms}, {"video_codec", video_codec},
              {"audio_codec", audio_codec}, {"creation_time", creation_time}, {"width", width}, {"height", height}, {"streams", streams}};
}

namespace {

const char* kind_label(const std::string& kind) {
  if (kind == "video") return "视频";
  if (kind == "audio") return "录音";
  if (kind == "photo") return "照片";
  return "文件";
}

// ffprobe/ffmpeg read bytes anyone with a case could upload: only local files (no http, no
// playlists reaching other files), only the demuxers of the media a phone or a recorder makes
// (names as `ffprobe -demuxers` spells them on Debian 12/13), a bounded look into the file, a
// wall-clock limit after which the program is killed, and stderr kept out of the JSON.
const char* kDemuxers = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,mp3,wav,ogg,flac,aac,amr,image2,jpeg_pipe,png_pipe,webp_pipe,bmp_pipe,gif,tiff_pipe";

std::vector<std::string> input_options(const std::string& path) {
  return {"-protocol_whitelist", "file", "-format_whitelist", kDemuxers, "-probesize", "50000000", "-analyzeduration", "30000000",
          "-i", "file:" + path};
}

proc::RunLimits limits(int seconds, std::size_t max_output) {
  proc::RunLimits l;
  l.stderr_to_output = false;
  l.timeout_ms = seconds * 1000;
  l.max_output = max_output;
  return l;
}

bool image_codec(const std::string& c) {
  return c == "mjpeg" || c == "png" || c == "webp" || c == "bmp" || c == "gif" || c == "tiff";
}

}  // namespace

Result<MediaFacts> probe_media(const std::string& path, const std::string& kind, const std::string& filename) {
  MediaFacts f;
  if (kind == "document") return f;
  std::string out;
  std::vector<std::string> argv{"ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams"};
  for (auto& o : input_options(path)) argv.push_back(std::move(o));
  auto rc = proc::run_program(argv, &out, {}, limits(30, 4 << 20));
  if (!rc) return f;  // ffprobe not installed: kept without facts
  if (*rc == proc::kTimedOut || *rc == proc::kKilled)  // not the file's fault as far as anyone knows: retry later
    return Error::unavailable("检查媒体文件的程序未正常结束（超时或被终止），请稍后重试");
  std::string what = std::string("文件“") + filename + "”不是可识别的" + kind_label(kind);
  json j = json::parse(out, nullptr, false);
  if (*rc != 0 || !j.is_object() || !j.contains("streams") || j["streams"].empty())
    return Error::invalid(what + "（文件已损坏，或格式不受支持）", "file");
  f.probed = true;
  f.streams = static_cast<int>(j["streams"].size());
  const json& fmt = j.value("format", json::object());
  f.container = fmt.value("format_name", "");
  std::string dur = fmt.value("duration", "");
  if (!dur.empty()) f.duration_ms = static_cast<std::int64_t>(std::llround(std::atof(dur.c_str()) * 1000));
  if (fmt.contains("tags") && fmt["tags"].is_object()) f.creation_time = fmt["tags"].value("creation_time", "");
  for (const auto& s : j["streams"]) {
    std::string type = s.value("codec_type", ""), codec = s.value("codec_name", "");
    if (type == "video" && f.video_codec.empty()) {
      f.video_codec = codec;
      f.width = s.value("width", 0);
      f.height = s.value("height", 0);
    } else if (type == "audio" && f.audio_codec.empty()) {
      f.audio_codec = codec;
    }
  }
  bool still = f.container == "image2" || f.container.find("_pipe") != std::string::npos;
  // (A browser's MediaRecorder writes WebM without a duration: not required.)
  bool ok = kind == "video"   ? !f.video_codec.empty() && !still
            : kind == "audio" ? !f.audio_codec.empty()
                              : !f.video_codec.empty() && (still || image_codec(f.video_codec));
  if (!ok) return Error::invalid(what + "（未找到" + kind_label(kind) + "内容：" + f.container + "）", "file");
  if (kind == "photo") f.duration_ms = 0;
  return f;
}

std::string make_thumbnail(const std::string& path, const std::string& kind, const std::string& tmp_dir) {
  if (kind != "video" && kind != "photo") return "";
  std::string out_path = tmp_dir + "/thumb-" + std::to_string(::getpid()) + "-" + std::to_string(reinterpret_cast<std::uintptr_t>(&out_path)) + ".jpg";
  std::vector<std::string> argv{"ffmpeg", "-nostdin", "-v", "error", "-y"};
  if (kind == "video") argv.insert(argv.end(), {"-ss", "0.5"});
  auto in = input_options(path);
  argv.insert(argv.end(), in.begin(), in.end());
  argv.insert(argv.end(), {"-frames:v", "1", "-vf", "scale=320:-2", "-q:v", "5", out_path});
  auto rc = proc::run_program(argv, nullptr, {}, limits(60, 0));
  std::string bytes;
  if (rc && *rc == 0) {
    std::ifstream in(out_path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    bytes = ss.str();
  }
  if (bytes.empty() && kind == "video" && rc && *rc == 0) {
    // A clip shorter than half a second: its first frame.
    argv.erase(argv.begin() + 5, argv.begin() + 7);
    if (auto again = proc::run_program(argv, nullptr, {}, limits(60, 0)); again && *again == 0) {
      std::ifstream in(out_path, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      bytes = ss.str();
    }
  }
  ::unlink(out_path.c_str());
  return bytes;
}

}  // namespace zhifa::recording::av
