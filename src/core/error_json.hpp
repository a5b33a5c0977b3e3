// The JSON shape of an Error, the same for every route:
// {"error": {"status", "code", "message", "field"?, "smtp"?: {"stage", "reply", "enhanced", "text", "mailbox"?}}}
#pragma once

#include <boost/json/object.hpp>

#include "core/error.hpp"

namespace mailflow::core {
boost::json::object to_json(const Error& e);
boost::json::object to_json(const SmtpDetail& d);
}  // namespace mailflow::core
