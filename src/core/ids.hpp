// Identifiers: ULIDs (time-ordered, 26 Crockford base32 characters) for messages, runs and keys,
// and random secrets. Randomness comes from libsodium (the OS CSPRNG).
#pragma once

#include <cstddef>
#include <string>

namespace mailflow::core {
std::string new_ulid();                     // "01J9Z7X4Q8M3K2N5P6R7S8T9VW"
std::string random_token(std::size_t bytes);  // URL-safe base64, no padding
}  // namespace mailflow::core
