#!/usr/bin/env python3
"""Writes crates/render/src/cameo.tsv: every CAMEO code and its label, for the event cards of
`khabar render`, from the CAMEO codebook of text_to_CAMEO (`dictionaries/text_to_cameo/
CAMEO_codefile.txt` in the data folder; MIT, Philip Schrodt). The first label of each code wins
(the file repeats a few with ICEWS variants); the twenty roots come from its `//NN: NAME` lines.

Usage: python3 scripts/render/cameo.py [--data DIR]   (default: ../shared/data beside the repo)
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CODEBOOK = "dictionaries/text_to_cameo/CAMEO_codefile.txt"
OUT = REPO / "crates" / "render" / "src" / "cameo.tsv"


def labels(codebook: Path) -> dict[str, str]:
    """Code → label, roots included, in codebook order."""
    out: dict[str, str] = {}
    for line in codebook.read_text(encoding="utf-8").splitlines():
        root = re.match(r"^//(\d\d)[:=]\s*(.+)$", line)
        if root:
            name = root.group(2).strip()
            out.setdefault(root.group(1), name[:1] + name[1:].lower())
            continue
        label = re.match(r"^LABEL:\s*(\d+)=\s*(.+)$", line)
        if label:
            out.setdefault(label.group(1), label.group(2).strip())
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    args = parser.parse_args()
    codebook = args.data / CODEBOOK
    if not codebook.is_file():
        raise SystemExit(f"cameo.py: {codebook} is missing; pass --data DIR (the data folder)")
    rows = sorted(labels(codebook).items())
    header = (
        "# CAMEO codes and their labels, from text_to_CAMEO's CAMEO_codefile.txt (CAMEO\n"
        "# codelist 0.7b5; MIT, Philip Schrodt). Rebuild: python3 scripts/render/cameo.py\n"
    )
    body = "".join(f"{code}\t{label}\n" for code, label in rows)
    OUT.write_text(header + body, encoding="utf-8")
    print(f"cameo.py: {len(rows)} codes -> {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
