// SmtpServer: fork/exec of Debian's python3 with smtp_server.py; stdout is read until READY.
// stdin stays a pipe to us (--exit-on-stdin-eof), so the server also ends if the test crashes.
#include "smtp_server.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace mailflow::test {
namespace fs = std::filesystem;

namespace {
std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Reads stdout until "READY <port>\n"; gives up after `limit_ms` (a start-up safety net only).
int wait_ready(int fd, int limit_ms) {
  std::string got;
  char buf[256];
  while (got.find('\n') == std::string::npos) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, limit_ms) <= 0) return -1;
    auto n = read(fd, buf, sizeof buf);
    if (n <= 0) return -1;
    got.append(buf, static_cast<std::size_t>(n));
  }
  if (got.rfind("READY ", 0) != 0) return -1;
  return std::atoi(got.c_str() + 6);
}
}  // namespace

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "mailflow-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}
TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

TestCerts::TestCerts() {
  std::string cmd = "sh '" + (SmtpServer::support_dir() / "make_certs.sh").string() + "' '" +
                    dir_.path().string() + "'";
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("make_certs.sh failed");
}

fs::path SmtpServer::support_dir() { return fs::path(MAILFLOW_SOURCE_DIR) / "tests" / "support"; }

SmtpServer::SmtpServer(std::vector<std::string> flags) {
  std::vector<std::string> args{"/usr/bin/python3", (support_dir() / "smtp_server.py").string(),
                                "--port", "0", "--maildir", maildir().string(),
                                "--exit-on-stdin-eof"};
  args.insert(args.end(), flags.begin(), flags.end());
  int out[2], in[2];
  if (pipe(out) != 0 || pipe(in) != 0) throw std::runtime_error("pipe failed");
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    dup2(out[1], STDOUT_FILENO);
    dup2(in[0], STDIN_FILENO);
    close(out[0]), close(out[1]), close(in[0]), close(in[1]);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  close(in[0]);
  stdin_fd_ = in[1];
  port_ = wait_ready(out[0], 30000);
  close(out[0]);
  if (port_ <= 0) {
    stop();
    throw std::runtime_error("smtp_server.py did not start (see its stderr)");
  }
}

SmtpServer::~SmtpServer() { stop(); }

void SmtpServer::stop() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  if (stdin_fd_ >= 0) {
    close(stdin_fd_);
    stdin_fd_ = -1;
  }
}

std::vector<fs::path> SmtpServer::messages() const {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(maildir() / "new", ec)) out.push_back(e.path());
  // Names start with the arrival time (seconds.micros), so name order is arrival order.
  std::sort(out.begin(), out.end());
  return out;
}

std::string SmtpServer::message_text(std::size_t i) const { return slurp(messages().at(i)); }

boost::json::value SmtpServer::envelope(std::size_t i) const {
  auto name = messages().at(i).filename().string() + ".json";
  return boost::json::parse(slurp(maildir() / "envelopes" / name));
}

}  // namespace mailflow::test
