// Recursive-descent parser of the expression language (see parser.hpp). Depth is bounded by
// Limits::max_depth so hostile nesting is an error, not a stack overflow.
#include "wdl/parser.hpp"

#include <string>

#include "wdl/error.hpp"
#include "wdl/function_table.hpp"

namespace mailflow::wdl {
namespace {

class Parser {
 public:
  Parser(std::string_view src, std::size_t offset, const Limits& limits)
      : lex_(src, offset), limits_(limits) {
    advance();
  }

  NodePtr expr(std::size_t depth) {
    if (depth > limits_.max_depth)
      fail(cur_.pos, "expression nested deeper than the limit of " +
                         std::to_string(limits_.max_depth));
    NodePtr n = primary(depth);
    for (;;) {
      bool safe = false;
      if (cur_.kind == Tok::Question) {
        safe = true;
        advance();
        if (cur_.kind != Tok::LBracket && cur_.kind != Tok::Dot) unexpected("'[' or '.' after '?'");
      }
      if (cur_.kind == Tok::LBracket) {
        n = member(std::move(n), safe, depth);
      } else if (cur_.kind == Tok::Dot) {
        std::size_t pos = cur_.pos;
        advance();
        if (cur_.kind != Tok::Ident) unexpected("a property name after '.'");
        auto key = std::make_unique<Node>();
        key->pos = cur_.pos;
        key->literal = boost::json::string(cur_.text);
        advance();
        n = access(std::move(n), std::move(key), safe, pos);
      } else {
        return n;
      }
      if (++depth > limits_.max_depth)
        fail(cur_.pos, "expression nested deeper than the limit of " +
                           std::to_string(limits_.max_depth));
    }
  }

  void expect(Tok t, std::string_view what) {
    if (cur_.kind != t) unexpected(what);
  }
  const Token& cur() const { return cur_; }
  std::size_t after() const { return lex_.offset(); }

 private:
  void advance() { cur_ = lex_.next(); }

  [[noreturn]] void unexpected(std::string_view what) {
    fail(cur_.pos, "expected " + std::string(what) + " but found " +
                       std::string(token_name(cur_.kind)) +
                       (cur_.kind == Tok::Ident ? " '" + cur_.text + "'" : std::string()));
  }

  NodePtr member(NodePtr obj, bool safe, std::size_t depth) {
    std::size_t pos = cur_.pos;
    advance();  // '['
    NodePtr key = expr(depth + 1);
    if (cur_.kind != Tok::RBracket) unexpected("']'");
    advance();
    return access(std::move(obj), std::move(key), safe, pos);
  }

  static NodePtr access(NodePtr obj, NodePtr key, bool safe, std::size_t pos) {
    auto n = std::make_unique<Node>();
    n->kind = Node::Kind::Member;
    n->pos = pos;
    n->null_safe = safe;
    n->args.push_back(std::move(obj));
    n->args.push_back(std::move(key));
    return n;
  }

  NodePtr primary(std::size_t depth) {
    auto n = std::make_unique<Node>();
    n->pos = cur_.pos;
    switch (cur_.kind) {
      case Tok::String: n->literal = boost::json::string(cur_.text); break;
      case Tok::Integer: n->literal = cur_.ival; break;
      case Tok::Decimal: n->literal = cur_.dval; break;
      case Tok::Ident: return name(depth);
      default: unexpected("a value (string, number, true, false, null or a function call)");
    }
    advance();
    return n;
  }

  NodePtr name(std::size_t depth) {
    auto n = std::make_unique<Node>();
    n->pos = cur_.pos;
    std::string id = cur_.text;
    advance();
    if (cur_.kind != Tok::LParen) {
      std::string lower;
      for (char c : id) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
      if (lower == "true" || lower == "false") {
        n->literal = (lower == "true");
        return n;
      }
      if (lower == "null") return n;
      fail(n->pos, "expected '(' after function name '" + id + "'");
    }
    n->kind = Node::Kind::Call;
    n->name = id;
    n->fn = FunctionTable::instance().find(id);
    if (!n->fn) fail(n->pos, "unknown function '" + id + "'");
    advance();  // '('
    if (cur_.kind != Tok::RParen) {
      for (;;) {
        n->args.push_back(expr(depth + 1));
        if (cur_.kind == Tok::Comma) {
          advance();
          continue;
        }
        if (cur_.kind != Tok::RParen) unexpected("',' or ')'");
        break;
      }
    }
    advance();  // ')'
    check_arity(*n);
    return n;
  }

  static void check_arity(const Node& n) {
    const FunctionDef& f = *n.fn;
    int count = static_cast<int>(n.args.size());
    if (count >= f.min_args && (f.max_args < 0 || count <= f.max_args)) return;
    std::string want = std::to_string(f.min_args);
    if (f.max_args < 0) want = "at least " + want;
    else if (f.max_args != f.min_args) want += " to " + std::to_string(f.max_args);
    fail(n.pos, "function '" + std::string(f.name) + "' expects " + want + " argument" +
                    (f.min_args == 1 && f.max_args <= 1 ? "" : "s") + " but got " +
                    std::to_string(count));
  }

  Lexer lex_;
  const Limits& limits_;
  Token cur_;
};

}  // namespace

ParseResult parse_expression(std::string_view src, std::size_t offset, Tok terminator,
                             const Limits& limits) {
  Parser p(src, offset, limits);
  ParseResult r;
  r.expr = p.expr(0);
  p.expect(terminator, terminator == Tok::RBrace ? "'}' to close '@{'" : "end of expression");
  r.end = p.after();
  return r;
}

}  // namespace mailflow::wdl
