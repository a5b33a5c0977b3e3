// Math functions: add, sub, mul, div, mod, max, min, rand. Two integers give an integer (div
// truncates toward zero as C# does; overflow is an error); any decimal gives a decimal.
#include <boost/json/value.hpp>
#include <cmath>
#include <random>

#include "wdl/args.hpp"
#include "wdl/function_table.hpp"
#include "wdl/value.hpp"

namespace mailflow::wdl {
namespace json = boost::json;
namespace {

enum class Op { Add, Sub, Mul, Div, Mod };

json::value arith(const CallEnv& env, Args a, Op op) {
  const char* names[2] = {"a", "b"};
  for (std::size_t i = 0; i < 2; ++i) arg_number(env, a, i, names[i]);
  if (is_integer(*a[0]) && is_integer(*a[1])) {
    std::int64_t x = integer_of(*a[0]), y = integer_of(*a[1]), r = 0;
    bool overflow = false;
    switch (op) {
      case Op::Add: overflow = __builtin_add_overflow(x, y, &r); break;
      case Op::Sub: overflow = __builtin_sub_overflow(x, y, &r); break;
      case Op::Mul: overflow = __builtin_mul_overflow(x, y, &r); break;
      case Op::Div: case Op::Mod:
        if (y == 0) env.fail("attempted to divide by zero");
        if (x == INT64_MIN && y == -1) overflow = op == Op::Div;
        else r = op == Op::Div ? x / y : x % y;
        break;
    }
    if (overflow) env.fail("the integer result overflows 64 bits");
    return r;
  }
  double x = number_of(*a[0]), y = number_of(*a[1]);
  switch (op) {
    case Op::Add: return x + y;
    case Op::Sub: return x - y;
    case Op::Mul: return x * y;
    case Op::Div: if (y == 0) env.fail("attempted to divide by zero"); return x / y;
    case Op::Mod: if (y == 0) env.fail("attempted to divide by zero"); return std::fmod(x, y);
  }
  return nullptr;
}

json::value add(const CallEnv& env, Args a) { return arith(env, a, Op::Add); }
json::value sub(const CallEnv& env, Args a) { return arith(env, a, Op::Sub); }
json::value mul(const CallEnv& env, Args a) { return arith(env, a, Op::Mul); }
json::value div(const CallEnv& env, Args a) { return arith(env, a, Op::Div); }
json::value mod(const CallEnv& env, Args a) { return arith(env, a, Op::Mod); }

// max/min take numbers, or one array of numbers.
json::value extreme(const CallEnv& env, Args a, bool want_max) {
  std::vector<const json::value*> items;
  if (a.size() == 1 && a[0]->is_array()) {
    for (const auto& e : a[0]->get_array()) items.push_back(&e);
    if (items.empty()) env.fail_arg(0, "collection", "must not be empty");
  } else {
    items.assign(a.begin(), a.end());
  }
  const json::value* best = nullptr;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!is_number(*items[i]))
      env.fail_arg(i, "number", "must be a number, but it is of type '" + std::string(type_name(*items[i])) + "'");
    if (!best || (want_max ? number_of(*items[i]) > number_of(*best) : number_of(*items[i]) < number_of(*best)))
      best = items[i];
  }
  return *best;
}
json::value max(const CallEnv& env, Args a) { return extreme(env, a, true); }
json::value min(const CallEnv& env, Args a) { return extreme(env, a, false); }

// rand(min, max): an integer in [min, max).
json::value rand(const CallEnv& env, Args a) {
  std::int64_t lo = arg_int(env, a, 0, "minValue"), hi = arg_int(env, a, 1, "maxValue");
  if (lo >= hi) env.fail("minValue must be less than maxValue");
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_int_distribution<std::int64_t>(lo, hi - 1)(rng);
}

}  // namespace

void register_math_functions(FunctionTable& t) {
  t.add({"add", 2, 2, add});
  t.add({"sub", 2, 2, sub});
  t.add({"mul", 2, 2, mul});
  t.add({"div", 2, 2, div});
  t.add({"mod", 2, 2, mod});
  t.add({"max", 1, -1, max});
  t.add({"min", 1, -1, min});
  t.add({"rand", 2, 2, rand});
}

}  // namespace mailflow::wdl
