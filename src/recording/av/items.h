#pragma once
// 音像记录 evidence items (issue 17): the items of a case under the steps they cover (the case
// page, the case file), and access to an original — every view and download written to the
// chain-of-custody log (who, when, which, why; a download needs its reason). Originals are only read.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "org/permissions.h"
#include "platform/core/result.h"
#include "platform/store/database.h"
#include "recording/case.h"

namespace zhifa::recording::av {

inline constexpr std::string_view kNoItem = "音像记录不存在";

struct Item {
  std::int64_t id = 0, agency_id = 0, case_id = 0, recorder_id = 0, size = 0, duration_ms = 0;
  std::string step, kind, filename, sha256, recorder_name, device, recorded_at, uploaded_at, media, thumb_sha256;
  std::optional<std::int64_t> ledger_index;
  bool clock_flag = false;  // the device's clock disagrees with the server's
};

// 视频 / 录音 / 照片 / 文件.
std::string kind_label(const std::string& kind);
// The MIME type an original is served with (media types only; anything else as a download).
std::string media_type(const Item& item);

Result<std::vector<Item>> case_items(store::Tx& tx, std::int64_t case_id);
// For the case page: [{step, step_name, items: [...]}] in the procedure's order of steps.
Result<nlohmann::json> items_by_step_json(store::Tx& tx, const Case& c);
nlohmann::json item_json(const Item& item);
// The same for a case found by id in p's jurisdiction (else 404 案件不存在).
Result<nlohmann::json> case_items_json(store::Tx& tx, const org::Principal& p, std::int64_t case_id);

// The capture page (拍摄上传) of a case in p's jurisdiction: the case, its steps (the current one
// selected), whether p may upload to it now (open, handled by p or the head).
Result<nlohmann::json> capture_page_json(store::Tx& tx, const org::Principal& p, std::int64_t case_id);

// An item of a case in p's jurisdiction (else 404 kNoItem), its access logged: action "view",
// "download" (reason required, 400 naming the field); "" not logged (a thumbnail, the next range of a
// playback already logged).
Result<Item> access_item(store::Tx& tx, const org::Principal& p, std::int64_t item_id, const std::string& action,
                         const std::string& reason);

struct CustodyEntry {
  std::int64_t person_id = 0;
  std::string person_name, action, reason, at;
};
// The chain of custody of an item, oldest first (p must see its case).
Result<std::vector<CustodyEntry>> custody_log(store::Tx& tx, const org::Principal& p, std::int64_t item_id);

}  // namespace zhifa::recording::av
