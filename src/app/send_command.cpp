// `mailflow send`: builds a SendEmailV2 body from flags and files and posts it.
#include <sodium.h>

#include <CLI/CLI.hpp>
#include <boost/json/array.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/api_client.hpp"
#include "app/client_commands.hpp"

namespace mailflow::app {
namespace json = boost::json;
namespace {
struct SendOptions {
  ClientOptions client;
  std::string connection, from, to, cc, bcc, subject, body, body_file, importance = "Normal";
  bool html = false, async = false;
  std::string idempotency_key;
  std::vector<std::string> attach, inline_parts;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CLI::ValidationError("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string base64(const std::string& raw) {
  std::string out(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), sodium_base64_VARIANT_ORIGINAL);
  out.pop_back();  // NUL
  return out;
}

std::string content_type_of(const std::filesystem::path& p) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".txt", "text/plain"}, {".html", "text/html"}, {".htm", "text/html"},
      {".csv", "text/csv"}, {".json", "application/json"}, {".pdf", "application/pdf"},
      {".png", "image/png"}, {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"},
      {".gif", "image/gif"}, {".svg", "image/svg+xml"}, {".zip", "application/zip"}};
  auto ext = p.extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& [e, t] : kTypes)
    if (ext == e) return t;
  return "application/octet-stream";
}

json::object attachment(const std::string& path, const std::string& cid) {
  std::filesystem::path p(path);
  json::object a{{"FileName", p.filename().string()},
                 {"ContentType", content_type_of(p)},
                 {"ContentData", base64(read_file(path))}};
  if (!cid.empty()) a["ContentId"] = cid;
  return a;
}

void run_send(const SendOptions& o) {
  json::object body{{"From", o.from}, {"To", o.to}, {"Subject", o.subject},
                    {"IsHtml", o.html}, {"Importance", o.importance}};
  if (!o.cc.empty()) body["CC"] = o.cc;
  if (!o.bcc.empty()) body["Bcc"] = o.bcc;
  body["Body"] = o.body_file.empty() ? o.body : read_file(o.body_file);
  json::array atts;
  for (const auto& f : o.attach) atts.emplace_back(attachment(f, ""));
  for (const auto& spec : o.inline_parts) {
    auto colon = spec.rfind(':');
    if (colon == std::string::npos) throw CLI::ValidationError("--inline takes FILE:CID");
    atts.emplace_back(attachment(spec.substr(0, colon), spec.substr(colon + 1)));
  }
  if (!atts.empty()) body["Attachments"] = std::move(atts);
  json::value v = std::move(body);
  std::vector<std::string> headers;
  if (o.async) headers.push_back("Prefer: respond-async");
  if (!o.idempotency_key.empty()) headers.push_back("Idempotency-Key: " + o.idempotency_key);
  auto r = call_api(o.client, "POST", "/apim/smtp/" + o.connection + "/SendEmailV2", &v, headers);
  print_json(r.body);
}
}  // namespace

void register_send_command(CLI::App& app) {
  auto o = std::make_shared<SendOptions>();
  auto* cmd = app.add_subcommand("send", "Send one email through a connection (synchronously)");
  add_client_options(*cmd, o->client);
  cmd->add_option("--connection", o->connection, "connection name")->required();
  cmd->add_option("--from", o->from, "sender address")->required();
  cmd->add_option("--to", o->to, "recipients, separated by ';' or ','")->required();
  cmd->add_option("--cc", o->cc, "copy recipients");
  cmd->add_option("--bcc", o->bcc, "blind copy recipients (envelope only)");
  cmd->add_option("--subject", o->subject, "subject");
  auto* body = cmd->add_option("--body", o->body, "body text");
  cmd->add_option("--body-file", o->body_file, "read the body from a file")->excludes(body);
  cmd->add_flag("--html", o->html, "the body is HTML");
  cmd->add_option("--importance", o->importance, "High, Normal or Low")->check(CLI::IsMember({"High", "Normal", "Low"}, CLI::ignore_case));
  cmd->add_option("--attach", o->attach, "attach a file (repeatable)");
  cmd->add_flag("--async", o->async, "queue it in the outbox (202) instead of waiting for the SMTP server");
  cmd->add_option("--idempotency-key", o->idempotency_key, "repeat-safe: the same key and message send once");
  cmd->add_option("--inline", o->inline_parts, "inline part FILE:CID, referenced as cid:CID (repeatable)");
  cmd->callback([o] { run_send(*o); });
}

}  // namespace mailflow::app
