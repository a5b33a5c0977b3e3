// `mailflow eval TEMPLATE [--context FILE] [--now ISO]`: evaluates one workflow expression template
// (a JSON string value as it stands in a definition) against a JSON context file and prints the
// result as JSON on stdout. On error: the message on stderr and exit status 1.
#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "app/eval_command.hpp"
#include "wdl/datetime.hpp"
#include "wdl/json_context.hpp"
#include "wdl/template.hpp"
#include "wdl/value.hpp"

namespace mailflow::app {
namespace {

struct EvalOptions {
  std::string tmpl;
  std::string context_file;
  std::string now;
};

[[noreturn]] void die(const std::string& message) {
  std::cerr << "mailflow eval: " << message << "\n";
  throw CLI::RuntimeError(1);
}

wdl::JsonContext load_context(const std::string& path) {
  if (path.empty()) return wdl::JsonContext();
  std::ifstream in(path, std::ios::binary);
  if (!in) die("cannot read the context file '" + path + "'");
  std::stringstream ss;
  ss << in.rdbuf();
  auto ctx = wdl::JsonContext::from_text(ss.str());
  if (!ctx) die(path + ": " + ctx.error().message);
  return std::move(ctx).value();
}

void run(const EvalOptions& o) {
  wdl::JsonContext ctx = load_context(o.context_file);
  if (!o.now.empty()) {
    auto t = wdl::parse_timestamp(o.now);
    if (!t) die("--now: '" + o.now + "' is not a valid timestamp");
    ctx.set_now(std::chrono::system_clock::time_point(
        std::chrono::microseconds((t->ticks - wdl::kUnixEpochTicks) / 10)));
  }
  auto r = wdl::evaluate_template(o.tmpl, ctx);
  if (!r) die(r.error().message);
  std::cout << wdl::to_json_text(*r) << "\n";
}

}  // namespace

void register_eval_command(CLI::App& app) {
  auto opts = std::make_shared<EvalOptions>();
  auto* cmd = app.add_subcommand("eval", "Evaluate a workflow expression template and print the result as JSON");
  cmd->add_option("template", opts->tmpl, "the template, e.g. \"@concat('a', 'b')\" or \"Hi @{triggerBody()?['Name']}\"")
      ->required();
  cmd->add_option("--context", opts->context_file, "JSON file with trigger, actions, variables, parameters, ...");
  cmd->add_option("--now", opts->now, "fixed ISO 8601 instant for utcNow() (reproducible output)");
  cmd->callback([opts] { run(*opts); });
}

}  // namespace mailflow::app
