// Response (schema reference, "Response action"): the answer to a Request trigger's caller.
//   response({statusCode, headers, body}) → outputs {"statusCode": int, "headers": {name: string},
//     "body": body}. statusCode is an integer or a string of one, default 200, from 100 to 599;
//     header values are rendered as text (string()); a header name or value with CR/LF fails (it
//     would split the HTTP answer).
//   http_answer(outputs) turns those outputs into what the HTTP layer writes: JSON text for
//     objects, arrays, numbers and booleans (application/json), a string as it is (text/plain),
//     a binary value {"$content-type", "$content": base64} as its bytes, null as no body; a
//     Content-Type header, when given, wins and is moved out of `headers` into `content_type`.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <utility>
#include <vector>

#include "workflow/action_result.hpp"

namespace mailflow::workflow::actions {

ActionResult response(const boost::json::value& inputs);

struct HttpAnswer {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // without Content-Type
  std::string content_type;                                  // empty when there is no body
  std::string body;                                          // bytes
};

// `outputs` is a Succeeded response()'s outputs.
HttpAnswer http_answer(const boost::json::value& outputs);

}  // namespace mailflow::workflow::actions
