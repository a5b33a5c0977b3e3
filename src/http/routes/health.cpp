// /healthz (the process answers) and /readyz (the store is writable and the outbox
// dispatcher comes round).
#include "asio/offload.hpp"
#include "http/router.hpp"
#include "http/services.hpp"

namespace mailflow::http {

void add_health_routes(Router& r, Services& s) {
  r.add("GET", "/healthz", Scope::Public, [](Request&) -> boost::asio::awaitable<Response> {
    co_return json_response(200, {{"status", "ok"}});
  });
  r.add("GET", "/readyz", Scope::Public, [&s](Request&) -> boost::asio::awaitable<Response> {
    auto ok_op = offload(s.blocking, [&s] { return s.store.check_writable(); });
    auto ok = co_await std::move(ok_op);
    if (!ok)
      co_return error_response(core::Error(core::Code::Unavailable,
                                           "the store is not writable: " + ok.error().message));
    if (!s.outbox.healthy())
      co_return error_response(core::Error(core::Code::Unavailable,
                                           "the outbox dispatcher is not running or has not come round "
                                           "for a long time (see the log)"));
    co_return json_response(200, {{"status", "ready"}});
  });
}

}  // namespace mailflow::http
