// Evaluates a parsed expression (AST) against a Context. Throws Failure on an expression error;
// Template (template.hpp) is the public entry point that turns it into a core::Error.
#pragma once

#include <boost/json/value.hpp>

#include "wdl/ast.hpp"
#include "wdl/context.hpp"
#include "wdl/limits.hpp"

namespace mailflow::wdl {

boost::json::value evaluate_node(const Node& node, const Context& ctx, const Limits& limits);

}  // namespace mailflow::wdl
