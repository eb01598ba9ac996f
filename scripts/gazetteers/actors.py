"""Organisation names and person-name words from the event-coding actor dictionaries.

Inputs (unchanged upstream copies in the shared data, `dictionaries/`):
  * petrarch2/Phoenix.{Countries,International,MilNonState}.actors.txt (English, MIT)
  * universalpetrarch-ar/actor_dict_ar_v4.txt (Arabic lemmas, MIT)

An actor entry is a name line (`NAME_WITH_UNDERSCORES [CODE]`), optional `+SYNONYM` lines and
code lines (`[CODE]` or dated `[CODE from-to]`). Entries are sorted into organisations, persons
and the rest (countries, places, generic agents such as «وزير_نقل_», which are skipped):

  * organisation: the name holds an organisation word (PARTY, MINISTRY, حزب, منظمة ...) or,
    in the files of international and non-state actors, is not a person; never a bare
    generic head with a nationality (SUDANESE_ARMY, «جيش سوداني»: the guidelines tag only the
    adjective), never a role (UN_ENVOY, «وزير خارجية مصري»);
  * person: a dated entry (leaders hold offices for a time) of at least two words with no
    organisation or role word; its single words go to names.tsv.

Every row keeps its provenance: the dictionary file and line of its entry.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

PHOENIX_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
                 "Phoenix.MilNonState.actors.txt")
# Files whose undated entries are organisations unless they look like persons.
ORG_FILES = {"Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"}
AR_ACTORS = "actor_dict_ar_v4.txt"

EN_ORG_WORDS = {
    "PARTY", "MINISTRY", "COUNCIL", "ARMY", "FRONT", "MOVEMENT", "ORGANIZATION", "ORGANISATION",
    "UNION", "ASSOCIATION", "COMMITTEE", "COMMISSION", "BANK", "FUND", "AGENCY", "INSTITUTE",
    "UNIVERSITY", "COMPANY", "CORPORATION", "CORP", "INC", "BRIGADE", "BRIGADES", "LEAGUE",
    "ALLIANCE", "COALITION", "CONGRESS", "PARLIAMENT", "ASSEMBLY", "SENATE", "COURT", "NAVY",
    "OFFICE", "DEPARTMENT", "BUREAU", "AUTHORITY", "FEDERATION", "SOCIETY", "CENTER", "CENTRE",
    "FOUNDATION", "NETWORK", "TRIBUNAL", "SECRETARIAT", "BOARD", "CABINET", "PROGRAMME",
    "PROGRAM", "FORUM", "CONFEDERATION", "SYNDICATE", "CARTEL", "GROUP", "BLOC", "JUNTA",
    "GUARD", "GUARDS", "MILITIA", "MILITIAS", "FORCES", "CORPS", "POLICE", "COMMAND",
    "KNESSET", "DUMA", "MAJLIS", "JIRGA", "NEWS", "TIMES", "AIRLINES", "AIRWAYS", "TELEVISION",
    "RADIO", "PRESS", "TRIBUNE", "HERALD", "POST", "SERVICE", "SERVICES", "TEAM", "CLUB",
}
# Heads that name a body only with a proper modifier: «the Sudanese army» is no organisation.
EN_GENERIC_HEADS = {"ARMY", "GOVERNMENT", "POLICE", "MILITARY", "FORCES", "FORCE", "TROOPS",
                    "NAVY", "AUTHORITIES", "CABINET", "PARLIAMENT", "COURT", "MINISTRY",
                    "REBELS", "MILITANTS", "OPPOSITION", "EMBASSY", "REGIME", "SOLDIERS"}

AR_ORG_HEADS = {
    "حزب", "حركة", "منظمة", "مجلس", "جبهة", "جيش", "وزارة", "هيئة", "اتحاد", "جامعة", "شركة",
    "بنك", "مصرف", "وكالة", "لجنة", "جمعية", "مؤسسة", "مركز", "صندوق", "محكمة", "تنظيم",
    "كتائب", "كتيبة", "تحالف", "ائتلاف", "مكتب", "برلمان", "جماعة", "رابطة", "نقابة", "قناة",
    "صحيفة", "إذاعة", "تيار", "مجمع", "معهد", "أكاديمية", "ديوان", "سلطة", "مفوضية", "منتدى",
    "حرس", "شرطة", "قوة", "قوات", "حكومة", "إدارة", "دائرة", "مديرية", "مصلحة", "بعثة",
}
# Words that open a person's name rather than a phrase («عبد الله», «بن علي»), or a preposition.
AR_PARTICLES = {"ل", "لل", "من", "في", "و", "عن", "على", "إلى", "بن", "ابن", "بنت", "أبو",
                "ابو", "عبد", "آل", "ال"}
AR_WORD = re.compile(r"^[\u0621-\u064A]+$")
EN_NAME_WORD = re.compile(r"^[a-z][a-z']{2,}$")
AR_MARKS = re.compile("[\u064B-\u0652\u0670\u0640]")


def parse_actors(path: Path) -> list[tuple[int, list[str], list[str]]]:
    """Entries of an actor file: (line of the name, names incl. synonyms, codes with dates)."""
    entries: list[tuple[int, list[str], list[str]]] = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        codes = re.findall(r"\[([^\]]*)\]", line)
        name = re.sub(r"\[[^\]]*\]", " ", line).strip()
        if name.startswith("+") and entries:
            entries[-1][1].append(name[1:].strip())
        elif name:
            entries.append((lineno, [name], codes))
            continue
        if entries:
            entries[-1][2].extend(codes)
    return entries


def words_of(name: str) -> list[str]:
    """The words of an actor name: underscores and spaces separate, parentheticals dropped."""
    name = re.sub(r"\([^)]*\)", " ", name)
    return [w for w in re.split(r"[_\s]+", name) if w]


def is_place(codes: list[str]) -> bool:
    """Whether every code is a bare country code (ABW, PSE): the entry names a place."""
    return bool(codes) and all(re.fullmatch(r"[A-Z]{3}", c.split()[0]) for c in codes)


def is_dated(codes: list[str]) -> bool:
    """Whether a code has a date range: offices are held for a time, so mostly persons."""
    return any(len(c.split()) > 1 for c in codes)


def en_rows(folder: Path, titles: set[str], demonyms: set[str], given: set[str],
            common: set[str]) -> tuple[list[tuple], list[tuple]]:
    """English organisation rows (surface, en, source) and person-name words (word, en, source).

    `titles`, `demonyms`, `given` (person-name words) and `common` (frequent words) are
    lower-cased."""
    orgs, names = [], []
    for file in PHOENIX_FILES:
        for lineno, names_of_entry, codes in parse_actors(folder / file):
            source = f"petrarch2/{file}:{lineno}"
            if not codes or is_place(codes):
                continue
            for name in names_of_entry:
                words = words_of(name)
                if len(words) > 1 and words[0] == "THE":
                    words = words[1:]
                if not words or any(not re.fullmatch(r"[A-Z0-9.'&-]+", w) for w in words):
                    continue
                upper = set(words)
                role = any(w.casefold() in titles for w in words)
                org_word = bool(upper & EN_ORG_WORDS)
                generic = (words[-1] in EN_GENERIC_HEADS
                           and all(w.casefold() in demonyms for w in words[:-1]))
                person_like = len(words) >= 2 and words[0].casefold() in given
                if org_word or (file in ORG_FILES and not is_dated(codes) and not person_like):
                    lone_word = len(words) == 1 and words[0].casefold() in common
                    if not role and not generic and not lone_word:
                        orgs.append((" ".join(words), "en", source))
                elif is_dated(codes) and len(words) >= 2 and not role:
                    names.extend((w.casefold(), "en", source) for w in words
                                 if EN_NAME_WORD.match(w.casefold()))
    return orgs, names


def ar_bare(word: str) -> str:
    """The word without the article «ال» (when at least three letters remain)."""
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


AR_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي"})


def ar_key(word: str) -> str:
    """A spelling-insensitive key (hamza forms, ta marbuta, alef maqsura), article dropped."""
    return ar_bare(word.translate(AR_FOLD))


AR_HEAD_KEYS = {ar_key(h) for h in AR_ORG_HEADS}


def ar_surfaces(words: list[str]) -> set[str]:
    """Surface forms of an Arabic lemma phrase: the words as written, and the construct form
    of a HEAD + lemmas phrase («مجلس أمن دولي» → «مجلس الأمن الدولي»), with nisba adjectives
    in the gender of a feminine head («منظمة عفو دولي» → «منظمة العفو الدولية»)."""
    out = {" ".join(words)}
    if len(words) < 2 or words[0] in AR_PARTICLES:
        return out
    feminine = words[0].endswith("ة")
    built = [words[0]]
    joined_l = False
    for w in words[1:]:
        if w == "ل":
            joined_l = True
            continue
        if w in AR_PARTICLES:
            built.append(w)
            continue
        if feminine and w.endswith("ي") and not w.startswith("ال"):
            w = w + "ة"
        definite = w if w.startswith("ال") else "ال" + w
        built.append("ل" + definite[1:] if joined_l else definite)
        joined_l = False
    out.add(" ".join(built))
    return out


def is_group_plural(word: str, codes: list[str]) -> bool:
    """Whether a lone Arabic word is the masculine plural of a nisba («الحوثيون», «حوثيين»)
    with a sector code: a movement named after its founder or place, not a people."""
    return word.endswith(("يون", "يين")) and any(
        re.fullmatch(r"[A-Z]{6,}", c.split()[0]) for c in codes)


def ar_rows(path: Path, titles: set[str], demonyms: set[str], given: set[str],
            common: set[str]) -> tuple[list[tuple], list[tuple]]:
    """Arabic organisation rows and person-name words from the UniversalPetrarch actors.

    `titles`, `demonyms`, `given` (person-name words) and `common` (frequent words) hold
    [`ar_key`] forms."""
    orgs, names = [], []
    for lineno, names_of_entry, codes in parse_actors(path):
        source = f"universalpetrarch-ar/{path.name}:{lineno}"
        if not codes or is_place(codes):
            continue
        for name in names_of_entry:
            words = [AR_MARKS.sub("", w) for w in words_of(name)]
            if not words or not all(AR_WORD.match(w) for w in words):
                continue
            keys = [ar_key(w) for w in words]
            if any(k in titles for k in keys):
                continue
            if keys[0] in AR_HEAD_KEYS and len(words) >= 2:
                # A head with only nationality adjectives is generic («حكومة إثيوبية»).
                rest = [k for w, k in zip(words[1:], keys[1:]) if w not in AR_PARTICLES]
                if not all(k in demonyms for k in rest):
                    orgs.extend((s, "ar", source) for s in sorted(ar_surfaces(words)))
            elif len(words) == 1:
                # A lone undated name with a sector code: «حماس» [PSEREB], «البنتاغون» [USAMIL];
                # not a person's name or family name («الغنوشي»), a people («الصرب») or a
                # common word («شمس»). The plural of a nisba coded with a sector names a
                # movement by its founder or place, dated or not («الحوثيين» [YEMREB]).
                if is_group_plural(words[0], codes) or not (
                        is_dated(codes) or keys[0] in given or keys[0] in demonyms
                        or keys[0] in common or words[0].endswith("ي")):
                    orgs.append((words[0], "ar", source))
            elif keys[0] in given and not any(k in AR_HEAD_KEYS for k in keys):
                names.extend((w, "ar", source) for w, k in zip(words, keys)
                             if w not in AR_PARTICLES and len(w) >= 3
                             and k not in demonyms and k not in common)
    return orgs, names


def parse_date(text: str) -> str | None:
    """An ISO date of a dictionary date: `YYYYMMDD`, or `YYMMDD` with YY <= 30 read as 20YY
    and the rest as 19YY (the files' two-digit years run from the 1930s to the 2020s). A day
    past the month's end (20070231) is its last day; None for a month or day 0 or over 12/31.
    """
    if len(text) == 6:
        text = ("20" if int(text[:2]) <= 30 else "19") + text
    year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    while day > 28:
        try:
            datetime.date(year, month, day)
            break
        except ValueError:
            day -= 1
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_code(code: str) -> tuple[str, str, str] | None:
    """The code and validity of a code field: `USAGOV` → (USAGOV, "", ""), `USAGOV >090120`
    → (USAGOV, 2009-01-20, ""), `IRQGOV 20101221-20140908` → both bounds, `<20041231` an end.
    An end before the start (the Arabic file's `-18000101`) means no end. None when malformed.
    """
    parts = code.replace(" - ", "-").split()
    if not parts or not re.fullmatch(r"~?[A-Z]{3,}", parts[0]):
        return None
    valid_from = valid_to = ""
    for part in parts[1:]:
        m = re.fullmatch(r"([<>]?)(\d{6}|\d{8})(?:-(\d{6}|\d{8}))?", part)
        if not m:
            return None
        dates = [parse_date(g) for g in m.group(2, 3) if g]
        if None in dates:
            return None
        if m.group(3):
            valid_from, valid_to = dates
        elif m.group(1) == "<":
            valid_to = dates[0]
        else:
            valid_from = dates[0]
    if valid_from and valid_to and valid_to < valid_from:
        valid_to = ""
    return parts[0].lstrip("~"), valid_from, valid_to
