// The Logic Apps SMTP connector's request bodies → EmailMessage.
// V1/V2/V3 (managed connector, PascalCase) and the built-in connector's lowerCamel parameters
// fill the same model; field names match in any case. Every bad input is an Error whose .field
// is the JSON path ("Attachments[1].ContentData") and whose message says what is wrong.
//
// Field rules (reference/logic-apps-smtp.md):
//  - From and To are required (missing, null or "" → InvalidRequest); CC, Bcc optional.
//  - Subject/Body: strings (null = empty). CR/LF in Subject → HeaderInjection.
//  - IsHtml (V1/V2, built-in isHTML): bool or "true"/"false"; absent → false (the body is text,
//    as in the .NET mail API the connector is built on). V3 always sends HTML; it has no IsHtml.
//  - Importance: Normal|Low|High in any case; absent, null or "" → Normal; anything else →
//  InvalidRequest.
//  - ReadReceipt/DeliveryReceipt: one address each; "" = none.
//  - Attachments[] (built-in: attachment[]): FileName, ContentId, ContentType (required),
//    ContentData (required; see content_data.hpp for base64 vs as-is), V1 ContentTransferEncoding
//    base64|none. ContentData may also be {"$content-type": ..., "$content": "<base64>"}.
//  - Fields the connector does not define are ignored, as Azure does.
#pragma once

#include <boost/json/value.hpp>
#include <cstddef>

#include "core/error.hpp"
#include "mail/message.hpp"

namespace mailflow::mail {

enum class Operation { SendEmailV1, SendEmailV2, SendEmailV3, BuiltInSendEmail };

struct Limits {
  std::size_t max_recipients = 500;  // To + CC + Bcc, before deduplication
  std::size_t max_attachments = 100;
  std::size_t max_attachment_bytes = 25u << 20;  // each attachment, decoded
  std::size_t max_subject_bytes = 16384;
  std::size_t max_content_id_bytes = 256;  // a Content-ID must fit on one header line
};

// Errors: InvalidRequest (types, missing fields, bad values), InvalidAddress, HeaderInjection,
// InvalidBase64, TooManyRecipients, PayloadTooLarge (an attachment over max_attachment_bytes).
core::Result<EmailMessage> from_connector_json(const boost::json::value& body, Operation op,
                                               const Limits& limits);

}  // namespace mailflow::mail
