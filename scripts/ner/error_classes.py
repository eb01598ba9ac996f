#!/usr/bin/env python3
"""Classes of the entity errors on a CoNLL gold set, from `khabar eval ner --format json`.

Usage:
    khabar eval ner --gold ner/ar/newsfane-dev.conll --format json > /tmp/nf.json
    scripts/ner/error_classes.py /work/shared/data/ner/ar/newsfane-dev.conll /tmp/nf.json [-v]

Every gold entity not predicted exactly and every prediction not in the gold is put in one
class: `bound T` (a prediction of the same type overlaps it; the words added or lost on each
side are tallied), `bound+type T`, `type G->P` (same span, other type), `split T` (several
predictions over it), `missed T` (nothing overlaps it) or `false T` (a prediction overlapping
no gold entity). With a `.fine.conll` beside the gold (NewsFANE), predicted ORG spans that are
a fine `Government` entity (left untagged in the coarse gold) are counted apart.
"""
import collections
import json
import sys
from pathlib import Path


def read_conll(path):
    """The sentences of a CoNLL file as (tokens, tags), without -DOCSTART- lines."""
    sentences, tokens, tags = [], [], []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip():
            if tokens:
                sentences.append((tokens, tags))
            tokens, tags = [], []
            continue
        token, tag = line.split("\t")[:2]
        if token != "-DOCSTART-":
            tokens.append(token)
            tags.append(tag)
    if tokens:
        sentences.append((tokens, tags))
    return sentences


def bio_spans(tags):
    """The (start, end, type) spans of a BIO tag sequence."""
    out, current = [], None
    for i, tag in enumerate(tags + ["O"]):
        continues = tag.startswith("I-") and current and current[2] == tag[2:]
        if not continues:
            if current:
                out.append((current[0], i, current[2]))
                current = None
            if tag != "O":
                current = (i, None, tag[2:])
    return out


def predictions(gold_path, report_path):
    """Per sentence: tokens, gold spans and predicted spans (gold - missed + spurious)."""
    report = json.load(open(report_path, encoding="utf-8"))
    missed, spurious = collections.defaultdict(set), collections.defaultdict(set)
    for e in report["errors"]:
        key = int(e["id"].rsplit("#", 1)[1])
        bucket = missed if e["kind"] == "missed" else spurious
        bucket[key].add((e["start"], e["end"], e["label"]))
    out = []
    for k, (tokens, tags) in enumerate(read_conll(gold_path)):
        gold = set(bio_spans(tags))
        out.append((tokens, gold, (gold - missed[k]) | spurious[k]))
    return out


def classify(sentences):
    """The error classes: name -> list of (tokens, gold span or None, predicted span or None)."""
    classes = collections.defaultdict(list)
    for tokens, gold, predicted in sentences:
        wrong_gold, wrong_pred = gold - predicted, predicted - gold
        used = set()
        for g in sorted(wrong_gold):
            over = [p for p in wrong_pred if p[0] < g[1] and g[0] < p[1]]
            used.update(over)
            if not over:
                classes["missed " + g[2]].append((tokens, g, None))
            elif len(over) > 1:
                classes["split " + g[2]].append((tokens, g, over[0]))
            elif over[0][:2] == g[:2]:
                classes[f"type {g[2]}->{over[0][2]}"].append((tokens, g, over[0]))
            else:
                kind = "bound" if over[0][2] == g[2] else "bound+type"
                classes[f"{kind} {g[2]}"].append((tokens, g, over[0]))
        for p in wrong_pred - used:
            classes["false " + p[2]].append((tokens, None, p))
    return classes


def sides(tokens, g, p):
    """The words a prediction adds (+) or loses (-) on the left (L) and right (R) of gold."""
    out = []
    if p[0] < g[0]:
        out.append("L+" + " ".join(tokens[p[0]:g[0]]))
    if p[0] > g[0]:
        out.append("L-" + " ".join(tokens[g[0]:p[0]]))
    if p[1] > g[1]:
        out.append("R+" + " ".join(tokens[g[1]:p[1]]))
    if p[1] < g[1]:
        out.append("R-" + " ".join(tokens[p[1]:g[1]]))
    return " ".join(out)


def government_bodies(gold_path, sentences):
    """Predicted ORG spans that are a fine `Government` entity of the `.fine.conll` gold."""
    fine_path = Path(str(gold_path).replace(".conll", ".fine.conll"))
    if not fine_path.exists():
        return 0
    count = 0
    for (tokens, gold, predicted), (_, tags) in zip(sentences, read_conll(fine_path)):
        bodies = {(a, b) for a, b, t in bio_spans(tags) if t == "Government"}
        count += sum(1 for p in predicted - gold if p[2] == "ORG" and p[:2] in bodies)
    return count


def main():
    gold_path, report_path = sys.argv[1], sys.argv[2]
    verbose = "-v" in sys.argv[3:]
    sentences = predictions(gold_path, report_path)
    classes = classify(sentences)
    for name in sorted(classes, key=lambda n: (-len(classes[n]), n)):
        print(f"{len(classes[name]):4d} {name}")
        if name.startswith("bound"):
            tally = collections.Counter(sides(t, g, p) for t, g, p in classes[name])
            for words, n in tally.most_common(8):
                print(f"        {n:3d} {words}")
        if verbose:
            for tokens, g, p in classes[name]:
                span = g or p
                print("        ", " ".join(tokens[max(0, span[0] - 3):span[0]]), "[[",
                      " ".join(tokens[span[0]:span[1]]), "]]",
                      " ".join(tokens[span[1]:span[1] + 2]))
    print(f"predicted ORG that are fine Government bodies: {government_bodies(gold_path, sentences)}")


if __name__ == "__main__":
    main()
