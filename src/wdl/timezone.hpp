// Time-zone conversion for convertTimeZone/convertFromUtc/convertToUtc through ICU: a Windows
// zone name ("Pacific Standard Time", as the reference uses) is mapped to its IANA zone with
// icu::TimeZone::getIDForWindowsID; an IANA name ("Europe/Paris") is accepted too.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <optional>
#include <string_view>
#include <unicode/timezone.h>

#include "core/error.hpp"

namespace mailflow::wdl {

// Lookups are cached per thread (name → ICU zone), so a workflow converting many timestamps
// pays for the zone once.
class Zone {
 public:
  static core::Result<Zone> find(std::string_view name);
  // Local wall-clock ticks for a UTC instant, and the UTC instant of a local wall-clock time
  // (a time skipped by a DST change moves forward; an ambiguous one is taken as standard time).
  std::int64_t utc_to_local(std::int64_t utc_ticks) const;
  std::int64_t local_to_utc(std::int64_t local_ticks) const;
  const std::string& id() const { return id_; }

 private:
  friend core::Result<Zone> find_uncached(std::string_view name);
  Zone(std::string id, std::shared_ptr<const icu::TimeZone> tz) : id_(std::move(id)), tz_(std::move(tz)) {}
  std::string id_;
  std::shared_ptr<const icu::TimeZone> tz_;
};

}  // namespace mailflow::wdl
