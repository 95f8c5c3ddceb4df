#pragma once
// HTML templates: logic-less mustache (kainjow), `{{x}}` escapes, `{{{x}}}` does not and is
// used only for HTML the program itself produced. Templates are compiled into the binary from
// templates/ and parsed once at start.
#include <memory>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "platform/core/result.h"

namespace zhifa::render {

class Templates {
 public:
  // Loads every templates/**/*.html; an unparsable template is an error naming it.
  static Result<std::shared_ptr<Templates>> load();
  ~Templates();
  // Renders templates/<name>.html with ctx. An unknown name is a bug: it renders an error text.
  std::string render(const std::string& name, const nlohmann::json& ctx) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zhifa::render
