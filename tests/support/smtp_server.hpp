// Test helpers: a real aiosmtpd server (tests/support/smtp_server.py) run as a child process
// for the lifetime of a SmtpServer object, a temporary directory, and a test CA + server
// certificate made by tests/support/make_certs.sh. The constructor returns once the server
// printed READY <port>; the destructor stops it (SIGTERM) and removes its maildir.
#pragma once

#include <sys/types.h>

#include <boost/json/value.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace mailflow::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// ca.pem (the trust anchor to give as caFile), server.pem, server.key for localhost/127.0.0.1.
class TestCerts {
 public:
  TestCerts();
  std::filesystem::path ca() const { return dir_.path() / "ca.pem"; }
  std::filesystem::path cert() const { return dir_.path() / "server.pem"; }
  std::filesystem::path key() const { return dir_.path() / "server.key"; }

 private:
  TempDir dir_;
};

class SmtpServer {
 public:
  // flags: smtp_server.py's options, e.g. {"--dsn", "--rcpt-fail", "x@y=550"}. --maildir and
  // --port are added by the helper. Throws std::runtime_error if the server does not start.
  explicit SmtpServer(std::vector<std::string> flags = {});
  ~SmtpServer();
  SmtpServer(const SmtpServer&) = delete;
  SmtpServer& operator=(const SmtpServer&) = delete;

  int port() const { return port_; }
  const std::filesystem::path& maildir() const { return maildir_.path(); }
  // Received messages (maildir new/), oldest first, and their envelope sidecars.
  std::vector<std::filesystem::path> messages() const;
  std::string message_text(std::size_t i) const;
  boost::json::value envelope(std::size_t i) const;
  void stop();

  static std::filesystem::path support_dir();  // tests/support in the source tree

 private:
  TempDir maildir_;
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int port_ = 0;
};

}  // namespace mailflow::test
