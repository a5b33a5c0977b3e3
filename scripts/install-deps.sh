#!/usr/bin/env bash
# Installs everything mailflow needs from Debian's packages (and npm for the bench peer).
# Idempotent: installs only what is missing. Flags: --test (test tools), --bench (benchmark peers).
set -euo pipefail

build_pkgs=(
  build-essential cmake ninja-build pkg-config ccache clang libclang-rt-14-dev lld
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libssl-dev libgmime-3.0-dev libidn2-dev libicu-dev libcurl4-openssl-dev
  libsqlite3-dev libpq-dev libsodium-dev libspdlog-dev libfmt-dev libcli11-dev
  python3-aiosmtpd openssl
)
# (postgresql and chromium join when the PostgreSQL store and the browser UI land)
test_pkgs=(libgtest-dev libgmock-dev python3 curl sqlite3 python3-prometheus-client)
bench_pkgs=(libbenchmark-dev postfix wrk nodejs npm python3)

want=("${build_pkgs[@]}")
for arg in "$@"; do
  case "$arg" in
    --test) want+=("${test_pkgs[@]}") ;;
    --bench) want+=("${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
    *) echo "usage: $0 [--test] [--bench]" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# nodejs/npm may come from outside Debian on some machines: a working `node` is enough.
if command -v node >/dev/null && command -v npm >/dev/null; then
  keep=(); for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || keep+=("$p"); done
  missing=("${keep[@]}")
fi

if ((${#missing[@]})); then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "install-deps: installing ${missing[*]}"
  # postfix asks a debconf question; only its tools (smtp-sink, smtp-source) are used.
  echo "postfix postfix/main_mailer_type select No configuration" | $sudo debconf-set-selections
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq || true
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
exit 0
