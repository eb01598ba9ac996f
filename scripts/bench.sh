#!/usr/bin/env bash
# The benchmark in one command: builds the release binary, starts a private local broker (its
# own ports and state dir, so a test broker on 9092 is left alone), runs `khabar bench`, writes
# the report to .state/bench/<UTC time>.json (plus .md and the worker's log) and prints the table.
#
# Usage: bash scripts/bench.sh [khabar bench options...]
#   e.g. bash scripts/bench.sh -n 50000 -p 6 --input my-articles.jsonl
#
# Environment:
#   KHABAR_BENCH_BROKERS          measure this broker instead of starting one (it must allow
#                                 topic creation; the run creates and deletes khabar-bench.* topics)
#   KHABAR_BENCH_KAFKA_PORT       port of the private broker (default 19092; controller: +1)
#   KHABAR_WORKER__*, KHABAR_KAFKA__CONSUMER/PRODUCER...  passed to the measured worker (the
#                                 raw copy and the load producers take the same client properties)
#   CARGO_TARGET_DIR, CARGO_PROFILE (default release; release-lto for the shipped build)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT_DIR="$ROOT/.state/bench"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
PROFILE="${CARGO_PROFILE:-release}"
mkdir -p "$OUT_DIR"

echo "bench: building ($PROFILE) ..." >&2
cargo build --profile "$PROFILE" --bin khabar
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET_DIR/$PROFILE/khabar"

if [[ -z "${KHABAR_BENCH_BROKERS:-}" ]]; then
  port="${KHABAR_BENCH_KAFKA_PORT:-19092}"
  broker() {
    KHABAR_STATE_DIR="$ROOT/.state/bench-broker" KHABAR_KAFKA_PORT="$port" \
      KHABAR_KAFKA_CONTROLLER_PORT="$((port + 1))" bash "$ROOT/deploy/local/kafka.sh" "$@"
  }
  if broker status >/dev/null 2>&1; then
    echo "bench: reusing the bench broker already running on 127.0.0.1:$port" >&2
  else
    broker start >&2
    trap 'broker stop >&2' EXIT
  fi
  export KHABAR_BENCH_BROKERS="127.0.0.1:$port"
fi

COMMIT="$(git -C "$ROOT" describe --always --dirty 2>/dev/null || cat "$ROOT/.bench-commit" 2>/dev/null || echo unknown)"
echo "bench: commit $COMMIT" >&2
echo "commit $COMMIT, $(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$OUT_DIR/$STAMP.md"
"$BIN" bench --json "$OUT_DIR/$STAMP.json" --worker-log "$OUT_DIR/$STAMP.worker.log" "$@" \
  | tee -a "$OUT_DIR/$STAMP.md"
echo "bench: report in $OUT_DIR/$STAMP.json" >&2
