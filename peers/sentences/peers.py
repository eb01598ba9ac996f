"""Sentence segmentation: Khabar against sentencex, pySBD and spaCy's sentencizer.

Boundary F1 on every sentence gold file in DATA/sentences (scored exactly as
`khabar eval sentences` does), and throughput in MB/s (UTF-8 bytes / 10^6 per second, one
process, best of --repeat passes) on the raw Arabic and English corpora in DATA/raw. Prints one
markdown table. Run through peers/sentences/run.sh, which makes the venv and builds Khabar.
"""

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

DEV_SETS = [
    "khabar-gold-dev",
    "pysbd-golden-en",
    "pysbd-golden-ar",
    "gum-news-dev",
    "gum-news-train",
    "en-ewt-dev",
]
RAW = [("ar", "saudinewsnet-2015-07-23.jsonl"), ("en", "en-wikinews-gum.jsonl")]
FORMAT_CONTROLS = set(
    [chr(c) for c in range(0x200B, 0x2010)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + ["\ufeff", "\u061c"]
)


def is_blank(c):
    return c.isspace() or c in FORMAT_CONTROLS


def trim_end(text, start, end):
    while end > start and is_blank(text[end - 1]):
        end -= 1
    return end


def boundaries(text, spans):
    """Sorted distinct trimmed sentence ends, without the document's last."""
    ends = sorted({trim_end(text, s, e) for s, e in spans})
    return ends[:-1]


def spans_of(text, sentences):
    """Character spans of segmenter output strings, found in order in `text`."""
    spans, cursor = [], 0
    for sentence in sentences:
        stripped = sentence.strip()
        if not stripped:
            continue
        at = text.find(stripped, cursor)
        if at < 0:
            continue  # the segmenter changed the text; the boundary is lost
        spans.append((at, at + len(stripped)))
        cursor = at + len(stripped)
    return spans


class Peers:
    def __init__(self):
        import pysbd
        import spacy
        from sentencex import segment

        self._sentencex = segment
        self._pysbd = {lang: pysbd.Segmenter(language=lang, clean=False, char_span=True) for lang in ("en", "ar")}
        self._spacy = {}
        for lang in ("en", "ar"):
            nlp = spacy.blank(lang)
            nlp.add_pipe("sentencizer")
            self._spacy[lang] = nlp
        self.names = ["sentencex", "pysbd", "spacy"]

    def split(self, name, lang, text):
        """Sentence spans of `text` by the peer `name`."""
        lang = lang if lang in ("en", "ar") else "en"
        if name == "sentencex":
            return spans_of(text, self._sentencex(lang, text))
        if name == "pysbd":
            return [(s.start, s.end) for s in self._pysbd[lang].segment(text)]
        return [(s.start_char, s.end_char) for s in self._spacy[lang](text).sents]


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def f1_of(docs, split):
    gold_n = pred_n = correct = 0
    for doc in docs:
        text = doc["text"]
        gold = boundaries(text, doc["sentences"])
        pred = boundaries(text, split(doc.get("lang") or "en", text)) if text.strip() else []
        gold_set = set(gold)
        gold_n += len(gold)
        pred_n += len(pred)
        correct += sum(1 for b in pred if b in gold_set)
    p = correct / pred_n if pred_n else float(gold_n == 0)
    r = correct / gold_n if gold_n else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def throughput(articles, split, repeat):
    size = sum(len(t.encode("utf-8")) for _, t in articles)
    for lang, text in articles[:50]:  # warm-up
        split(lang, text)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for lang, text in articles:
            split(lang, text)
        best = min(best, time.perf_counter() - start)
    return size / 1e6 / best


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", required=True, type=Path)
    parser.add_argument("--khabar", required=True, help="the khabar binary")
    parser.add_argument("--throughput", required=True, help="the khabar-text throughput example binary")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    peers = Peers()
    columns = ["khabar"] + peers.names
    f1 = {}
    for name in DEV_SETS:
        path = args.data / "sentences" / f"{name}.jsonl"
        if not path.exists():
            print(f"skipping {path}: missing", file=sys.stderr)
            continue
        docs = load(path)
        report = json.loads(
            subprocess.run(
                [args.khabar, "eval", "sentences", "--gold", str(path), "--format", "json"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        f1[name] = {"khabar": report["overall"]["f1"]}
        for peer in peers.names:
            f1[name][peer] = f1_of(docs, lambda lang, text, peer=peer: peers.split(peer, lang, text))
        print(f"scored {name}", file=sys.stderr)

    speed = {}
    for lang, file in RAW:
        path = args.data / "raw" / file
        articles = [(doc.get("language") or lang, doc["text"]) for doc in load(path)]
        out = subprocess.run(
            [args.throughput, "--repeat", str(max(args.repeat, 3)), str(path)], check=True, capture_output=True, text=True
        ).stdout
        speed[file] = {"khabar": json.loads(out.splitlines()[-1])["segment_mb_per_s"]}
        for peer in peers.names:
            speed[file][peer] = throughput(articles, lambda l, t, peer=peer: peers.split(peer, l, t), args.repeat)
        print(f"timed {file}", file=sys.stderr)

    def ratio(value, others, digits):
        best = max(others)
        return f"{value / best:.{digits}f}×" if best > 0 else "–"

    print("| measure | " + " | ".join(columns) + " | khabar / best peer |")
    print("|---|" + "---:|" * (len(columns) + 1))
    for name, row in f1.items():
        cells = " | ".join(f"{row[c]:.4f}" for c in columns)
        print(f"| boundary F1, `{name}` | {cells} | {ratio(row['khabar'], [row[p] for p in peers.names], 3)} |")
    for file, row in speed.items():
        cells = " | ".join(f"{row[c]:.2f}" for c in columns)
        print(f"| MB/s, `{file}` | {cells} | {ratio(row['khabar'], [row[p] for p in peers.names], 1)} |")


if __name__ == "__main__":
    main()
