#!/usr/bin/env python3
"""Where each trigger row of the event lexicons comes from in the event-coding dictionaries.

Reads `crates/events/lexicons/{ar,en}.tsv` and the CAMEO verb dictionaries of the shared data
(UniversalPetrarch's Arabic `CAMEO.ar.0.5.txt`, PETRARCH2's `CAMEO.2.0.txt`) and writes
`crates/events/lexicons/provenance.tsv`: for every trigger row (by its line in its file), the
dictionary line that lists its word, and how far the two agree:

  code   the dictionary gives the word the row's CAMEO code
  root   the dictionary gives it a code of the same root (the first two digits)
  word   the dictionary lists the word under another code, or uncoded
  none   the dictionary does not list the word: the row rests on the guidelines and the
         CAMEO codebook's label alone (its comment in the lexicon says which)

A word is the row's first form (the perfect or the lemma, the singular noun, the phrase's
words joined as the dictionaries join them); Arabic is compared with hamza seats, alif maqsura
and ta marbuta folded. The file is byte-identical across runs. Usage:

  python3 scripts/lexicons/provenance.py [--dictionaries DIR]

DIR defaults to ../shared/data/dictionaries beside the checkout.
"""

import argparse
import collections
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LEXICONS = os.path.join(ROOT, "crates", "events", "lexicons")
DICTIONARIES = {
    "ar": "universalpetrarch-ar/CAMEO.ar.0.5.txt",
    "en": "petrarch2/CAMEO.2.0.txt",
}
RANK = {"code": 0, "root": 1, "word": 2}
ARABIC_FOLDS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"})
DIACRITICS = re.compile("[\u064b-\u0652\u0640]")
BLOCK = re.compile(r"^---\s+(\S.*?)\s+\[([^\]]*)\]\s+---")
CODE = re.compile(r"\[(\d{2,4}|---)\]")


def fold(word, lang):
    """The form a word is compared in."""
    word = word.strip().replace("_", " ").replace("+", " ")
    if lang == "ar":
        return DIACRITICS.sub("", word).translate(ARABIC_FOLDS)
    return word.lower()


def dictionary_index(path, lang):
    """Folded word or phrase -> [(code or None, line)], from verb blocks and their members
    (a member without a code of its own takes its block's), from the verbs named after a
    pattern's `#` and from the pattern's own words, which take the pattern's code."""
    index = collections.defaultdict(list)
    block_code = None
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            text = line.rstrip("\n")
            if not text.strip() or text.lstrip().startswith("#"):
                continue
            block = BLOCK.match(text)
            if block:
                block_code = None if block.group(2) == "---" else block.group(2)
                index[fold(block.group(1), lang)].append((block_code, number))
                continue
            body, _, comment = text.partition("#")
            code = CODE.search(body)
            own = code.group(1) if code else None
            own = None if own == "---" else own
            if body.lstrip().startswith("-"):
                for verb in comment.split(","):
                    if verb.strip():
                        index[fold(verb, lang)].append((own, number))
                # The pattern's own words (its nouns: «- * عقوبات [163]», "- * SANCTIONS"),
                # one by one and as the phrase they make.
                words = re.findall(r"[^\s\-*()\[\]{}&^%$@]+", CODE.sub(" ", body))
                words = [w for w in words if not w.isdigit()]
                for word in set(words) | ({" ".join(words)} if len(words) > 1 else set()):
                    index[fold(word, lang)].append((own, number))
                continue
            member = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", body).strip()
            if member:
                index[fold(member, lang)].append((own or block_code, number))
    return index


def trigger_rows(path):
    """(line, pos, first form, cameo) of every trigger row of a lexicon file."""
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip() or line.startswith("#"):
                continue
            columns = line.rstrip("\n").split("\t")
            if len(columns) < 5:
                continue
            pos, forms, cameo = columns[0], columns[1], columns[4]
            yield number, pos, forms.split("|")[0], cameo


def best_match(index, word, cameo):
    """The best (kind, code, line) for a word of the row's cameo, or None."""
    found = []
    for code, line in index.get(word, []):
        if code == cameo:
            kind = "code"
        elif code and code[:2] == cameo[:2]:
            kind = "root"
        else:
            kind = "word"
        found.append((RANK[kind], line, kind, code))
    if not found:
        return None
    _, line, kind, code = min(found)
    return kind, code, line


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = os.path.join(os.path.dirname(ROOT), "shared", "data", "dictionaries")
    parser.add_argument("--dictionaries", default=default)
    args = parser.parse_args()
    if not os.path.isdir(args.dictionaries):
        sys.exit(f"provenance.py: no dictionaries at {args.dictionaries} (pass --dictionaries DIR)")
    out = []
    counts = collections.Counter()
    for lang, dictionary in sorted(DICTIONARIES.items()):
        index = dictionary_index(os.path.join(args.dictionaries, dictionary), lang)
        for line, pos, form, cameo in trigger_rows(os.path.join(LEXICONS, f"{lang}.tsv")):
            match = best_match(index, fold(form, lang), cameo)
            if match is None:
                kind, source = "none", "-"
            else:
                kind, code, at = match
                source = f"{dictionary}:{at} [{code or '---'}]"
            counts[(lang, kind)] += 1
            out.append(f"{lang}\t{line}\t{pos}\t{form}\t{cameo}\t{kind}\t{source}")
    header = [
        "# Built by scripts/lexicons/provenance.py from the CAMEO verb dictionaries: do not edit.",
        "# Columns: lang, line of the row in {lang}.tsv, pos, first form, cameo, match, source.",
        "# match: code (the dictionary gives the row's code), root (a code of its root), word",
        "# (another code, or uncoded), none (not in the dictionary: guidelines and codebook).",
    ]
    for lang in sorted(DICTIONARIES):
        summary = ", ".join(f"{kind} {counts[(lang, kind)]}" for kind in ("code", "root", "word", "none"))
        header.append(f"# {lang}: {summary}")
    with open(os.path.join(LEXICONS, "provenance.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(header + out) + "\n")
    print("\n".join(header[-len(DICTIONARIES):]))


if __name__ == "__main__":
    main()
