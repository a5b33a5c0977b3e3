#include "outbox/outcome.hpp"

#include <map>

#include "smtp/policy.hpp"

namespace mailflow::outbox {
namespace {
bool is_done(const std::string& status) { return status == "sent" || status == "failed"; }

void set_reply(store::RecipientState& r, const std::string& status, int code,
               const std::string& enhanced, const std::string& text) {
  r.status = status;
  r.reply = code;
  r.enhanced = enhanced;
  r.text = text;
}

// A successful session: every due recipient was accepted or refused on its own.
void apply_result(const smtp::SendResult& res, std::vector<store::RecipientState>& rs,
                  store::AttemptRecord& a) {
  std::map<std::string, const smtp::Reply*> refused;
  for (const auto& x : res.rejected) refused[x.address] = &x.reply;
  int sent = 0, deferred = 0, failed = 0;
  for (auto& r : rs) {
    if (is_done(r.status)) continue;
    if (auto it = refused.find(r.address); it != refused.end()) {
      const smtp::Reply& rep = *it->second;
      const bool soft = rep.klass() == 4;
      set_reply(r, soft ? "deferred" : "failed", rep.code, rep.enhanced, rep.text());
      ++(soft ? deferred : failed);
    } else {
      set_reply(r, "sent", res.final_reply.code, res.final_reply.enhanced, res.final_reply.text());
      ++sent;
    }
  }
  const smtp::Reply& shown = sent > 0 || res.rejected.empty() ? res.final_reply : res.rejected.front().reply;
  a.stage = sent > 0 ? "DATA" : "RCPT";
  a.reply = shown.code;
  a.enhanced = shown.enhanced;
  a.text = shown.text();
  a.result = failed + deferred == 0 ? "sent" : sent > 0 ? "partial" : deferred > 0 ? "deferred" : "failed";
  if (sent == 0) {
    a.error = "every recipient was refused";
    a.code = "SmtpRejected";
  }
  else if (failed + deferred > 0) a.error = "some recipients were refused";
}

// A failed session: nothing was accepted; every due recipient shares the outcome.
void apply_error(const core::Error& e, std::vector<store::RecipientState>& rs, store::AttemptRecord& a) {
  const bool soft = smtp::is_transient(e);
  const auto detail = e.smtp.value_or(core::SmtpDetail{});
  for (auto& r : rs)
    if (!is_done(r.status)) set_reply(r, soft ? "deferred" : "failed", detail.reply, detail.enhanced, detail.text);
  a.result = soft ? "deferred" : "failed";
  a.stage = detail.stage;
  a.reply = detail.reply;
  a.enhanced = detail.enhanced;
  a.text = detail.text;
  a.error = e.message;
  a.code = std::string(core::code_name(e.code));
}
}  // namespace

std::vector<std::string> due_recipients(const store::MessageRecord& m) {
  std::vector<std::string> out;
  for (const auto& r : m.recipients)
    if (!is_done(r.status)) out.push_back(r.address);
  return out;
}

store::FinishAttempt decide(const AttemptInput& in, const std::string& owner) {
  store::FinishAttempt f;
  f.id = in.message.id;
  f.owner = owner;
  f.recipients = in.message.recipients;
  f.attempt.at_ms = in.started_ms;
  f.attempt.duration_ms = in.now_ms - in.started_ms;
  if (in.result) apply_result(*in.result, f.recipients, f.attempt);
  else apply_error(in.result.error(), f.recipients, f.attempt);

  bool any_sent = false, any_deferred = false;
  for (const auto& r : f.recipients) {
    any_sent |= r.status == "sent";
    any_deferred |= r.status == "deferred";
  }
  if (any_deferred) {
    auto next = in.schedule.next_attempt_ms(in.attempt_number, in.now_ms, in.message.expires_ms,
                                            in.jitter_unit);
    if (next) {
      f.status = "retrying";
      f.next_attempt_ms = *next;
      return f;
    }
    for (auto& r : f.recipients)
      if (r.status == "deferred") r.status = "expired";
    f.status = any_sent ? "sent" : "expired";
    return f;
  }
  f.status = any_sent ? "sent" : "failed";
  return f;
}

}  // namespace mailflow::outbox
