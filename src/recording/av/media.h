#pragma once
// What an A/V original is (issue 17): its media facts read with ffprobe (Debian ffmpeg) —
// container, duration, streams and codecs, picture size, the creation time the device wrote — and
// a thumbnail (ffmpeg, one frame scaled to 320 px wide, JPEG). The original is only read.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "platform/core/result.h"

namespace zhifa::recording::av {

struct MediaFacts {
  bool probed = false;          // false: ffprobe is not installed (the item is kept without facts)
  std::string container;        // e.g. "mov,mp4,m4a,3gp,3g2,mj2", "image2"
  std::int64_t duration_ms = 0; // 0 for a photo
  std::string video_codec, audio_codec, creation_time;  // creation_time: as the device wrote it
  int width = 0, height = 0, streams = 0;
  nlohmann::json to_json() const;
};

// The facts of the file at `path` for an item of `kind` (video | audio | photo; document: not
// probed). A file that is not media of that kind, or is corrupt: Error::invalid naming the file
// ("文件“现场.mp4”不是可识别的视频：…").
Result<MediaFacts> probe_media(const std::string& path, const std::string& kind, const std::string& filename);

// A JPEG thumbnail of a video or photo (empty when ffmpeg is missing or for audio/documents);
// `tmp_dir` holds the frame while it is made.
std::string make_thumbnail(const std::string& path, const std::string& kind, const std::string& tmp_dir);

}  // namespace zhifa::recording::av
