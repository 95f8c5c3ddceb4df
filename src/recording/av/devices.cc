#include "recording/av/devices.h"

#include <cstdio>

#include "platform/core/clock.h"

namespace zhifa::recording::av {

using json = nlohmann::json;

std::string device_kind_label(const std::string& kind) {
  if (kind == "body_camera") return "执法记录仪";
  if (kind == "camera") return "照相机、摄像机";
  if (kind == "terminal") return "移动执法终端";
  return kind;
}

namespace {

// A holder must be an active person of the device's agency.
Status check_holder(store::Tx& tx, std::int64_t agency_id, std::optional<std::int64_t> holder) {
  if (!holder) return {};
  auto r = tx.query_one("SELECT agency_id, active FROM people WHERE id = ?", {*holder});
  if (!r) return r.error();
  if (!*r || (*r)->integer(0) != agency_id || (*r)->integer(1) == 0) return Error::invalid("领用人须为本机关在岗人员", "holder");
  return {};
}

}  // namespace

Result<json> devices_json(store::Tx& tx, const org::Principal& p) {
  auto rows = tx.query(
      "SELECT d.id, d.code, d.kind, d.active, d.assigned_to, p.name, "
      "(SELECT COUNT(*) FROM av_items i WHERE i.agency_id = d.agency_id AND i.device = d.code) AS items, "
      "(SELECT MAX(i.uploaded_at) FROM av_items i WHERE i.agency_id = d.agency_id AND i.device = d.code) AS last_used "
      "FROM av_devices d LEFT JOIN people p ON p.id = d.assigned_to WHERE d.agency_id = ? ORDER BY d.code",
      {p.agency_id});
  if (!rows) return rows.error();
  json devices = json::array();
  for (const auto& r : *rows)
    devices.push_back({{"id", r.integer(0)}, {"code", r.text(1)}, {"kind", r.text(2)}, {"kind_label", device_kind_label(r.text(2))},
                       {"active", r.integer(3) != 0}, {"holder_id", r.is_null(4) ? json(nullptr) : json(r.integer(4))}, {"holder", r.text(5)},
                       {"items", r.integer(6)}, {"last_used_at", r.text(7)}});
  // The ratio of devices in use to officers holding a valid 执法证, per agency overseen.
  std::string today = clock::today_beijing();
  json ratio = json::array();
  for (std::int64_t agency : p.jurisdiction) {
    auto a = tx.query_one(
        "SELECT a.name, (SELECT COUNT(*) FROM av_devices d WHERE d.agency_id = a.id AND d.active = 1), "
        "(SELECT COUNT(DISTINCT pe.id) FROM people pe JOIN person_roles r ON r.person_id = pe.id AND r.role = 'officer' "
        " JOIN certificates c ON c.person_id = pe.id AND c.revoked = 0 AND c.valid_from <= ? AND c.valid_to >= ? "
        " WHERE pe.agency_id = a.id AND pe.active = 1) FROM agencies a WHERE a.id = ?",
        {today, today, agency});
    if (!a) return a.error();
    if (!*a) continue;
    std::int64_t n = (*a)->integer(1), officers = (*a)->integer(2);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.2f", officers ? static_cast<double>(n) / static_cast<double>(officers) : 0.0);
    ratio.push_back({{"agency_id", agency}, {"agency", (*a)->text(0)}, {"devices", n}, {"certified_officers", officers},
                     {"ratio", officers ? json(buf) : json("—")}, {"short", n < officers}});
  }
  return json{{"devices", devices}, {"ratio", ratio}, {"can_manage", org::authorize(p, "recording.devices", p.agency_id).allowed}};
}

Result<std::int64_t> add_device(store::Tx& tx, const org::Principal& p, const std::string& code, const std::string& kind,
                                std::optional<std::int64_t> holder) {
  if (auto s = org::require(p, "recording.devices", p.agency_id, kNoDevice); !s) return s.error();
  if (code.empty() || code.size() > 60) return Error::invalid("请填写设备编号（不超过 60 字节）", "code");
  if (kind != "body_camera" && kind != "camera" && kind != "terminal") return Error::invalid("设备类别须为执法记录仪、照相机摄像机或移动执法终端", "kind");
  if (auto s = check_holder(tx, p.agency_id, holder); !s) return s.error();
  auto dup = tx.query_one("SELECT id FROM av_devices WHERE agency_id = ? AND code = ?", {p.agency_id, code});
  if (!dup) return dup.error();
  if (*dup) return Error::conflict("本机关已有编号为 " + code + " 的设备", "code");
  auto r = tx.query("INSERT INTO av_devices(agency_id, code, kind, assigned_to, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                    {p.agency_id, code, kind, holder ? store::Value(*holder) : store::null(), clock::now_iso()});
  if (!r) return r.error();
  return (*r)[0].integer(0);
}

Status assign_device(store::Tx& tx, const org::Principal& p, std::int64_t device_id, std::optional<std::int64_t> holder) {
  auto d = tx.query_one("SELECT agency_id FROM av_devices WHERE id = ?", {device_id});
  if (!d) return d.error();
  if (!*d) return Error::not_found(std::string(kNoDevice));
  std::int64_t agency = (*d)->integer(0);
  if (auto s = org::require(p, "recording.devices", agency, kNoDevice); !s) return s;
  if (auto s = check_holder(tx, agency, holder); !s) return s;
  auto u = tx.exec("UPDATE av_devices SET assigned_to = ? WHERE id = ?", {holder ? store::Value(*holder) : store::null(), device_id});
  return u ? Status{} : Status(u.error());
}

}  // namespace zhifa::recording::av
