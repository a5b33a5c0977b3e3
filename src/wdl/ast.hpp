// The expression AST: literals, function calls (resolved to their table entry at parse time) and
// member accesses (x['p'], x.p, x[0], with '?' for null-safe). Built once, evaluated many times.
#pragma once

#include <boost/json/value.hpp>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace mailflow::wdl {

struct FunctionDef;
struct Node;
using NodePtr = std::unique_ptr<Node>;

struct Node {
  enum class Kind { Literal, Call, Member };
  Kind kind = Kind::Literal;
  std::size_t pos = 0;  // byte offset in the template
  boost::json::value literal;          // Literal
  const FunctionDef* fn = nullptr;     // Call
  std::string name;                    // Call: name as written
  std::vector<NodePtr> args;           // Call: arguments; Member: args[0] = object, args[1] = key
  bool null_safe = false;              // Member: '?' before the access
};

}  // namespace mailflow::wdl
