// 裁量基准执行 (issue 14): /workspace/discretion (the page: decisions by matter and band, sortable
// and paged), /workspace/discretion.xlsx (every row, the same filters and sort) and
// /api/v1/discretion (the same as JSON). No SQL here: recording/discretion.h.
#include <algorithm>

#include "platform/core/clock.h"
#include "platform/render/xlsx.h"
#include "recording/discretion.h"
#include "recording/web/common.h"
#include "web/table.h"

namespace zhifa::recording {

using http::Request;
using http::Response;
using json = nlohmann::json;

namespace {

const std::vector<web::Column>& columns() {
  static const std::vector<web::Column> cols = {
      {"matter", "执法事项", ""},          {"band", "适用情节", ""},           {"decided", "处罚决定数", "num"},
      {"inside", "基准内", "num"},         {"outside", "超出基准（已说明理由）", "num"}, {"unreasoned", "超出基准未说明理由", "num"},
      {"share", "超出比例", "num"}};
  return cols;
}

DiscretionQuery query_of(const Request& req, const web::Paging& pg) {
  DiscretionQuery q;
  q.from = req.query_param("from");
  q.to = req.query_param("to");
  q.sort = pg.sort;
  q.desc = pg.desc;
  q.page = pg.page;
  q.per_page = pg.per_page;
  return q;
}

std::string band_text(const json& it) {
  std::string b = it["band"].get<std::string>();
  return b.empty() ? "（未适用裁量基准情节）" : b;
}

std::int64_t outside_of(const json& it) { return it["outside_reasoned"].get<std::int64_t>(); }

json rows_of(const json& items) {
  json rows = json::array();
  for (const auto& it : items) {
    json matter = web::cell(it["matter_name"].get<std::string>());
    matter["sub"] = it["matter_code"];
    json unreasoned = web::cell(std::to_string(it["outside_unreasoned"].get<std::int64_t>()), "", "num");
    if (it["outside_unreasoned"].get<std::int64_t>() > 0) unreasoned["tag"] = "须整改", unreasoned["tag_cls"] = "bad";
    rows.push_back({{"cls", it["outside_unreasoned"].get<std::int64_t>() > 0 ? "danger" : ""},
                    {"cells", json::array({matter, web::cell(band_text(it)), web::cell(std::to_string(it["decided"].get<std::int64_t>()), "", "num"),
                                           web::cell(std::to_string(it["inside"].get<std::int64_t>()), "", "num"),
                                           web::cell(std::to_string(outside_of(it)), "", "num"), unreasoned,
                                           web::cell(it["outside_share"].get<std::string>(), "", "num")})}});
  }
  return rows;
}

json filters_of(const Request& req) {
  json fields = json::array({web::filter_input("from", "决定日期自", "date", std::string(req.query_param("from"))),
                             web::filter_input("to", "至", "date", std::string(req.query_param("to")))});
  std::string export_href = web::href_with(req, {{"page", ""}, {"per_page", ""}});
  export_href.replace(0, req.path.size(), "/workspace/discretion.xlsx");
  return {{"action", "/workspace/discretion"}, {"hidden", json::array()}, {"fields", fields}, {"reset_href", "/workspace/discretion"},
          {"export_href", export_href}};
}

}  // namespace

void register_discretion_routes(http::Router& router, web::Site& site) {
  auto list = [&site](Request& req) {
    const auto& p = web::principal(req);
    auto pg = web::paging_of(req, columns(), "matter", false);
    DiscretionQuery q = query_of(req, pg);
    return web::read(site, req, [&](store::Tx& tx) { return discretion_execution(tx, p, q); }, [&](json& page) {
      if (req.is_api()) return web::json_reply(page);
      const json& t = page["totals"];
      auto by = [&](const char* sort) { return web::href_with(req, {{"sort", sort}, {"dir", "desc"}, {"page", ""}}); };
      json stats = json::array(
          {{{"label", "处罚决定"}, {"count", t["decided"]}, {"href", by("decided")}, {"level", ""}},
           {{"label", "裁量基准内"}, {"count", t["inside"]}, {"href", by("inside")}, {"level", ""}},
           {{"label", "超出基准（已说明理由）"}, {"count", t["outside_reasoned"]}, {"href", by("outside")}, {"level", "warn"}},
           {{"label", "超出基准未说明理由"}, {"count", t["outside_unreasoned"]}, {"href", by("unreasoned")},
            {"level", t["outside_unreasoned"].get<std::int64_t>() > 0 ? "danger" : "zero"}}});
      json empty{{"text", "没有处罚决定"}, {"hint", "作出行政处罚决定后，这里按执法事项和裁量基准情节统计。"}};
      json ctx{{"statbar", {{"stats", stats}}}, {"filters", filters_of(req)},
               {"table", web::table_json(req, columns(), rows_of(page["items"]), pg, page["total"].get<std::int64_t>(), false, empty)}};
      ctx["header"] = {{"title", "裁量基准执行"},
                       {"lead", "行政处罚决定适用裁量基准的情况：按执法事项和情节，幅度和处罚种类在基准内的、超出基准并说明理由的"
                                "（《中华人民共和国行政处罚法》第三十四条；国办发〔2018〕118号）"}};
      return site.workspace_page(req, "裁量基准执行", "recording/discretion", ctx);
    });
  };
  router.add("GET", "/workspace/discretion", "recording.discretion", list);
  router.add("GET", "/api/v1/discretion", "recording.discretion", list);

  router.add("GET", "/workspace/discretion.xlsx", "recording.discretion", [&site](Request& req) {
    const auto& p = web::principal(req);
    auto pg = web::paging_of(req, columns(), "matter", false);
    DiscretionQuery q = query_of(req, pg);
    q.page = 1, q.per_page = 0;
    return web::read(site, req, [&](store::Tx& tx) { return discretion_execution(tx, p, q); }, [&](json& page) {
      std::vector<render::XlsxColumn> cols{{"事项编码", 16}, {"执法事项", 36}, {"适用情节", 40}, {"处罚决定数", 12},
                                           {"基准内", 10},    {"超出基准（已说明理由）", 22}, {"超出基准未说明理由", 20}, {"超出比例", 10}};
      std::vector<std::vector<std::string>> rows;
      for (const auto& it : page["items"])
        rows.push_back({it["matter_code"], it["matter_name"], band_text(it), std::to_string(it["decided"].get<std::int64_t>()),
                        std::to_string(it["inside"].get<std::int64_t>()), std::to_string(outside_of(it)),
                        std::to_string(it["outside_unreasoned"].get<std::int64_t>()), it["outside_share"]});
      auto bytes = render::xlsx_table(cols, rows);
      if (!bytes) return site.error(req, bytes.error());
      auto resp = http::Response::text(std::move(*bytes), 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      // 裁量基准执行.xlsx
      resp.headers.set("Content-Disposition",
                       "attachment; filename=\"discretion.xlsx\"; filename*=UTF-8''%E8%A3%81%E9%87%8F%E5%9F%BA%E5%87%86%E6%89%A7%E8%A1%8C.xlsx");
      resp.headers.set("Cache-Control", "no-store");
      return resp;
    });
  });
}

}  // namespace zhifa::recording
