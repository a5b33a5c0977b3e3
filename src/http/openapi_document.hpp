// The OpenAPI document (src/http/openapi.json), embedded into the binary by CMake.
#pragma once

#include <string_view>

namespace mailflow::http {
std::string_view openapi_document();
}  // namespace mailflow::http
