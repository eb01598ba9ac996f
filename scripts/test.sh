#!/usr/bin/env bash
# Runs Khabar's whole test suite: installs what is missing, starts the local Apache Kafka broker
# (deploy/local/kafka.sh), runs every test of the workspace against it, and stops the broker
# again whatever happened (unless KHABAR_KEEP_BROKER=1). The workers the tests start log at
# `info` to files in the temporary folder (the failing test names each); KHABAR_TEST_WORKER_LOG
# sets their filter instead (e.g. info,khabar_worker=debug).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh

started_here=0
if ! bash deploy/local/kafka.sh status >/dev/null 2>&1; then
  bash deploy/local/kafka.sh start
  started_here=1
fi
stop_broker() {
  if [ "$started_here" = 1 ] && [ "${KHABAR_KEEP_BROKER:-0}" != 1 ]; then
    bash deploy/local/kafka.sh stop || true
  fi
}
trap stop_broker EXIT

export KHABAR_TEST_BROKERS="${KHABAR_TEST_BROKERS:-127.0.0.1:${KHABAR_KAFKA_PORT:-9092}}"
cargo test --workspace "$@"
