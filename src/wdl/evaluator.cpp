// Tree-walking evaluator. Intermediate values are "held": either a pointer into the context (from
// the workflow accessors) or an owned value, so member access on triggerBody() copies only what
// the expression finally returns.
#include "wdl/evaluator.hpp"

#include <boost/container/small_vector.hpp>
#include <string>

#include "wdl/error.hpp"
#include "wdl/function_table.hpp"
#include "wdl/value.hpp"

namespace mailflow::wdl {
namespace json = boost::json;
namespace {

struct Held {
  const json::value* ref = nullptr;
  json::value own;
  const json::value& get() const { return ref ? *ref : own; }
  json::value take() && { return ref ? *ref : std::move(own); }
};

const json::value kNull;

class Evaluator {
 public:
  Evaluator(const Context& ctx, const Limits& limits) : ctx_(ctx), limits_(limits) {}

  Held eval(const Node& n) const {
    switch (n.kind) {
      case Node::Kind::Literal: return Held{&n.literal, {}};
      case Node::Kind::Member: return member(n);
      case Node::Kind::Call: return call(n);
    }
    return Held{&kNull, {}};
  }

 private:
  Held call(const Node& n) const {
    const FunctionDef& f = *n.fn;
    CallEnv env{ctx_, limits_, f.name, n.pos};
    if (f.lazy_if) return lazy_if(env, n);
    boost::container::small_vector<Held, 4> held;
    boost::container::small_vector<const json::value*, 4> ptrs;
    held.reserve(n.args.size());
    for (const auto& a : n.args) held.push_back(eval(*a));
    for (const auto& h : held) ptrs.push_back(&h.get());
    Args args(ptrs.data(), ptrs.size());
    if (f.ref) return Held{f.ref(env, args), {}};
    Held out{nullptr, f.impl(env, args)};
    charge(n, out.own);
    return out;
  }

  void charge(const Node& n, const json::value& v) const {
    std::size_t cost = 16;
    if (v.is_string()) cost += v.get_string().size();
    else if (v.is_array()) cost += 16 * v.get_array().size();
    else if (v.is_object()) cost += 16 * v.get_object().size();
    work_ += cost;
    if (work_ > limits_.max_work_bytes)
      fail(n.pos, "the expression builds more than " + std::to_string(limits_.max_work_bytes) +
                      " bytes in total (max_work_bytes)");
  }

  Held lazy_if(const CallEnv& env, const Node& n) const {
    Held c = eval(*n.args[0]);
    if (!c.get().is_bool())
      env.fail_arg(0, "expression", "must be a boolean, but it is of type '" +
                                         std::string(type_name(c.get())) + "'");
    return eval(*n.args[c.get().get_bool() ? 1 : 2]);
  }

  Held member(const Node& n) const {
    Held obj = eval(*n.args[0]);
    Held key = eval(*n.args[1]);
    const json::value& o = obj.get();
    const json::value& k = key.get();
    if (o.is_null()) {
      if (n.null_safe) return Held{&kNull, {}};
      fail(n.pos, "cannot select " + describe(k) + " from a null value; use '?' for null-safe access");
    }
    const json::value* found = nullptr;
    if (o.is_object()) {
      if (!k.is_string()) fail(n.pos, "an object property name must be a string, not " + describe(k));
      found = find_property(o.get_object(), k.get_string());
      if (!found && !n.null_safe)
        fail(n.pos, "property '" + std::string(k.get_string()) + "' doesn't exist; available properties are " +
                        property_list(o.get_object()));
    } else if (o.is_array()) {
      if (!is_integer(k)) fail(n.pos, "an array index must be an integer, not " + describe(k));
      std::int64_t i = integer_of(k);
      const auto& arr = o.get_array();
      if (i >= 0 && static_cast<std::uint64_t>(i) < arr.size()) found = &arr[static_cast<std::size_t>(i)];
      else if (!n.null_safe)
        fail(n.pos, "array index " + std::to_string(i) + " is out of range (the array has " +
                        std::to_string(arr.size()) + " items)");
    } else {
      fail(n.pos, "cannot select " + describe(k) + " from a value of type '" +
                      std::string(type_name(o)) + "'");
    }
    if (!found) return Held{&kNull, {}};
    if (obj.ref) return Held{found, {}};
    return Held{nullptr, json::value(*found)};
  }

  // Exact name first; Azure's property lookup is case-insensitive, so fall back to that.
  static const json::value* find_property(const json::object& o, json::string_view k) {
    if (auto it = o.find(k); it != o.end()) return &it->value();
    for (const auto& kv : o) {
      auto key = kv.key();
      if (key.size() != k.size()) continue;
      bool same = true;
      for (std::size_t i = 0; i < k.size() && same; ++i)
        same = std::tolower(static_cast<unsigned char>(key[i])) == std::tolower(static_cast<unsigned char>(k[i]));
      if (same) return &kv.value();
    }
    return nullptr;
  }

  static std::string describe(const json::value& k) {
    if (k.is_string()) return "property '" + std::string(k.get_string()) + "'";
    return "index " + to_text(k) + " (" + std::string(type_name(k)) + ")";
  }

  static std::string property_list(const json::object& o) {
    std::string out;
    std::size_t n = 0;
    for (const auto& kv : o) {
      if (n++) out += ", ";
      if (n > 20) {
        out += "...";
        break;
      }
      out += "'" + std::string(kv.key()) + "'";
    }
    return out.empty() ? "none" : out;
  }

  const Context& ctx_;
  const Limits& limits_;
  mutable std::size_t work_ = 0;
};

}  // namespace

json::value evaluate_node(const Node& node, const Context& ctx, const Limits& limits) {
  return Evaluator(ctx, limits).eval(node).take();
}

}  // namespace mailflow::wdl
