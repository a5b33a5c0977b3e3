// ICU-backed zone lookup and conversion (see timezone.hpp).
#include "wdl/timezone.hpp"

#include <memory>
#include <string>
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

core::Result<Zone> Zone::find(std::string_view name) {
  UErrorCode st = U_ZERO_ERROR;
  icu::UnicodeString iana;
  icu::TimeZone::getIDForWindowsID(icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), static_cast<int32_t>(name.size()))),
                                   nullptr, iana, st);
  Zone z;
  if (U_SUCCESS(st) && !iana.isEmpty()) {
    iana.toUTF8String(z.id_);
    return z;
  }
  z.id_ = std::string(name);
  auto tz = make(z.id_);
  if (!tz || *tz == icu::TimeZone::getUnknown())
    return core::Error(core::Code::InvalidRequest, "'" + std::string(name) + "' is not a known time zone");
  return z;
}

std::int64_t Zone::utc_to_local(std::int64_t utc_ticks) const {
  auto tz = make(id_);
  UErrorCode st = U_ZERO_ERROR;
  int32_t raw = 0, dst = 0;
  tz->getOffset(to_udate(utc_ticks), false, raw, dst, st);
  return utc_ticks + static_cast<std::int64_t>(raw + dst) * 10'000;
}

std::int64_t Zone::local_to_utc(std::int64_t local_ticks) const {
  auto tz = make(id_);
  UErrorCode st = U_ZERO_ERROR;
  int32_t raw = 0, dst = 0;
  if (auto* btz = dynamic_cast<icu::BasicTimeZone*>(tz.get()))
    btz->getOffsetFromLocal(to_udate(local_ticks), UCAL_TZ_LOCAL_STANDARD_FORMER, UCAL_TZ_LOCAL_STANDARD_LATTER, raw, dst, st);
  else
    tz->getOffset(to_udate(local_ticks), true, raw, dst, st);
  return local_ticks - static_cast<std::int64_t>(raw + dst) * 10'000;
}

}  // namespace mailflow::wdl
