#pragma once
// 音像记录设备 (issue 17): the registry of 执法记录仪, cameras and handheld terminals per agency,
// their assignment to officers, who used which device when (from the evidence items), and for
// supervisors the ratio of devices to certified officers of every agency they oversee.
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "org/permissions.h"
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::recording::av {

inline constexpr std::string_view kNoDevice = "设备不存在";

// 执法记录仪 / 照相机、摄像机 / 执法终端.
std::string device_kind_label(const std::string& kind);

// The devices of p's agency (holder, items recorded with each), and per agency of p's
// jurisdiction: devices in use, certified officers, the ratio.
Result<nlohmann::json> devices_json(store::Tx& tx, const org::Principal& p);
// Registers a device of p's agency (code unique in the agency), optionally held by an officer of it.
Result<std::int64_t> add_device(store::Tx& tx, const org::Principal& p, const std::string& code, const std::string& kind,
                                std::optional<std::int64_t> holder);
// Gives the device to another officer of its agency (none: back in store).
Status assign_device(store::Tx& tx, const org::Principal& p, std::int64_t device_id, std::optional<std::int64_t> holder);

}  // namespace zhifa::recording::av
