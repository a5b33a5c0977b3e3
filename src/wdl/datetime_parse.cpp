// parseDateTime with a .NET custom format: the inverse of datetime_format.cpp for the specifiers
// that carry a value (y M d H h m s f F t K z), literals, quotes and '\' escapes.
#include <cctype>

#include "wdl/datetime_format.hpp"
#include "wdl/datetime_names.hpp"

namespace mailflow::wdl {
namespace {

core::Error bad(std::string m) { return core::Error(core::Code::InvalidRequest, std::move(m)); }

// Walks the text while the format is walked; each reader returns false on a mismatch.
class Reader {
 public:
  Reader(std::string_view text, const Names& names) : text_(text), names_(names) {}

  bool field(char ch, std::size_t n, Civil& c) {
    switch (ch) {
      case 'y': return year(n, c);
      case 'M': return n <= 2 ? number(n, 2, c.month) : name(n == 3 ? names_.short_months : names_.months, c.month, 1);
      case 'd': {
        int ignored = 0;
        return n <= 2 ? number(n, 2, c.day) : name(n == 3 ? names_.short_days : names_.days, ignored, 0);
      }
      case 'H': case 'h': return number(n, 2, c.hour);
      case 'm': return number(n, 2, c.minute);
      case 's': return number(n, 2, c.second);
      case 'f': case 'F': return fraction(ch == 'f' ? n : 0, n, c);
      case 't': return ampm(n);
      case 'K': case 'z': utc_ = eat("Z"); return true;
      default: return literal(std::string(n, ch));
    }
  }
  bool literal(std::string_view s) { return eat(s); }
  bool done() const { return j_ == text_.size(); }
  bool utc() const { return utc_; }
  void apply_ampm(Civil& c) const {
    if (has_ampm_) c.hour = c.hour % 12 + (pm_ ? 12 : 0);
  }

 private:
  bool eat(std::string_view s) {
    if (s.empty() || text_.substr(j_, s.size()) != s) return false;
    j_ += s.size();
    return true;
  }
  bool number(std::size_t min, std::size_t max, int& out) {
    int v = 0;
    std::size_t k = 0;
    for (; k < max && j_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[j_])); ++k, ++j_)
      v = v * 10 + (text_[j_] - '0');
    out = v;
    return k >= min;
  }
  bool year(std::size_t n, Civil& c) {
    int v = 0;
    if (!number(n <= 2 ? n : 4, n <= 2 ? 2 : std::max<std::size_t>(n, 4), v)) return false;
    c.year = n <= 2 ? 2000 + v - (v > 49 ? 100 : 0) : v;  // .NET's two-digit year window
    return true;
  }
  bool name(const std::vector<std::string>& list, int& out, int base) {
    for (std::size_t k = 0; k < list.size(); ++k)
      if (eat(list[k])) {
        out = static_cast<int>(k) + base;
        return true;
      }
    return false;
  }
  bool fraction(std::size_t min, std::size_t max, Civil& c) {
    std::size_t start = j_;
    int v = 0;
    if (!number(min, max, v)) return false;
    c.fraction = v;
    for (std::size_t k = j_ - start; k < 7; ++k) c.fraction *= 10;
    return true;
  }
  bool ampm(std::size_t n) {
    has_ampm_ = true;
    std::string_view am = names_.am, pm = names_.pm;
    if (n == 1) {
      am = am.substr(0, 1);
      pm = pm.substr(0, 1);
    }
    if (eat(pm)) return pm_ = true;
    return eat(am);
  }

  std::string_view text_;
  const Names& names_;
  std::size_t j_ = 0;
  bool utc_ = false, has_ampm_ = false, pm_ = false;
};

}  // namespace

core::Result<DateTime> parse_with_format(std::string_view text, std::string_view f, std::string_view locale) {
  auto nm = names_for(locale);
  if (!nm) return std::move(nm).error();
  if (f.size() == 1) {
    char letter = f[0];
    f = standard_pattern(letter);
    if (f.empty()) return bad("'" + std::string(1, letter) + "' is not a valid date/time format");
  }
  auto mismatch = [&] { return bad("'" + std::string(text) + "' does not match the format '" + std::string(f) + "'"); };
  Reader r(text, *nm);
  Civil c;
  for (std::size_t i = 0; i < f.size();) {
    char ch = f[i];
    std::size_t n = run_length(f, i);
    bool ok = true;
    if (ch == '\'' || ch == '"') {
      auto end = f.find(ch, i + 1);
      if (end == std::string_view::npos) return bad("format has an unterminated quote");
      ok = end == i + 1 || r.literal(f.substr(i + 1, end - i - 1));
      n = end - i + 1;
    } else if (ch == '\\') {
      if (i + 1 >= f.size()) return bad("format ends with '\\'");
      ok = r.literal(f.substr(i + 1, 1));
      n = 2;
    } else if (ch == '%') {
      n = 1;
    } else {
      if (ch == 'K') n = 1;
      ok = r.field(ch, n, c);
    }
    if (!ok) return mismatch();
    i += n;
  }
  if (!r.done()) return mismatch();
  r.apply_ampm(c);
  auto ticks = from_civil(c);
  if (!ticks) return bad("'" + std::string(text) + "' is not a valid date");
  return DateTime{*ticks, r.utc() ? DateTime::Kind::Utc : DateTime::Kind::Unspecified};
}

}  // namespace mailflow::wdl
