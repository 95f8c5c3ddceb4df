#pragma once
// 检查对象名录库 and 回避: the services (each takes the caller's transaction; the web layer opens it).
#include <cstdint>
#include <string>
#include <vector>

#include "inspection/model.h"
#include "org/permissions.h"
#include "platform/store/database.h"

namespace zhifa::inspection {

// Adds one object (inspection.directory). A code already in the directory is a conflict.
Result<std::int64_t> add_object(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const ObjectInput& in);

// Imports a table (CSV in UTF-8 or GBK, or XLSX; header row with the Chinese or key column
// names of object_columns()), all or nothing: any bad row refuses the whole import with every
// row's errors ("第3行 统一社会信用代码无效 …"). Codes already present are updated.
struct ImportReport { std::int64_t added = 0, updated = 0; };
// row_errors, when given, receives each error as its own line ("第3行 统一社会信用代码无效：…").
Result<ImportReport> import_objects(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::string_view bytes,
                                    std::vector<std::string>* row_errors = nullptr);

// The agency's objects, filtered and paged (inspection.view): q (name or code, a substring),
// type, region, risk grade; sort by code, name, object_type, region or risk_grade.
struct ObjectQuery {
  std::string q, object_type, region, risk_grade, sort;
  bool desc = false;
  std::int64_t page = 1, per_page = 50;
};
struct ObjectPage {
  std::vector<Object> items;
  std::int64_t total = 0;
  std::vector<std::string> types, regions;  // every value the agency's directory has, for the filters
};
Result<ObjectPage> list_objects(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const ObjectQuery& q);

// Declares a conflict (inspection.plan): person × object × kind; the ground stays private.
struct ConflictInput { std::int64_t person_id = 0; std::string object_code, kind, ground; };
Result<std::int64_t> declare_conflict(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const ConflictInput& in);

// The id of an agency by its code (e.g. jnwqb); not found when there is none.
Result<std::int64_t> agency_id_of(store::Tx& tx, const std::string& code);

// Used by the draw: the object ids each person must avoid.
Result<std::vector<std::pair<std::int64_t, std::int64_t>>> conflicts_of(store::Tx& tx, std::int64_t agency_id);  // {person, object}
Object object_from_row(const store::Row& r);

}  // namespace zhifa::inspection
