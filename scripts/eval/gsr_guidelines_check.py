#!/usr/bin/env python3
"""How far the Arabic event GSR's ASSAULT labels follow Khabar's annotation guidelines.

A seeded random sample of `events/ar-gsr-assault-dev.jsonl` (120 of the `no` lines, 40 of the
`yes` lines) was judged blind, with the GSR label hidden, by two annotators against
`events/GUIDELINES.md`: does the sentence hold an ASSAULT event the guidelines annotate?
Their verdicts are `docs/data/gsr-assault-guidelines-check.tsv`. This script draws the same
sample again (and checks that the file judges exactly it), then prints how often each
annotator, and both, find such an event in the GSR's `no` and `yes` lines, and the precision
and recall that a system marking exactly those sentences would score against the GSR's
unanimous labels and against the workers' majority, each stratum weighted by its size.

Usage: python3 scripts/eval/gsr_guidelines_check.py [--data DIR] [--sample]
"""
import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECK = ROOT / "docs" / "data" / "gsr-assault-guidelines-check.tsv"
GSR = "events/ar-gsr-assault-dev.jsonl"
SEED, NO_LINES, YES_LINES = 20261208, 120, 40


def draw(lines):
    """The sampled lines in the order they were judged (seeded, stratified by label)."""
    rng = random.Random(SEED)
    no = [line for line in lines if line["label"] == "no"]
    yes = [line for line in lines if line["label"] == "yes"]
    sample = rng.sample(no, NO_LINES) + rng.sample(yes, YES_LINES)
    rng.shuffle(sample)
    return sample, {"no": len(no) / NO_LINES, "yes": len(yes) / YES_LINES}


def read_check():
    rows = [line.rstrip("\n").split("\t") for line in CHECK.open(encoding="utf-8")
            if not line.startswith("#")]
    header, rows = rows[0], rows[1:]
    return {row[0]: dict(zip(header, row)) for row in rows}


def score(sample, weights, marks):
    """Weighted P/R of marking `marks` against the unanimous labels and the majority."""
    tallies = {"unanimous": [0.0, 0.0, 0.0], "majority": [0.0, 0.0, 0.0]}
    for line in sample:
        weight = weights[line["label"]]
        votes = line["votes"]
        truths = {"unanimous": line["label"] == "yes",
                  "majority": 2 * votes["accept"] >= votes["total"]}
        marked = marks[line["id"]]
        for reading, truth in truths.items():
            tally = tallies[reading]
            if marked and truth:
                tally[0] += weight
            elif marked:
                tally[1] += weight
            elif truth:
                tally[2] += weight
    return {reading: (tp / (tp + fp), tp / (tp + fn)) for reading, (tp, fp, fn) in tallies.items()}


def wilson(hits, n, z=1.96):
    """The 95% Wilson interval of a share of `hits` in `n`."""
    share = hits / n
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    half = z * ((share * (1 - share) / n + z * z / (4 * n * n)) ** 0.5) / (1 + z * z / n)
    return centre - half, centre + half


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"),
                        help="folder of the evaluation data (default ../shared/data)")
    parser.add_argument("--sample", action="store_true", help="print the sampled ids and stop")
    args = parser.parse_args()
    path = Path(args.data) / GSR
    if not path.is_file():
        sys.exit(f"error: {path} not found: pass --data DIR, the folder holding {GSR}")
    lines = [json.loads(line) for line in path.open(encoding="utf-8")]
    sample, weights = draw(lines)
    if args.sample:
        print("\n".join(line["id"] for line in sample))
        return
    check = read_check()
    if [line["id"] for line in sample] != list(check):
        sys.exit(f"error: {CHECK.name} does not judge the seeded sample of {GSR}")
    judges = {
        "A": {i: row["A"] == "yes" for i, row in check.items()},
        "B": {i: row["B"] == "yes" for i, row in check.items()},
    }
    judges["A and B"] = {i: judges["A"][i] and judges["B"][i] for i in check}
    agree = sum(judges["A"][i] == judges["B"][i] for i in check)
    print(f"{len(sample)} lines ({NO_LINES} GSR `no`, {YES_LINES} `yes`); A and B agree on {agree}")
    print("judge     no lines with an event   yes lines with one   "
          "as a system: P / R (unanimous)   P / R (majority)")
    for name, marks in judges.items():
        in_no = sum(marks[line["id"]] for line in sample if line["label"] == "no")
        in_yes = sum(marks[line["id"]] for line in sample if line["label"] == "yes")
        scores = score(sample, weights, marks)
        print(f"{name:9} {in_no:>4} of {NO_LINES} ({in_no / NO_LINES:.2f})      "
              f"{in_yes:>3} of {YES_LINES}           "
              f"{scores['unanimous'][0]:.2f} / {scores['unanimous'][1]:.2f}"
              f"                    {scores['majority'][0]:.2f} / {scores['majority'][1]:.2f}")
        low, high = wilson(in_no, NO_LINES)
        found_yes = in_yes / YES_LINES * weights["yes"] * YES_LINES
        all_no = weights["no"] * NO_LINES
        print(f"{'':9} (95% interval of the no-line share {low:.2f}-{high:.2f}: unanimous P "
              f"{found_yes / (found_yes + high * all_no):.2f}-"
              f"{found_yes / (found_yes + low * all_no):.2f})")


if __name__ == "__main__":
    main()
