// The SMTP client's public surface in one include: settings, envelope/results, the pool,
// probe(), and the error policy (is_transient). Lower-level pieces have their own headers.
#pragma once

#include "smtp/envelope.hpp"
#include "smtp/policy.hpp"
#include "smtp/pool.hpp"
#include "smtp/reply.hpp"
#include "smtp/settings.hpp"
