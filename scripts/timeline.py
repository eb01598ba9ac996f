#!/usr/bin/env python3
"""Per-record timeline of a worker log: where a record's time goes inside `khabar run`.

The worker logs one `record timeline` line per record at debug level (target
`khabar_worker::internal_events`), with the microseconds each record spent before consumption
(input record timestamp -> consumed), waiting for a processing thread, processing, waiting for
its turn to produce (earlier records of its partition) and waiting for the broker's
acknowledgements. This prints the percentiles of each phase, separately for the bench's
throughput phase (its input topic) and its latency phase (its `.latency` topic).

Usage:
  KHABAR_LOG__LEVEL="info,khabar_worker::internal_events=debug" \
    bash scripts/bench.sh -n 10000 --pipeline-seconds 1
  python3 scripts/timeline.py .state/bench/<run>.worker.log
"""

import json
import sys

PHASES = [
    "before_consumed_us",
    "wait_thread_us",
    "process_us",
    "wait_turn_us",
    "acknowledge_us",
]


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, int(fraction * len(values)))]


def main(path):
    phases = {"throughput": [], "latency": []}
    with open(path, encoding="utf-8") as log:
        for line in log:
            if '"record timeline"' not in line:
                continue
            record = json.loads(line)
            topic = record.get("span", {}).get("topic", "")
            phases["latency" if topic.endswith(".latency") else "throughput"].append(record)
    for name, records in phases.items():
        if not records:
            continue
        print(f"{name} phase: {len(records)} records")
        print("| phase | p50 ms | p95 ms | p99 ms | max ms |")
        print("|---|---:|---:|---:|---:|")
        for phase in PHASES:
            values = [int(r[phase]) / 1000 for r in records if r.get(phase) is not None]
            if values:
                print(
                    f"| {phase[:-3]} | {percentile(values, 0.5):.1f} | "
                    f"{percentile(values, 0.95):.1f} | {percentile(values, 0.99):.1f} | "
                    f"{max(values):.1f} |"
                )
        print()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
