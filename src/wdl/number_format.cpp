// .NET numeric format strings over ICU's culture data (see number_format.hpp).
#include "wdl/number_format.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <memory>
#include <unicode/dcfmtsym.h>
#include <unicode/numfmt.h>

#include "wdl/value.hpp"

namespace mailflow::wdl {
namespace {

core::Error bad(std::string m) { return core::Error(core::Code::InvalidRequest, std::move(m)); }

struct Culture {
  icu::Locale locale;
  std::string decimal = ".";
  std::string group = ",";
  std::string minus = "-";
};

core::Result<Culture> culture(std::string_view tag) {
  UErrorCode st = U_ZERO_ERROR;
  Culture c{icu::Locale::forLanguageTag(tag.empty() ? "en-US" : std::string(tag), st)};
  if (U_FAILURE(st) || c.locale.isBogus() || std::string(c.locale.getLanguage()).empty())
    return bad("'" + std::string(tag) + "' is not a valid locale");
  icu::DecimalFormatSymbols sym(c.locale, st);
  if (U_FAILURE(st)) return bad("no number symbols for locale '" + std::string(tag) + "'");
  c.decimal.clear();
  c.group.clear();
  sym.getSymbol(icu::DecimalFormatSymbols::kDecimalSeparatorSymbol).toUTF8String(c.decimal);
  sym.getSymbol(icu::DecimalFormatSymbols::kGroupingSeparatorSymbol).toUTF8String(c.group);
  return c;
}

// Fixed-point digits of |n| rounded to `frac` places: {integer digits, fraction digits}.
std::pair<std::string, std::string> fixed_digits(double n, int frac) {
  int len = std::snprintf(nullptr, 0, "%.*f", frac, std::fabs(n));
  std::string s(static_cast<std::size_t>(len > 0 ? len : 0) + 1, '\0');
  std::snprintf(s.data(), s.size(), "%.*f", frac, std::fabs(n));
  s.pop_back();
  auto dot = s.find('.');
  if (dot == std::string::npos) return {s, ""};
  return {s.substr(0, dot), s.substr(dot + 1)};
}

std::string group_digits(const std::string& digits, const std::string& sep) {
  std::string out;
  std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[i];
    std::size_t left = n - 1 - i;
    if (left > 0 && left % 3 == 0) out += sep;
  }
  return out;
}

std::string icu_format(icu::NumberFormat* f, double n, int frac) {
  f->setMinimumFractionDigits(frac);
  f->setMaximumFractionDigits(frac);
  icu::UnicodeString u;
  f->format(n, u);
  // ICU writes a no-break space between number and symbol; the reference's examples
  // ("17,35 kr.") show a plain one, as .NET's own culture data has.
  u.findAndReplace(icu::UnicodeString(static_cast<UChar>(0x00A0)), icu::UnicodeString(" "));
  u.findAndReplace(icu::UnicodeString(static_cast<UChar>(0x202F)), icu::UnicodeString(" "));
  std::string out;
  u.toUTF8String(out);
  return out;
}

core::Result<std::string> standard(const boost::json::value& orig, double n, char f, int prec,
                                   bool has_prec, const Culture& c) {
  std::string sign = (n < 0) ? c.minus : "";
  UErrorCode st = U_ZERO_ERROR;
  switch (f) {
    case 'C': {
      std::unique_ptr<icu::NumberFormat> nf(icu::NumberFormat::createCurrencyInstance(c.locale, st));
      if (U_FAILURE(st)) return bad("no currency format for the locale");
      return icu_format(nf.get(), n, has_prec ? prec : 2);
    }
    case 'P': {
      std::unique_ptr<icu::NumberFormat> nf(icu::NumberFormat::createPercentInstance(c.locale, st));
      if (U_FAILURE(st)) return bad("no percent format for the locale");
      return icu_format(nf.get(), n, has_prec ? prec : 2);
    }
    case 'D': case 'X': {
      if (!is_integer(orig)) return bad(std::string("format '") + f + "' needs an integer");
      std::int64_t v = integer_of(orig);
      char buf[64];
      if (f == 'X') std::snprintf(buf, sizeof buf, "%llX", static_cast<unsigned long long>(v));
      else std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(v < 0 ? -(v + 1) + 1ULL : v));
      std::string d(buf);
      if (static_cast<int>(d.size()) < prec) d.insert(0, static_cast<std::size_t>(prec) - d.size(), '0');
      return (f == 'D' && v < 0 ? c.minus : "") + d;
    }
    case 'F': case 'N': {
      auto [i, fr] = fixed_digits(n, has_prec ? prec : 2);
      if (f == 'N') i = group_digits(i, c.group);
      bool zero = i.find_first_not_of("0,. ") == std::string::npos && fr.find_first_not_of('0') == std::string::npos;
      return (zero ? "" : sign) + i + (fr.empty() ? "" : c.decimal + fr);
    }
    case 'E': {
      char buf[128];
      std::snprintf(buf, sizeof buf, "%.*E", has_prec ? prec : 6, n);
      std::string s(buf);  // d.dddE+dd → .NET wants at least three exponent digits
      auto e = s.find('E');
      std::string mant = s.substr(0, e), exp = s.substr(e + 2);
      while (exp.size() < 3) exp.insert(0, "0");
      if (auto dot = mant.find('.'); dot != std::string::npos) mant.replace(dot, 1, c.decimal);
      return mant + "E" + s[e + 1] + exp;
    }
    case 'G': case 'R': {
      std::string s = is_integer(orig) ? std::to_string(integer_of(orig)) : format_double(n);
      if (auto dot = s.find('.'); dot != std::string::npos) s.replace(dot, 1, c.decimal);
      return s;
    }
    default: return bad(std::string("'") + f + "' is not a standard numeric format");
  }
}

