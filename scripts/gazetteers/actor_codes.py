#!/usr/bin/env python3
"""Build the events crate's actor-code lexicon (crates/events/lexicons/actors.tsv) from the
event-coding dictionaries of the shared data (`dictionaries/`, read with actors.py):

  * actors: Phoenix.{Countries,International,MilNonState}.actors.txt (English) and
    UniversalPetrarch actor_dict_ar_v4.txt (Arabic lemmas, also in construct form);
  * agents: Phoenix.agents.txt (English, with their plurals) and the Arabic glosses of
    UniversalPetrarch agents.all.ar.txt;
  * CountryInfo.120116.txt leaders and government officials, only names the Phoenix files do
    not have (Phoenix already took most of them over).

It also writes iso3.tsv beside it: CountryInfo's ISO 3166 alpha-2 → alpha-3 pairs, the country
part of the code of a nationality or place the entity stage links to a country.

A row is (surface, lang, kind, country, sector, valid from, valid to, source file:line): kind
`actor` (a name) or `agent` (a common noun giving a sector: police, «الشرطة»). A CAMEO code
`USAGOVMIL` is split into the country (ISO3, USA) and the first sector (GOV); a transnational
code (`IGOUNO`, `NGO...`) has no country and its first three letters as sector; codes of
regions and religions are dropped. Left out, and why:
  * places (a bare country code, [TUR] for Ankara): countries.tsv and the gazetteers do them;
  * English names opened by a title or honorific (PRESIDENT_OBAMA_, MR_CLINTON): the entity
    tagger's mention of a person holds the name only, so a person's title words are dropped
    (OBAMA stays); other entries opened by a title word are roles, left to roles.tsv;
  * surfaces of one or two letters and English surfaces with other than letters, digits and
    `.'&-`.
Output is deterministic (sorted, no timestamps): `python3 scripts/gazetteers/actor_codes.py
[--dictionaries DIR] [--out FILE]`. The event stage reads actors.tsv through its image
(crates/events/lexicons/actors.img): after a change, run `khabar train actor-codes` and commit
both (a test fails while the image is stale).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import actors

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
GAZETTEER = REPO / "crates" / "ner" / "data" / "gazetteer"
DEFAULT_OUT = REPO / "crates" / "events" / "lexicons" / "actors.tsv"
ISO_FILE = "iso3.tsv"  # beside the actor codes
LICENCES = ("Phoenix and UniversalPetrarch dictionaries MIT (Open Event Data Alliance); "
            "CountryInfo CC BY-SA 3.0 (c) 2012 Philip A. Schrodt.")
DEFAULT_DICTIONARIES = REPO.parent / "shared" / "data" / "dictionaries"

# Transnational prefixes that stand where a country would (the sector of the output).
TRANSNATIONAL = {"IGO", "NGO", "MNC"}
# CAMEO sector codes kept (primary and secondary roles of the CAMEO actor codebook).
SECTORS = {"GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "LEG", "MED", "EDU", "BUS",
           "CRM", "CVL", "ELI", "HLH", "HRI", "LAB", "REF", "REL", "AGR", "ENV", "UAF", "INS",
           "SEP", "MOD", "RAD", "DEV", "IGO", "NGO", "MNC"}
HONORIFICS = {"MR", "MR.", "MRS", "MRS.", "MS", "MS.", "DR", "DR.", "THE", "US", "U.S.", "UN",
              "U.N.", "FORMER", "EX", "SENIOR", "ACTING", "SIR", "LORD", "LADY"}
EN_SURFACE = re.compile(r"^[A-Z0-9.'&-]+$")


def read_column(path: Path, lang: str, keep=lambda row: True) -> set[str]:
    """The casefolded first column of a gazetteer file's rows in `lang`."""
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        row = line.split("\t")
        if line.startswith("#") or len(row) < 2 or row[1] != lang or not keep(row):
            continue
        out.add(row[0].casefold())
    return out


def split_code(code: str) -> tuple[str, str] | None:
    """(country, sector) of a CAMEO code: USAGOVMIL → (USA, GOV), IGOUNO → ("", IGO), MIL →
    ("", MIL); None for codes of regions, religions and ethnic groups."""
    prefix, rest = code[:3], code[3:6]
    if prefix in TRANSNATIONAL:
        return "", prefix
    if prefix in ISO3:
        return prefix, rest if rest in SECTORS else ""
    if prefix in SECTORS and not rest:
        return "", prefix
    return None


def code_rows(codes: list[str]) -> list[tuple[str, str, str, str]]:
    """(country, sector, from, to) of an entry's code fields, malformed and unusable ones left
    out."""
    out = []
    for field in codes:
        parsed = actors.parse_code(field)
        split = parsed and split_code(parsed[0])
        if parsed and split:
            out.append((*split, parsed[1], parsed[2]))
    return out


