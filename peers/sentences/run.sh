#!/usr/bin/env bash
# Runs Khabar's sentence segmenter and its peers (sentencex, pySBD, spaCy's rule-based
# sentencizer) side by side on the shared dev sets (boundary F1) and on the raw Arabic and
# English corpora (MB/s, one core), and prints one markdown table.
#
# Usage: peers/sentences/run.sh            (from anywhere; needs python3 >= 3.9 and cargo)
# Env:   KHABAR_STATE_DIR  where the venv lives (default: <repo>/.state)
#        KHABAR_DATA       the shared data folder (default: ../shared/data, from the repository root)
#        BENCH_REPEAT      timed passes per corpus and tool, best kept (default: 3)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
state="${KHABAR_STATE_DIR:-$repo/.state}"
data="${KHABAR_DATA:-../shared/data}"
[[ "$data" == /* ]] || data="$repo/$data"
if [[ ! -d "$data/sentences" ]]; then
    echo "sentences: no '$data/sentences'; set KHABAR_DATA to the shared data folder" >&2
    exit 1
fi
venv="$state/venv-sentences"
target="${CARGO_TARGET_DIR:-$repo/target}"

if [[ ! -x "$venv/bin/python" ]]; then
    mkdir -p "$state"
    python3 -m venv "$venv"
fi
# Pinned peers; pip is a no-op when they are already there.
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "sentencex==1.0.32" "pysbd==0.3.4" "spacy==3.8.18"

# One core for everyone: the Rust binaries and Python runs are pinned to CPU 0 when taskset exists.
pin=()
if command -v taskset >/dev/null 2>&1; then
    pin=(taskset -c 0)
fi

(cd "$repo" && cargo build --quiet --release -p khabar && cargo build --quiet --release -p khabar-text --example throughput)
khabar="$target/release/khabar"
throughput="$target/release/examples/throughput"

exec "${pin[@]}" "$venv/bin/python" "$here/peers.py" \
    --data "$data" --khabar "$khabar" --throughput "$throughput" \
    --repeat "${BENCH_REPEAT:-3}"