struct Section {
  std::string pattern;
};

// Custom pattern: digit placeholders 0 and #, '.', ',' (grouping, or scaling by 1000 just before
// the point), '%' (×100), literals in quotes or after '\'.
std::string custom(double n, const std::string& pat, const Culture& c, bool with_sign) {
  // First pass: analyse the pattern.
  bool in_frac = false, grouping = false, percent = false;
  int min_int = 0, min_frac = 0, max_frac = 0, scale = 0;
  bool seen_digit = false, int_zero = false;
  std::size_t first_ph = std::string::npos, last_ph = 0;
  for (std::size_t i = 0; i < pat.size(); ++i) {
    char ch = pat[i];
    if (ch == '\\') { ++i; continue; }
    if (ch == '\'' || ch == '"') { i = pat.find(ch, i + 1); if (i == std::string::npos) break; continue; }
    if (ch == '0' || ch == '#') {
      if (first_ph == std::string::npos) first_ph = i;
      last_ph = i;
      if (in_frac) { ++max_frac; if (ch == '0') min_frac = max_frac; }
      else { if (ch == '0') int_zero = true; if (int_zero) ++min_int; }
      seen_digit = true;
      scale = 0;
    } else if (ch == '.' && !in_frac) {
      in_frac = true;
      if (first_ph == std::string::npos) first_ph = i;
      last_ph = i;
    } else if (ch == ',' && !in_frac && seen_digit) {
      ++scale;
      std::size_t j = i + 1;
      if (j < pat.size() && (pat[j] == '0' || pat[j] == '#')) { grouping = true; scale = 0; }
    } else if (ch == '%') {
      percent = true;
    }
  }
  double v = n;
  if (percent) v *= 100;
  for (int k = 0; k < scale; ++k) v /= 1000;
  auto [idig, fdig] = fixed_digits(v, max_frac);
  while (static_cast<int>(fdig.size()) > min_frac && !fdig.empty() && fdig.back() == '0') fdig.pop_back();
  if (idig == "0" && min_int == 0) idig.clear();
  while (static_cast<int>(idig.size()) < min_int) idig.insert(0, "0");
  bool is_zero = idig.find_first_not_of('0') == std::string::npos && fdig.find_first_not_of('0') == std::string::npos;
  std::string number = grouping ? group_digits(idig, c.group) : idig;
  if (!fdig.empty()) number += c.decimal + fdig;
  // Second pass: literals before and after the number, in place.
  std::string out;
  if (with_sign && v < 0 && !is_zero) out += c.minus;
  bool placed = false;
  for (std::size_t i = 0; i < pat.size(); ++i) {
    char ch = pat[i];
    if (ch == '\\') { if (i + 1 < pat.size()) out += pat[++i]; continue; }
    if (ch == '\'' || ch == '"') {
      auto j = pat.find(ch, i + 1);
      out += pat.substr(i + 1, (j == std::string::npos ? pat.size() : j) - i - 1);
      if (j == std::string::npos) break;
      i = j;
      continue;
    }
    if (first_ph != std::string::npos && i >= first_ph && i <= last_ph) {
      if (!placed) out += number;
      placed = true;
      if (ch == '0' || ch == '#' || ch == '.' || ch == ',') continue;
    }
    if (ch == ',' ) continue;
    if (ch == '%') { out += '%'; continue; }
    if (ch == '0' || ch == '#' || ch == '.') continue;
    out += ch;
  }
  if (!placed) out += number;
  return out;
}