def en_surface(name: str, person: bool, titles: set[str], demonyms: set[str]) -> str | None:
    """The surface of an English dictionary name, or None when it is left out: a person's
    leading titles, honorifics and nationalities dropped; another name opened by a title is a
    role."""
    words = actors.words_of(name)
    if not all(EN_SURFACE.match(w) for w in words):
        return None
    is_lead = lambda w: w.casefold() in titles or w in HONORIFICS or w.casefold() in demonyms
    if person:
        while words and is_lead(words[0]):
            words = words[1:]
    elif words and words[0] == "THE":
        words = words[1:]
    if not words or (not person and words[0].casefold() in titles):
        return None
    surface = " ".join(words)
    return surface if len(surface) > 2 else None


def phoenix_actor_rows(folder: Path, titles: set[str], demonyms: set[str]) -> list[tuple]:
    rows = []
    for file in actors.PHOENIX_FILES:
        for lineno, names, codes in actors.parse_actors(folder / file):
            if not codes or actors.is_place(codes):
                continue
            person = actors.is_dated(codes)
            coded = code_rows(codes)
            for name in names:
                surface = en_surface(name, person, titles, demonyms)
                if surface:
                    rows += [(surface, "en", "actor", *c, f"petrarch2/{file}:{lineno}")
                             for c in coded]
    return rows


def en_plural(word: str) -> str:
    """The regular English plural of a word (an agent's last word)."""
    if re.search(r"[^AEIOU]Y$", word):
        return word[:-1] + "IES"
    if re.search(r"(S|SH|CH|X|Z)$", word):
        return word + "ES"
    if word.endswith("MAN"):
        return word[:-3] + "MEN"
    return word + "S"


def phoenix_agent_rows(path: Path) -> list[tuple]:
    """Agents `NAME [~CODE]`, `!MACRO!` words expanded, with their plurals (`{PLURAL}` given,
    `{}` none, else the regular plural of the last word)."""
    macros: dict[str, list[str]] = {}
    rows = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if m := re.fullmatch(r"(![A-Z]+!)\s*=\s*(.+)", line):
            macros[m.group(1)] = [w.strip() for w in m.group(2).split(",")]
            continue
        m = re.fullmatch(r"([^\[{]+?)\s*(?:\{([^}]*)\})?\s*\[([^\]]+)\]", line)
        if not m:
            continue
        coded = code_rows([m.group(3)])
        names = [m.group(1).strip("_ ")]
        for macro, words in macros.items():
            if macro in names[0]:
                names = [names[0].replace(macro, w) for w in words]
        if m.group(2) is not None:
            names += [m.group(2).strip("_ ")] if m.group(2).strip() else []
        elif all(macro not in m.group(1) for macro in macros):
            words = names[0].split("_")
            names.append("_".join(words[:-1] + [en_plural(words[-1])]))
        for name in names:
            words = actors.words_of(name)
            if words and all(EN_SURFACE.match(w) for w in words):
                rows += [(" ".join(words), "en", "agent", *c,
                          f"petrarch2/{path.name}:{lineno}") for c in coded]
    return rows


def ar_actor_rows(path: Path, titles: set[str]) -> list[tuple]:
    """Arabic actors: each name as written and in its construct form (actors.ar_surfaces);
    entries opened by a title word with nothing but a sector («وزير_دفاع_» [GOV]) are roles."""
    rows = []
    source_of = lambda n: f"universalpetrarch-ar/{path.name}:{n}"
    for lineno, names, codes in actors.parse_actors(path):
        coded = code_rows(codes)
        if not coded or actors.is_place(codes):
            continue
        for name in names:
            words = [actors.AR_MARKS.sub("", w) for w in actors.words_of(name)]
            if not words or not all(actors.AR_WORD.match(w) for w in words):
                continue
            if actors.ar_key(words[0]) in titles and all(not c[0] for c in coded):
                continue
            kind = "agent" if all(not c[0] for c in coded) else "actor"
            for surface in sorted(actors.ar_surfaces(words)):
                if len(surface) > 2:
                    rows += [(surface, "ar", kind, *c, source_of(lineno)) for c in coded]
    return rows


def ar_agent_rows(path: Path) -> list[tuple]:
    """The Arabic glosses of the English agents: `NAME [~CODE]gloss` (a gloss in a comment or
    with a question mark is uncertain and left out)."""
    rows = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = re.match(r"[^#\[]*\[([^\]]+)\]([^#?]*)$", raw)
        if not m:
            continue
        gloss = actors.AR_MARKS.sub("", m.group(2)).strip()
        words = gloss.split()
        if words and all(actors.AR_WORD.match(w) for w in words) and len(gloss) > 2:
            rows += [(gloss, "ar", "agent", *c, f"universalpetrarch-ar/{path.name}:{lineno}")
                     for c in code_rows([m.group(1)])]
    return rows


