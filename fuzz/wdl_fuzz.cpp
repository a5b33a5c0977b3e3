// libFuzzer target for the expression engine: the input is one template string; it is parsed and,
// when it parses, evaluated against a fixed context. Any crash, sanitizer report, or exception
// escaping the library is a bug; an error result is a correct answer.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "wdl/json_context.hpp"
#include "wdl/template.hpp"

namespace {
const char* kContext = R"({
  "trigger": {"outputs": {"headers": {"Content-Type": "application/json"},
              "body": {"Email": "ann@example.com", "Name": "Ann", "Tags": ["a", "b"], "N": 3, "F": 2.5,
                       "Nested": {"Deep": {"x": null}}}}},
  "actions": {"A": {"status": "Succeeded", "outputs": {"statusCode": 200, "headers": {}, "body": [1, 2, 3]}}},
  "variables": {"v": "text", "n": 7, "list": [3, 1, 2]},
  "parameters": {"p": {"k": "v"}},
  "appsettings": {"s": "x"},
  "items": {"Loop": {"id": 1}},
  "iterationIndexes": {"Until": 0},
  "workflow": {"name": "wf"},
  "results": {"Scope": []},
  "callbackUrl": "https://example.com/cb"
})";

const mailflow::wdl::JsonContext& context() {
  static const mailflow::wdl::JsonContext ctx = [] {
    auto c = mailflow::wdl::JsonContext::from_text(kContext).value();
    c.set_now(std::chrono::system_clock::time_point(std::chrono::seconds(1521118800)));
    return c;
  }();
  return ctx;
}

// Smaller bounds than the defaults keep each run fast; the code paths are the same.
mailflow::wdl::Limits limits() {
  mailflow::wdl::Limits l;
  l.max_template_bytes = 4096;
  l.max_string_bytes = 1 << 20;
  l.max_array_items = 10'000;
  l.max_range_count = 10'000;
  l.max_work_bytes = 16 << 20;
  return l;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const mailflow::wdl::Limits lim = limits();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto t = mailflow::wdl::Template::parse(text, lim);
  if (t) (void)t->evaluate(context(), lim);
  return 0;
}
