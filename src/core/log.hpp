// Logging set-up: one spdlog logger, level from configuration, request ids passed explicitly.
// Never log a secret: credentials are redacted before they reach a log call.
#pragma once

#include <spdlog/spdlog.h>

#include <string_view>

namespace mailflow::core {
void init_logging(std::string_view level);  // "trace".."off"; unknown → "info"
}  // namespace mailflow::core
