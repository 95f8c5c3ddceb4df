#include "platform/render/templates.h"

#include <kainjow/mustache.hpp>
#include <map>
#include <nlohmann/json.hpp>

#include "platform/core/assets.h"

namespace zhifa::render {

namespace mstch = kainjow::mustache;

struct Templates::Impl {
  std::map<std::string, std::unique_ptr<mstch::mustache>> pages;
  // templates/part/*.html: the design system's partials ({{>part/table}}), by name.
  std::map<std::string, std::string> partials;
};

Templates::~Templates() = default;

Result<std::shared_ptr<Templates>> Templates::load() {
  auto t = std::shared_ptr<Templates>(new Templates());
  t->impl_ = std::make_unique<Impl>();
  for (const auto& path : assets::list("templates/")) {
    if (!path.ends_with(".html")) continue;
    std::string name = path.substr(10, path.size() - 10 - 5);
    auto m = std::make_unique<mstch::mustache>(std::string(*assets::find(path)));
    if (!m->is_valid()) return Error::internal("template " + path + ": " + m->error_message());
    t->impl_->pages.emplace(name, std::move(m));
    if (name.starts_with("part/")) t->impl_->partials.emplace(name, std::string(*assets::find(path)));
  }
  return t;
}

static mstch::data to_data(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      mstch::data d{mstch::data::type::object};
      for (auto it = j.begin(); it != j.end(); ++it) d.set(it.key(), to_data(it.value()));
      return d;
    }
    case nlohmann::json::value_t::array: {
      mstch::data d{mstch::data::type::list};
      for (const auto& v : j) d.push_back(to_data(v));
      return d;
    }
    // An empty string is false in sections, as in mustache.js: {{#x}}…{{/x}} hides when x is "".
    case nlohmann::json::value_t::string:
      return j.get_ref<const std::string&>().empty() ? mstch::data{mstch::data::type::bool_false} : mstch::data{j.get<std::string>()};
    case nlohmann::json::value_t::boolean: return j.get<bool>() ? mstch::data{mstch::data::type::bool_true} : mstch::data{mstch::data::type::bool_false};
    case nlohmann::json::value_t::null: return mstch::data{mstch::data::type::bool_false};
    default: return mstch::data{j.dump()};
  }
}

std::string Templates::render(const std::string& name, const nlohmann::json& ctx) const {
  auto it = impl_->pages.find(name);
  if (it == impl_->pages.end()) return "template not found: " + name;
  mstch::data data = to_data(ctx);
  // The partials are visible from every page whose context is an object (every page's is).
  if (data.is_object())
    for (const auto& [pname, text] : impl_->partials)
      if (!ctx.contains(pname)) data.set(pname, mstch::partial([&text] { return text; }));
  return it->second->render(data);
}

}  // namespace zhifa::render
