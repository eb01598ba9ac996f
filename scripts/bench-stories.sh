#!/usr/bin/env bash
# The story stage's CPU cost on Kafka beside file mode: the SaudiNewsNet day's document records
# (`khabar process`), 5 copies one day apart under new ids (so the 72 h window fills and
# evicts), produced to a fresh topic of one partition; `khabar run --stage stories` links them
# all (stopped by SIGTERM once /metrics counts every document linked), then `khabar stories`
# links the same file. Prints each run's CPU seconds (user + system, start-up included).
#
# Usage: bash scripts/bench-stories.sh   (a broker must run: deploy/local/kafka.sh start;
#   KHABAR_STATE_DIR, KHABAR_KAFKA_PORT and KHABAR_KAFKA_CONTROLLER_PORT name it as there;
#   KHABAR_BIN=path times that binary instead of building this tree's, e.g. to alternate two)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PORT="${KHABAR_KAFKA_PORT:-9092}"
BROKERS="127.0.0.1:$PORT"
METRICS="127.0.0.1:$((PORT + 372))"
KAFKA=(bash deploy/local/kafka.sh)
[[ -n "${KHABAR_BIN:-}" ]] || cargo build --release --bin khabar >&2
BIN="${KHABAR_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/release/khabar}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

"$BIN" process ../shared/data/raw/saudinewsnet-2015-07-23.jsonl 2>/dev/null >"$WORK/day.jsonl"
python3 - "$WORK/day.jsonl" "$WORK/documents.jsonl" <<'PY'
import json, sys
documents = [json.loads(line) for line in open(sys.argv[1])]
with open(sys.argv[2], "w") as out:
    for day in range(5):
        for document in documents:
            copy = dict(document, id=f"{document['id']}.{day}",
                        published_at=f"2015-07-{23 + day}T12:00:00Z")
            out.write(json.dumps(copy, ensure_ascii=False) + "\n")
PY
COUNT="$(wc -l <"$WORK/documents.jsonl")"
RUN="bench-stories.$(date -u +%s)"
"${KAFKA[@]}" topics "$RUN.documents:1" "$RUN.repartition:1" "$RUN.stories:1" "$RUN.events:1" "$RUN.dlq:1" >&2
"${KAFKA[@]}" tool org.apache.kafka.tools.ConsoleProducer --bootstrap-server "$BROKERS" \
  --topic "$RUN.documents" --producer-property max.request.size=5000000 <"$WORK/documents.jsonl"

KHABAR_KAFKA__BROKERS="$BROKERS" KHABAR_KAFKA__GROUP_ID="$RUN.worker" \
  KHABAR_TOPICS__DOCUMENTS="$RUN.documents" KHABAR_STORIES__GROUP_ID="$RUN.stories" \
  KHABAR_STORIES__REPARTITION="$RUN.repartition" KHABAR_STORIES__OUTPUT="$RUN.stories" \
  KHABAR_STORIES__EVENTS="$RUN.events" KHABAR_STORIES__DEAD_LETTERS="$RUN.dlq" \
  KHABAR_METRICS__ADDRESS="$METRICS" KHABAR_LOG__FORMAT=json \
  /usr/bin/time -f "kafka stage: %U s user + %S s system, %e s wall, peak RSS %M KB" \
  "$BIN" run --stage stories 2>"$WORK/stage.log" &
TIMER=$!
linked=0
until [[ "$linked" == "$COUNT" ]]; do
  sleep 0.2
  kill -0 "$TIMER" 2>/dev/null || { cat "$WORK/stage.log" >&2; echo "the stage exited" >&2; exit 1; }
  linked="$(curl -s "$METRICS/metrics" | awk '/component_sent_events_total\{stage="link"\}/ {print $2}')"
done
kill -TERM "$(pgrep -P "$TIMER")"
wait "$TIMER" || true
echo "$COUNT documents"
tail -1 "$WORK/stage.log"
/usr/bin/time -f "file mode:   %U s user + %S s system, %e s wall, peak RSS %M KB" \
  "$BIN" stories "$WORK/documents.jsonl" >/dev/null
