#!/usr/bin/env bash
# spaCy en_core_web_sm over the English raw corpus: articles/s on one core (and, with
# PROCESSES=2, on two), the anchor a Python team would use instead of Khabar.
#
# Usage: bash peers/spacy/run.sh [CORPUS.jsonl]
#   Creates a venv under .state/peers/spacy-venv (once), installs requirements.txt (pinned) and
#   prints one JSON line per measurement; the JSON also goes to .state/peers/spacy-<time>.json.
#   CORPUS defaults to raw/en-wikinews-gum.jsonl of the shared data folder.
# Environment: PYTHON (default python3), MIN_SECONDS (default 10), PROCESSES (default "1"),
#   KHABAR_DATA (the shared data folder; default ../shared/data, from the repository root).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
STATE="${KHABAR_STATE_DIR:-$ROOT/.state}/peers"
VENV="$STATE/spacy-venv"
DATA="${KHABAR_DATA:-../shared/data}"
[[ "$DATA" == /* ]] || DATA="$ROOT/$DATA"
CORPUS="${1:-$DATA/raw/en-wikinews-gum.jsonl}"
PYTHON="${PYTHON:-python3}"

if [[ ! -f "$CORPUS" ]]; then
  echo "spacy: no corpus '$CORPUS'; give one, or set KHABAR_DATA to the shared data folder" >&2
  exit 1
fi

mkdir -p "$STATE"
if [[ ! -x "$VENV/bin/python" ]] || ! cmp -s "$HERE/requirements.txt" "$VENV/.requirements.txt"; then
  echo "spacy: installing $(grep -v '^#' "$HERE/requirements.txt" | xargs) into $VENV" >&2
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --upgrade pip
  "$VENV/bin/pip" install --quiet -r "$HERE/requirements.txt"
  cp "$HERE/requirements.txt" "$VENV/.requirements.txt"
fi

# One thread per process, so that "1 process" means one core (numpy/BLAS would spread out).
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
OUT="$STATE/spacy-$(date -u +%Y%m%dT%H%M%SZ).json"
for processes in ${PROCESSES:-1}; do
  "$VENV/bin/python" "$HERE/bench.py" "$CORPUS" \
    --min-seconds "${MIN_SECONDS:-10}" --processes "$processes" | tee -a "$OUT"
done
echo "spacy: results in $OUT" >&2
