// The mail layer in one include: addresses, the message model, the connector-JSON mapping,
// MIME composition and the SMTP envelope.
#pragma once

#include "mail/address.hpp"
#include "mail/compose.hpp"
#include "mail/connector_json.hpp"
#include "mail/envelope.hpp"
#include "mail/message.hpp"
