// Expression engine throughput on one core: parsing a typical template, and evaluating
// concat(triggerBody()?['FirstName'], ' ', triggerBody()?['LastName']) and a formatDateTime(...)
// call from an already parsed template (the workflow engine parses once, evaluates per run).
#include <benchmark/benchmark.h>

#include "wdl/json_context.hpp"
#include "wdl/template.hpp"

namespace {
using mailflow::wdl::JsonContext;
using mailflow::wdl::Template;

const JsonContext& context() {
  static const JsonContext ctx = JsonContext::from_text(R"({
    "trigger": {"outputs": {"headers": {"Content-Type": "application/json"},
                "body": {"FirstName": "Sophia", "LastName": "Owen", "Email": "sophia@example.com",
                         "Created": "2018-03-15T13:27:36.1234567Z", "Items": [1, 2, 3]}}},
    "variables": {"recipients": ["a@example.com", "b@example.com"]}
  })").value();
  return ctx;
}

constexpr const char* kTypical =
    "Dear @{triggerBody()?['FirstName']} @{triggerBody()?['LastName']}, your order of "
    "@{formatDateTime(triggerBody()?['Created'], 'dd MMM yyyy')} ships to @{join(variables('recipients'), ';')}.";

void BM_ParseTypicalTemplate(benchmark::State& state) {
  for (auto _ : state) {
    auto t = Template::parse(kTypical);
    benchmark::DoNotOptimize(t);
  }
}
BENCHMARK(BM_ParseTypicalTemplate);

void evaluate(benchmark::State& state, const char* text) {
  auto t = Template::parse(text);
  if (!t) {
    state.SkipWithError(t.error().message.c_str());
    return;
  }
  for (auto _ : state) {
    auto v = t->evaluate(context());
    benchmark::DoNotOptimize(v);
  }
}

void BM_EvalConcatTriggerBody(benchmark::State& state) {
  evaluate(state, "@concat(triggerBody()?['FirstName'], ' ', triggerBody()?['LastName'])");
}
BENCHMARK(BM_EvalConcatTriggerBody);

void BM_EvalFormatDateTime(benchmark::State& state) {
  evaluate(state, "@formatDateTime(triggerBody()?['Created'], 'yyyy-MM-ddTHH:mm:ss.fffK')");
}
BENCHMARK(BM_EvalFormatDateTime);

void BM_EvalConvertFromUtc(benchmark::State& state) {
  evaluate(state, "@convertFromUtc(triggerBody()?['Created'], 'Pacific Standard Time', 'D')");
}
BENCHMARK(BM_EvalConvertFromUtc);

void BM_EvalTypicalTemplate(benchmark::State& state) { evaluate(state, kTypical); }
BENCHMARK(BM_EvalTypicalTemplate);

}  // namespace

BENCHMARK_MAIN();
