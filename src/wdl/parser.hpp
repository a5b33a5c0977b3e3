// Parser: expression text → AST. Grammar:
//   expr    := primary postfix*
//   primary := STRING | NUMBER | true | false | null | NAME '(' [expr (',' expr)*] ')'
//   postfix := ['?'] ( '[' expr ']' | '.' NAME )
// Function names are resolved (case-insensitively) against the function table at parse time, so an
// unknown function or a wrong argument count is a parse error. Throws Failure with the position
// and what was expected.
#pragma once

#include <cstddef>
#include <string_view>

#include "wdl/ast.hpp"
#include "wdl/lexer.hpp"
#include "wdl/limits.hpp"

namespace mailflow::wdl {

struct ParseResult {
  NodePtr expr;
  std::size_t end = 0;  // offset just after the terminator token
};

// Parses one expression of `src` starting at `offset`, which must be followed by `terminator`
// (Tok::End for a whole-string expression, Tok::RBrace inside "@{...}").
ParseResult parse_expression(std::string_view src, std::size_t offset, Tok terminator,
                             const Limits& limits);

}  // namespace mailflow::wdl
