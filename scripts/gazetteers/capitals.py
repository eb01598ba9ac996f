"""Arabic names of capitals, from the event stage's country lexicon.

GeoNames gives some capitals no Arabic name while smaller namesakes have one: Washington, D.C.
has none, Washington, Utah and Washington, Illinois have «واشنطن», so the Arabic surface named
only the small towns. The event lexicon `crates/events/lexicons/countries.tsv` already names
each capital it knows in Arabic and English (rows of kind `capital`); its Arabic forms become
surfaces of the city the row names (places.py, build_places), so the fact lives in one place.

The city a row names: a city of the row's country (GeoNames cities15000) that has one of the
row's English forms as its name or alternate name; GeoNames' capital of the country first, then
a city whose own name the form is, then the most populous. A row that names no such city is an
error. Forms that are role or organisation words (metonyms: «البيت الأبيض», «الكرملين») are left
out by build_places' city filter like any city surface of another entity.
"""

from __future__ import annotations

import sys
from pathlib import Path

from surfaces import norm

LEXICON = Path(__file__).resolve().parents[2] / "crates" / "events" / "lexicons" / "countries.tsv"


def read_rows(path: Path) -> list[tuple[str, list[str], list[str]]]:
    """The capital rows of the lexicon: (ISO 3166-1 alpha-2, Arabic forms, English forms)."""
    out = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 5:
            sys.exit(f"{path.name}:{lineno}: expected 5 columns, got {len(cols)}")
        if cols[2] == "capital":
            forms = [[norm(f) for f in col.split("|") if norm(f)] for col in cols[3:5]]
            out.append((cols[0], forms[0], forms[1]))
    return out


def city_named(cc: str, wanted: set[str], countries: dict, cities: dict) -> dict | None:
    """The city of country `cc` with one of the casefolded names `wanted`: GeoNames' capital of
    the country first, then a city whose own name it is, then the most populous."""
    capital = (countries.get(cc, {}).get("capital") or "").casefold()
    best, best_key = None, None
    for city in cities.values():
        if city["countrycode"] != cc:
            continue
        own = norm(city["name"]).casefold()
        names = {own} | {norm(a).casefold() for a in city["alternatenames"]}
        if not names & wanted:
            continue
        key = (capital in names, own in wanted, city["population"], -city["geonameid"])
        if best_key is None or key > best_key:
            best, best_key = city, key
    return best


def arabic_names(path: Path, cities: dict, countries: dict) -> list[tuple[str, str, list[str]]]:
    """(`geonames:<id>`, country, Arabic forms) of each capital row of the lexicon at `path`."""
    out = []
    for cc, ar, en in read_rows(path):
        city = city_named(cc, {f.casefold() for f in en}, countries, cities)
        if city is None:
            sys.exit(f"{path}: capital {cc} {'|'.join(en)}: no GeoNames city of that name")
        out.append((f"geonames:{city['geonameid']}", cc, ar))
    return sorted(out)


def without_arabic(places: list[tuple], cities: dict, countries: dict) -> list[str]:
    """`CC Name` of each capital of GeoNames' country table that is a city of `places` (rows
    surface, lang, type, id, country) without an Arabic surface, for build.py's --report."""
    named = {r[3] for r in places if r[1] == "ar"}
    out = []
    for cc, country in sorted(countries.items()):
        capital = (country.get("capital") or "").casefold()
        city = city_named(cc, {capital}, countries, cities) if capital else None
        if city is not None and f"geonames:{city['geonameid']}" not in named:
            out.append(f"{cc} {city['name']}")
    return out
