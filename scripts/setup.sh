#!/usr/bin/env bash
# Installs every Debian package zhifa needs to build, run and test. Idempotent, non-interactive.
# Usage: scripts/setup.sh [--test]   (--test adds the test-only tools: PostgreSQL server, Chromium, playwright-core,
#                                     clang-14 with compiler-rt for the fuzz targets)
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_PKGS=(
  build-essential cmake ninja-build ccache pkg-config
  libboost-dev libfmt-dev                                      # HTTP server: Boost.Beast/Asio (header-only, Boost 1.74); fmt
  libsqlite3-dev libpq-dev libpqxx-dev                         # storage backends
  libsodium-dev libssl-dev zlib1g-dev                          # argon2id/Ed25519, SHA-256, gzip
  libtomlplusplus-dev libkainjow-mustache-dev nlohmann-json3-dev
  libpango1.0-dev libcairo2-dev libqrencode-dev libgraphviz-dev libxlsxwriter-dev libzip-dev libxml2-dev fonts-noto-cjk
  libgtest-dev libgmock-dev
  ffmpeg                                                       # 音像记录: ffprobe (media facts), thumbnails, the demo's generated clips
)
TEST_PKGS=( postgresql chromium poppler-utils wrk nginx-light curl pango1.0-tools
  clang-14 libclang-rt-14-dev  # the fuzz targets (scripts/fuzz.sh): -fsanitize=fuzzer,address,undefined needs compiler-rt
  python3-minimal              # scripts/check_shape.py
  xz-utils                     # the upgrade fixtures (tests/fixtures/upgrade/*.xz)
  openssl systemd )            # tests/deploy/run.sh: a self-signed certificate; systemd-analyze verify

want=("${BUILD_PKGS[@]}")
if [[ "${1:-}" == "--test" ]]; then want+=("${TEST_PKGS[@]}"); fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ "${1:-}" == "--test" ]]; then
  if ! command -v npm >/dev/null; then
    SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
    $SUDO apt-get install -y -qq nodejs npm >/dev/null
  fi
  # Every package of the lock file present (npm ls fails on a missing one, e.g. one added since).
  if ! (cd tests/browser && npm ls --silent >/dev/null 2>&1); then
    (cd tests/browser && npm ci --no-audit --no-fund --silent 2>/dev/null || npm install --no-audit --no-fund --silent)
  fi
fi
echo "setup: ok"
