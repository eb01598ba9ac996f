#!/usr/bin/env bash
# Installs the system tools the build and tests need when they are missing (idempotent, quick
# when everything is there): a C toolchain, cmake and make for the bundled librdkafka, Java 17 and
# Maven for the local Apache Kafka broker, OpenSSL headers for librdkafka's TLS, util-linux
# `script` (bsdutils) for the terminal test, headless Chromium for the test that opens the HTML
# of `khabar render`, and the Rust toolchain.
set -euo pipefail

missing=()
command -v cc >/dev/null 2>&1 || missing+=(build-essential)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v cmake >/dev/null 2>&1 || missing+=(cmake)
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v curl >/dev/null 2>&1 || missing+=(curl)
# util-linux `script` gives a test a terminal (the progress bar of `khabar process`).
command -v script >/dev/null 2>&1 || missing+=(bsdutils)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
# Headless Chromium opens the page `khabar render` writes and dumps its DOM and a screenshot.
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# librdkafka is built with TLS/SASL support, against the system OpenSSL.
{ command -v pkg-config >/dev/null 2>&1 && pkg-config --exists openssl; } || missing+=(libssl-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo is missing: install Rust with rustup (https://rustup.rs), then rerun" >&2
  exit 1
fi
