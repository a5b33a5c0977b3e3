// .NET date/time format strings (see datetime_format.hpp).
#include "wdl/datetime_format.hpp"

#include "wdl/datetime_names.hpp"

#include <array>
#include <cstdio>
#include <memory>
#include <unicode/datefmt.h>
#include <unicode/dtfmtsym.h>
#include <unicode/smpdtfmt.h>
#include <vector>

namespace mailflow::wdl {
namespace {

core::Error bad(std::string m) { return core::Error(core::Code::InvalidRequest, std::move(m)); }

}  // namespace

Names english() {
  return Names{{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December"},
               {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
               {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
               {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}};
}

namespace {
std::vector<std::string> utf8_list(const icu::UnicodeString* list, int32_t n, int32_t from) {
  std::vector<std::string> out;
  for (int32_t i = from; i < n; ++i) {
    std::string s;
    list[i].toUTF8String(s);
    out.push_back(s);
  }
  return out;
}
}  // namespace


core::Result<Names> names_for(std::string_view tag) {
  std::string lower(tag);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.empty() || lower == "en-us" || lower == "en" || lower == "iv" || lower == "invariant") return english();
  UErrorCode st = U_ZERO_ERROR;
  icu::Locale loc = icu::Locale::forLanguageTag(std::string(tag), st);
  if (U_FAILURE(st) || loc.isBogus() || std::string(loc.getLanguage()).empty())
    return bad("'" + std::string(tag) + "' is not a valid locale");
  icu::DateFormatSymbols sym(loc, st);
  if (U_FAILURE(st)) return bad("no date names for locale '" + std::string(tag) + "'");
  Names n;
  int32_t count = 0;
  using S = icu::DateFormatSymbols;
  // Each getter sets `count`, so it is read only after the call returns.
  const icu::UnicodeString* list = sym.getMonths(count, S::FORMAT, S::WIDE);
  n.months = utf8_list(list, count, 0);
  list = sym.getMonths(count, S::FORMAT, S::ABBREVIATED);
  n.short_months = utf8_list(list, count, 0);
  list = sym.getWeekdays(count, S::FORMAT, S::WIDE);
  n.days = utf8_list(list, count, 1);  // ICU's index 0 is empty
  list = sym.getWeekdays(count, S::FORMAT, S::ABBREVIATED);
  n.short_days = utf8_list(list, count, 1);
  list = sym.getAmPmStrings(count);
  auto ampm = utf8_list(list, count, 0);
  if (ampm.size() == 2) {
    n.am = ampm[0];
    n.pm = ampm[1];
  }
  if (n.months.size() < 12 || n.days.size() < 7 || n.short_months.size() < 12 || n.short_days.size() < 7)
    return bad("incomplete date names for locale '" + std::string(tag) + "'");
  return n;
}

std::string_view standard_pattern(char c) {
  switch (c) {
    case 'd': return "M/d/yyyy";
    case 'D': return "dddd, MMMM d, yyyy";
    case 'f': return "dddd, MMMM d, yyyy h:mm tt";
    case 'F': case 'U': return "dddd, MMMM d, yyyy h:mm:ss tt";
    case 'g': return "M/d/yyyy h:mm tt";
    case 'G': return "M/d/yyyy h:mm:ss tt";
    case 'M': case 'm': return "MMMM d";
    case 'O': case 'o': return "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK";
    case 'R': case 'r': return "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'";
    case 's': return "yyyy'-'MM'-'dd'T'HH':'mm':'ss";
    case 't': return "h:mm tt";
    case 'T': return "h:mm:ss tt";
    case 'u': return "yyyy'-'MM'-'dd HH':'mm':'ss'Z'";
    case 'Y': case 'y': return "MMMM yyyy";
    default: return "";
  }
}

std::size_t run_length(std::string_view f, std::size_t i) {
  std::size_t n = 1;
  while (i + n < f.size() && f[i + n] == f[i]) ++n;
  return n;
}

namespace {

std::string pad(std::int64_t v, std::size_t width) {
  std::string s = std::to_string(v);
  if (s.size() < width) s.insert(0, width - s.size(), '0');
  return s;
}

core::Result<std::string> custom(const DateTime& t, std::string_view f, const Names& nm) {
  Civil c = to_civil(t.ticks);
  std::string out;
  for (std::size_t i = 0; i < f.size();) {
    char ch = f[i];
    std::size_t n = run_length(f, i);
    switch (ch) {
      case 'y':
        out += n <= 2 ? pad(c.year % 100, n) : pad(c.year, n);
        break;
      case 'M':
        out += n == 1 ? std::to_string(c.month) : n == 2 ? pad(c.month, 2)
               : n == 3 ? nm.short_months[static_cast<std::size_t>(c.month - 1)] : nm.months[static_cast<std::size_t>(c.month - 1)];
        break;
      case 'd': {
        auto dow = static_cast<std::size_t>(day_of_week(t.ticks));
        out += n == 1 ? std::to_string(c.day) : n == 2 ? pad(c.day, 2) : n == 3 ? nm.short_days[dow] : nm.days[dow];
        break;
      }
      case 'H': out += pad(c.hour, std::min<std::size_t>(n, 2)); break;
      case 'h': out += pad(c.hour % 12 == 0 ? 12 : c.hour % 12, std::min<std::size_t>(n, 2)); break;
      case 'm': out += pad(c.minute, std::min<std::size_t>(n, 2)); break;
      case 's': out += pad(c.second, std::min<std::size_t>(n, 2)); break;
      case 'f': case 'F': {
        if (n > 7) return bad("'" + std::string(n, ch) + "' has more than 7 fraction digits");
        std::string digits = pad(c.fraction, 7).substr(0, n);
        if (ch == 'F') {
          while (!digits.empty() && digits.back() == '0') digits.pop_back();
          // .NET drops the '.' before an all-zero F group too.
          if (digits.empty() && !out.empty() && out.back() == '.') out.pop_back();
        }
        out += digits;
        break;
      }
      case 't': {
        const std::string& d = c.hour < 12 ? nm.am : nm.pm;
        out += n == 1 ? d.substr(0, 1) : d;
        break;
      }
      case 'K': out += t.kind == DateTime::Kind::Utc ? "Z" : ""; n = 1; break;
      case 'z': out += n == 1 ? "+0" : n == 2 ? "+00" : "+00:00"; break;  // UTC and Azure's UTC hosts
      case 'g': out += "A.D."; break;
      case ':': case '/': out.append(n, ch); break;
      case '\'': case '"': {
        auto end = f.find(ch, i + 1);
        if (end == std::string_view::npos) return bad("format has an unterminated quote");
        out += f.substr(i + 1, end - i - 1);
        n = end - i + 1;
        break;
      }
      case '%': n = 1; break;
      case '\\':
        if (i + 1 >= f.size()) return bad("format ends with '\\'");
        out += f[i + 1];
        n = 2;
        break;
      default: out.append(n, ch); break;
    }
    i += n;
  }
  return out;
}

}  // namespace

core::Result<std::string> format_datetime(const DateTime& t, std::string_view format, std::string_view locale) {
  if (format.empty()) format = "o";
  auto nm = names_for(locale);
  if (!nm) return std::move(nm).error();
  if (format.size() == 1) {
    auto p = standard_pattern(format[0]);
    if (p.empty()) return bad("'" + std::string(format) + "' is not a valid date/time format");
    if (format[0] == 'r' || format[0] == 'R' || format[0] == 'o' || format[0] == 'O' || format[0] == 's' ||
        format[0] == 'u')
      return custom(t, p, english());  // culture-independent formats
    return custom(t, p, *nm);
  }
  return custom(t, format, *nm);
}

bool locale_day_first(std::string_view locale) {
  if (locale.empty()) return false;
  UErrorCode st = U_ZERO_ERROR;
  icu::Locale loc = icu::Locale::forLanguageTag(std::string(locale), st);
  if (U_FAILURE(st)) return false;
  std::unique_ptr<icu::DateFormat> df(icu::DateFormat::createDateInstance(icu::DateFormat::kShort, loc));
  auto* sdf = dynamic_cast<icu::SimpleDateFormat*>(df.get());
  if (!sdf) return false;
  icu::UnicodeString pat;
  sdf->toPattern(pat);
  return pat.indexOf(u'd') >= 0 && pat.indexOf(u'd') < pat.indexOf(u'M');
}

}  // namespace mailflow::wdl