std::vector<std::string> split_sections(std::string_view f) {
  std::vector<std::string> out(1);
  for (std::size_t i = 0; i < f.size(); ++i) {
    char ch = f[i];
    if (ch == '\\' && i + 1 < f.size()) { out.back() += ch; out.back() += f[++i]; continue; }
    if (ch == '\'' || ch == '"') {
      auto j = f.find(ch, i + 1);
      if (j == std::string_view::npos) j = f.size() - 1;
      out.back() += f.substr(i, j - i + 1);
      i = j;
      continue;
    }
    if (ch == ';') { out.emplace_back(); continue; }
    out.back() += ch;
  }
  return out;
}

}  // namespace

core::Result<std::string> format_number(const boost::json::value& orig, double n, std::string_view fmt,
                                        std::string_view locale) {
  auto c = culture(locale);
  if (!c) return std::move(c).error();
  if (!std::isfinite(n)) return std::string(n != n ? "NaN" : (n > 0 ? "∞" : "-∞"));
  if (fmt.empty()) fmt = "G";
  // A letter plus up to two digits is a standard format (as .NET decides).
  if (std::isalpha(static_cast<unsigned char>(fmt[0])) && fmt.size() <= 3 &&
      fmt.find_first_not_of("0123456789", 1) == std::string_view::npos) {
    int prec = fmt.size() > 1 ? std::stoi(std::string(fmt.substr(1))) : 0;
    char f = static_cast<char>(std::toupper(static_cast<unsigned char>(fmt[0])));
    auto r = standard(orig, n, f, prec, fmt.size() > 1, *c);
    if (r && fmt[0] == 'x') for (auto& ch : r.value()) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (r && fmt[0] == 'e') for (auto& ch : r.value()) if (ch == 'E') ch = 'e';
    return r;
  }
  auto sections = split_sections(fmt);
  if (n < 0 && sections.size() >= 2 && !sections[1].empty()) return custom(-n, sections[1], *c, false);
  if (n == 0 && sections.size() >= 3 && !sections[2].empty()) return custom(n, sections[2], *c, false);
  return custom(n, sections[0], *c, true);
}

std::optional<double> parse_culture_number(std::string_view text, std::string_view locale) {
  auto c = culture(locale);
  if (!c) return std::nullopt;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  std::string plain;
  bool seen_decimal = false;
  for (std::size_t i = 0; i < text.size();) {
    std::string_view rest = text.substr(i);
    if (!seen_decimal && rest.substr(0, c->group.size()) == c->group) {
      i += c->group.size();
      continue;
    }
    if (rest.substr(0, c->decimal.size()) == c->decimal) {
      plain += '.';
      seen_decimal = true;
      i += c->decimal.size();
      continue;
    }
    plain += text[i++];
  }
  const char* b = plain.data() + (!plain.empty() && plain[0] == '+' ? 1 : 0);
  const char* e = plain.data() + plain.size();
  double d = 0;
  auto r = std::from_chars(b, e, d);
  if (plain.empty() || r.ec != std::errc() || r.ptr != e) return std::nullopt;
  return d;
}

}  // namespace mailflow::wdl
