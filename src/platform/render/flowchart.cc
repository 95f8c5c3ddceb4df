#include "platform/render/flowchart.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <map>
#include <mutex>
#include <set>

namespace zhifa::render {

namespace {

// Graphviz keeps global state (the cgraph string pool, plugin tables): one context, one caller.
std::mutex& gv_mutex() {
  static std::mutex mu;
  return mu;
}
GVC_t* gv_context() {
  static GVC_t* gvc = gvContext();
  return gvc;
}

void set(void* obj, const char* name, const std::string& value) {
  agsafeset(obj, const_cast<char*>(name), const_cast<char*>(value.c_str()), const_cast<char*>(""));
}

// The SVG's font family: the metrics font first, then what readers usually have.
constexpr const char* kMetricsFont = "Noto Sans CJK SC";
constexpr const char* kFontStack =
    "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Hiragino Sans GB','Microsoft YaHei','WenQuanYi Micro Hei',sans-serif";

}  // namespace

Result<std::string> flowchart_svg(const FlowGraph& g) {
  if (g.nodes.empty()) return Error::invalid("流程图没有节点");
  std::set<std::string> ids;
  for (auto& n : g.nodes)
    if (!ids.insert(n.id).second) return Error::invalid("流程图节点重复：" + n.id);
  for (auto& e : g.edges)
    if (!ids.count(e.from) || !ids.count(e.to)) return Error::invalid("流程图连线指向不存在的节点：" + e.from + " → " + e.to);

  std::lock_guard lk(gv_mutex());
  GVC_t* gvc = gv_context();
  if (!gvc) return Error::internal("Graphviz 初始化失败");
  Agraph_t* graph = agopen(const_cast<char*>("procedure"), Agdirected, nullptr);
  set(graph, "rankdir", "TB");
  set(graph, "nodesep", "0.35");
  set(graph, "ranksep", "0.4");
  set(graph, "fontname", kMetricsFont);
  set(graph, "bgcolor", "transparent");
  if (!g.title.empty()) {
    set(graph, "label", g.title);
    set(graph, "labelloc", "t");
    set(graph, "fontsize", "18");
  }
  std::map<std::string, Agnode_t*> nodes;
  for (auto& n : g.nodes) {
    Agnode_t* node = agnode(graph, const_cast<char*>(n.id.c_str()), 1);
    set(node, "label", n.note.empty() ? n.label : n.label + "\n" + n.note);
    set(node, "fontname", kMetricsFont);
    set(node, "fontsize", "13");
    set(node, "style", "filled");
    set(node, "color", "#5b6675");
    switch (n.kind) {
      case FlowNode::Kind::kStart:
      case FlowNode::Kind::kEnd:
        set(node, "shape", "box");
        set(node, "style", "rounded,filled");
        set(node, "fillcolor", "#fdecea");
        break;
      case FlowNode::Kind::kDecision:
        set(node, "shape", "diamond");
        set(node, "fillcolor", "#fff4d6");
        break;
      case FlowNode::Kind::kStep:
        set(node, "shape", "box");
        set(node, "fillcolor", "#ffffff");
        break;
    }
    nodes[n.id] = node;
  }
  for (auto& e : g.edges) {
    Agedge_t* edge = agedge(graph, nodes[e.from], nodes[e.to], nullptr, 1);
    set(edge, "fontname", kMetricsFont);
    set(edge, "fontsize", "11");
    set(edge, "color", "#5b6675");
    if (!e.label.empty()) set(edge, "label", e.label);
    if (e.secondary) {
      set(edge, "style", "dashed");
      set(edge, "constraint", "false");
    }
  }
  if (gvLayout(gvc, graph, "dot") != 0) {
    agclose(graph);
    return Error::internal("Graphviz 排版失败");
  }
  char* data = nullptr;
  unsigned int length = 0;
  int rc = gvRenderData(gvc, graph, "svg", &data, &length);
  std::string svg = (rc == 0 && data) ? std::string(data, length) : std::string();
  if (data) gvFreeRenderData(data);
  gvFreeLayout(gvc, graph);
  agclose(graph);
  if (svg.empty()) return Error::internal("Graphviz 生成 SVG 失败");
  // Inline-able: drop the XML prolog, DOCTYPE and comments before <svg.
  if (auto at = svg.find("<svg"); at != std::string::npos) svg.erase(0, at);
  // Name the CJK font stack instead of the one metrics font.
  std::string from = std::string("font-family=\"") + kMetricsFont + "\"";
  std::string to = std::string("font-family=\"") + kFontStack + "\"";
  for (std::size_t at = svg.find(from); at != std::string::npos; at = svg.find(from, at + to.size())) svg.replace(at, from.size(), to);
  return svg;
}

}  // namespace zhifa::render
