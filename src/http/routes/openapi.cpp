// GET /openapi.json: the OpenAPI 3.1 document kept in src/http/openapi.json, embedded at build time.
#include "http/openapi_document.hpp"
#include "http/router.hpp"
#include "http/services.hpp"

namespace mailflow::http {

void add_openapi_route(Router& r) {
  r.add("GET", "/openapi.json", Scope::Public, [](Request&) -> boost::asio::awaitable<Response> {
    Response resp;
    resp.body = std::string(openapi_document());
    co_return resp;
  });
}

}  // namespace mailflow::http
