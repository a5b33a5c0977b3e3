// ICU-backed zone lookup and conversion (see timezone.hpp).
#include "wdl/timezone.hpp"

#include <memory>
#include <string>
#include <unordered_map>
#include <unicode/basictz.h>
#include <unicode/timezone.h>

#include "wdl/datetime.hpp"

namespace mailflow::wdl {
namespace {

double to_udate(std::int64_t ticks) { return static_cast<double>((ticks - kUnixEpochTicks) / 10'000); }

std::unique_ptr<icu::TimeZone> make(const std::string& id) {
  return std::unique_ptr<icu::TimeZone>(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(id)));
}

}  // namespace

core::Result<Zone> find_uncached(std::string_view name);

core::Result<Zone> Zone::find(std::string_view name) {
  thread_local std::unordered_map<std::string, Zone> cache;
  std::string key(name);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  auto z = find_uncached(name);
  if (z && cache.size() < 1024) cache.emplace(std::move(key), *z);
  return z;
}

core::Result<Zone> find_uncached(std::string_view name) {
  UErrorCode st = U_ZERO_ERROR;
  icu::UnicodeString iana;
  icu::TimeZone::getIDForWindowsID(icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), static_cast<int32_t>(name.size()))),
                                   nullptr, iana, st);
  std::string id;
  if (U_SUCCESS(st) && !iana.isEmpty()) iana.toUTF8String(id);
  else id = std::string(name);
  std::shared_ptr<const icu::TimeZone> tz = make(id);
  if (!tz || *tz == icu::TimeZone::getUnknown())
    return core::Error(core::Code::InvalidRequest, "'" + std::string(name) + "' is not a known time zone");
  return Zone(std::move(id), std::move(tz));
}

std::int64_t Zone::utc_to_local(std::int64_t utc_ticks) const {
  const icu::TimeZone* tz = tz_.get();
  UErrorCode st = U_ZERO_ERROR;
  int32_t raw = 0, dst = 0;
  tz->getOffset(to_udate(utc_ticks), false, raw, dst, st);
  return utc_ticks + static_cast<std::int64_t>(raw + dst) * 10'000;
}

std::int64_t Zone::local_to_utc(std::int64_t local_ticks) const {
  const icu::TimeZone* tz = tz_.get();
  UErrorCode st = U_ZERO_ERROR;
  int32_t raw = 0, dst = 0;
  if (auto* btz = dynamic_cast<const icu::BasicTimeZone*>(tz))
    btz->getOffsetFromLocal(to_udate(local_ticks), UCAL_TZ_LOCAL_STANDARD_FORMER, UCAL_TZ_LOCAL_STANDARD_LATTER, raw, dst, st);
  else
    tz->getOffset(to_udate(local_ticks), true, raw, dst, st);
  return local_ticks - static_cast<std::int64_t>(raw + dst) * 10'000;
}

}  // namespace mailflow::wdl
