#include "core/log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace mailflow::core {
void init_logging(std::string_view level) {
  auto logger = spdlog::stderr_color_mt("mailflow");
  auto lvl = spdlog::level::from_str(std::string(level));
  if (lvl == spdlog::level::off && level != "off") lvl = spdlog::level::info;
  logger->set_level(lvl);
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
  spdlog::set_default_logger(logger);
}
}  // namespace mailflow::core