def countryinfo_rows(path: Path, known: set[str], titles: set[str],
                     demonyms: set[str]) -> list[tuple]:
    """Leaders (`NAME_ [YYYYMMDD - YYYYMMDD]`, the country's GOV) and government officials
    (`NAME_ [CODE dates]`) of each country block, names the Phoenix files lack."""
    rows = []
    country, section = "", ""
    text = path.read_text(encoding="utf-8", errors="replace")
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if m := re.fullmatch(r"<CountryCode>([A-Z]{3})</CountryCode>", line):
            country = m.group(1)
        elif line in ("<Leaders>", "<Government>", "</Leaders>", "</Government>"):
            section = "" if line.startswith("</") else line
        elif section and (m := re.match(r"([A-Z][A-Z0-9_.'-]+)\s+\[([^\]]+)\]", line)):
            code = m.group(2)
            if section == "<Leaders>":
                code = f"{country}GOV {code.replace(' ', '')}"
            surface = en_surface(m.group(1), True, titles, demonyms)
            if surface and surface not in known:
                rows += [(surface, "en", "actor", *c, f"countryinfo/{path.name}:{lineno}")
                         for c in code_rows([code])]
    return rows


def read_iso3(path: Path) -> set[str]:
    """The ISO3 codes of CountryInfo's country blocks."""
    text = path.read_text(encoding="utf-8", errors="replace")
    return set(re.findall(r"<CountryCode>([A-Z]{3})</CountryCode>", text))


def iso_rows(path: Path) -> list[tuple]:
    """(ISO2, ISO3, source) of CountryInfo's country blocks whose ISO 3166 alpha-3 is their
    CAMEO country code (the rest are sub-national codes such as FRAGLP, or copy errors: the
    GUATEMALA block gives Guadeloupe's GP/GLP)."""
    rows = []
    code = alpha2 = ""
    text = path.read_text(encoding="utf-8", errors="replace")
    for lineno, line in enumerate(text.splitlines(), 1):
        if m := re.search(r"<CountryCode>([^<]*)</CountryCode>", line):
            code, alpha2 = m.group(1), ""
        elif m := re.search(r"<ISO3166-alpha2>([A-Z]{2})</ISO3166-alpha2>", line):
            alpha2 = m.group(1)
        elif m := re.search(r"<ISO3166-alpha3>([A-Z]{3})</ISO3166-alpha3>", line):
            if alpha2 and m.group(1) == code:
                rows.append((alpha2, code, f"countryinfo/{path.name}:{lineno}"))
    return sorted(rows)


ISO3: set[str] = set()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dictionaries", type=Path, default=DEFAULT_DICTIONARIES)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    d = args.dictionaries
    countryinfo = d / "countryinfo" / "CountryInfo.120116.txt"
    ISO3.update(read_iso3(countryinfo))
    titles = read_column(GAZETTEER / "roles.tsv", "en", lambda r: r[3] == "title")
    ar_titles = {actors.ar_key(t) for t in read_column(GAZETTEER / "roles.tsv", "ar")}
    demonyms = read_column(GAZETTEER / "demonyms.tsv", "en")
    phoenix = phoenix_actor_rows(d / "petrarch2", titles, demonyms)
    groups = {
        "Phoenix actors": phoenix,
        "Phoenix agents": phoenix_agent_rows(d / "petrarch2" / "Phoenix.agents.txt"),
        "UniversalPetrarch Arabic actors": ar_actor_rows(
            d / "universalpetrarch-ar" / actors.AR_ACTORS, ar_titles),
        "UniversalPetrarch agents (Arabic glosses)": ar_agent_rows(
            d / "universalpetrarch-ar" / "agents.all.ar.txt"),
        "CountryInfo leaders and government": countryinfo_rows(
            countryinfo, {r[0] for r in phoenix}, titles, demonyms),
    }
    seen: set[tuple] = set()
    out = []
    counts = []
    for label, rows in groups.items():
        kept = 0
        for row in rows:
            if row[:7] not in seen:
                seen.add(row[:7])
                out.append(row)
                kept += 1
        counts.append(f"{label} {kept}")
    out.sort()
    header = [
        "# Actor codes from the event-coding dictionaries (scripts/gazetteers/actor_codes.py;",
        "# do not edit, rebuild). Columns: surface, lang, kind (actor | agent), country (ISO3,",
        "# empty for transnational bodies and agents), sector (CAMEO), valid from, valid to",
        "# (ISO dates, empty = open), source file:line under the shared data's dictionaries/.",
        "# Rows per source: " + "; ".join(counts) + ".",
        "# Licences: " + LICENCES,
    ]
    with args.out.open("w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(header) + "\n")
        for row in out:
            f.write("\t".join(row) + "\n")
    print(f"{args.out}: {len(out)} rows ({'; '.join(counts)})")
    iso = iso_rows(countryinfo)
    iso_out = args.out.parent / ISO_FILE
    with iso_out.open("w", encoding="utf-8", newline="\n") as f:
        f.write("# ISO 3166 alpha-2 -> alpha-3 codes of CountryInfo's country blocks, for the country\n"
                "# part of actor codes of any country the entity stage links (built with actors.tsv by\n"
                "# scripts/gazetteers/actor_codes.py; do not edit). Columns: iso2, iso3, source.\n"
                "# Licence: CountryInfo CC BY-SA 3.0 (c) 2012 Philip A. Schrodt.\n")
        for row in iso:
            f.write("\t".join(row) + "\n")
    print(f"{iso_out}: {len(iso)} rows")


if __name__ == "__main__":
    main()
