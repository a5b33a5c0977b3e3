// HTML → plain text for the generated alternative part (see html_to_text.hpp). Not a full HTML
// parser: a tag scanner that is good for the mail bodies the connector receives.
#include "mail/html_to_text.hpp"

#include "core/utf8.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdlib>

namespace mailflow::mail {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// A NUL from "&#0;" is not text: it becomes U+FFFD like any other invalid code point.
void append_utf8(std::string& out, std::uint32_t cp) {
  core::append_utf8(out, cp == 0 ? 0xFFFD : static_cast<char32_t>(cp));
}

struct Entity {
  std::string_view name;
  std::uint32_t cp;
};
constexpr std::array<Entity, 16> kEntities{{{"amp", '&'},
                                            {"lt", '<'},
                                            {"gt", '>'},
                                            {"quot", '"'},
                                            {"apos", '\''},
                                            {"nbsp", 0xA0},
                                            {"copy", 0xA9},
                                            {"reg", 0xAE},
                                            {"trade", 0x2122},
                                            {"euro", 0x20AC},
                                            {"pound", 0xA3},
                                            {"mdash", 0x2014},
                                            {"ndash", 0x2013},
                                            {"hellip", 0x2026},
                                            {"laquo", 0xAB},
                                            {"raquo", 0xBB}}};

// Decodes the entity at html[i] == '&'; returns the characters consumed (0 = not an entity).
std::size_t decode_entity(std::string_view html, std::size_t i, std::string& out) {
  const auto semi = html.find(';', i);
  if (semi == std::string_view::npos || semi - i > 10) return 0;
  const auto name = html.substr(i + 1, semi - i - 1);
  if (name.size() > 1 && name[0] == '#') {
    const bool hex = name[1] == 'x' || name[1] == 'X';
    const std::string digits(name.substr(hex ? 2 : 1));
    if (digits.empty()) return 0;
    char* end = nullptr;
    const auto cp = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
    if (*end != '\0') return 0;
    append_utf8(out, static_cast<std::uint32_t>(std::min<unsigned long>(cp, 0x110000)));
    return semi - i + 1;
  }
  for (const auto& e : kEntities) {
    if (e.name == name) {
      append_utf8(out, e.cp == 0xA0 ? ' ' : e.cp);  // a non-breaking space reads as a space
      return semi - i + 1;
    }
  }
  return 0;
}

bool is_block(std::string_view tag) {
  static constexpr std::array<std::string_view, 18> kBlocks{
      "p",  "div", "li", "tr",    "h1",         "h2",  "h3", "h4",    "h5",
      "h6", "ul",  "ol", "table", "blockquote", "pre", "hr", "title", "section"};
  return std::find(kBlocks.begin(), kBlocks.end(), tag) != kBlocks.end();
}

// Text assembly: collapses whitespace, and keeps at most one blank line between blocks.
class Writer {
 public:
  void text(std::string_view s) {
    for (char c : s) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        space_ = !out_.empty() && out_.back() != '\n';
      } else {
        if (space_) out_ += ' ';
        space_ = false;
        out_ += c;
      }
    }
  }
  void line_break() { newline(1); }
  void paragraph() { newline(2); }
  std::string finish() {
    while (!out_.empty() && (out_.back() == '\n' || out_.back() == ' ')) out_.pop_back();
    return out_;
  }

 private:
  void newline(int wanted) {
    space_ = false;
    while (!out_.empty() && out_.back() == ' ') out_.pop_back();
    if (out_.empty()) return;
    int have = 0;
    for (auto it = out_.rbegin(); it != out_.rend() && *it == '\n' && have < 2; ++it) ++have;
    for (; have < wanted; ++have) out_ += '\n';
  }
  std::string out_;
  bool space_ = false;
};

// The lower-cased name of the tag starting at html[i] == '<', and whether it is a closing tag.
std::string tag_name(std::string_view tag, bool& closing) {
  std::size_t j = 1;
  closing = j < tag.size() && tag[j] == '/';
  if (closing) ++j;
  const auto start = j;
  while (j < tag.size() && (std::isalnum(static_cast<unsigned char>(tag[j])))) ++j;
  return lower(tag.substr(start, j - start));
}

}  // namespace

std::string html_to_text(std::string_view html) {
  Writer w;
  std::string pending;  // text since the last tag, entities decoded
  std::size_t i = 0;
  auto flush = [&] {
    w.text(pending);
    pending.clear();
  };
  while (i < html.size()) {
    const char c = html[i];
    if (c == '&') {
      if (const auto n = decode_entity(html, i, pending)) {
        i += n;
        continue;
      }
      pending += c, ++i;
      continue;
    }
    if (c != '<') {
      pending += c, ++i;
      continue;
    }
    if (html.substr(i, 4) == "<!--") {
      const auto end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    const auto end = html.find('>', i);
    if (end == std::string_view::npos) {
      pending += html.substr(i);
      break;
    }
    bool closing = false;
    const auto name = tag_name(html.substr(i, end - i + 1), closing);
    i = end + 1;
    flush();
    if (!closing && (name == "style" || name == "script" || name == "head")) {
      const auto close = lower(html.substr(i)).find("</" + name);
      i = close == std::string::npos ? html.size() : i + close;
      continue;
    }
    if (name == "li" && !closing)
      w.line_break(), w.text("- ");
    else if (name == "br")
      w.line_break();
    else if (name == "p" || name == "blockquote" || name == "table" || name == "ul" ||
             name == "ol" ||
             (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6'))
      w.paragraph();
    else if (is_block(name))
      w.line_break();
    else if (name == "td" || name == "th")
      w.text(" ");
  }
  flush();
  return w.finish();
}

}  // namespace mailflow::mail
