"""Place names from CLDR (Babel): countries and territories, the world's regions and the
cities that name time zones, folded, per language. A place says where something happens;
names, periods and the scorer ask whether a word is one."""

from __future__ import annotations

from functools import cache, lru_cache

from pipeline.facts.gazetteer import fold
from pipeline.facts.lemmas import lemma


@cache
def city_names(lang: str) -> frozenset[str]:
    """Folded names of the cities that name time zones (CLDR via Babel: "New York",
    "Madrid"), with their names in `lang` ("Nueva York", "Londra")."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    out = {fold(z.rsplit("/", 1)[-1].replace("_", " ")) for z in get_global("zone_territories")}
    try:
        out |= {fold(v["city"]) for v in Locale.parse(lang).time_zones.values() if v.get("city")}
    except (UnknownLocaleError, ValueError):
        pass
    return frozenset(out)


@cache
def city_territories(lang: str) -> dict[str, str]:
    """Folded one-word time-zone city (in English and in `lang`) -> its territory (CLDR via
    Babel): "casablanca" -> MA. A city that names zones in two territories is left out."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    try:
        local = {z: v["city"] for z, v in Locale.parse(lang).time_zones.items()
                 if v.get("city")}
    except (UnknownLocaleError, ValueError):
        local = {}
    seen: dict[str, set[str]] = {}
    for zone, territory in get_global("zone_territories").items():
        for name in (zone.rsplit("/", 1)[-1].replace("_", " "), local.get(zone, "")):
            city = fold(name)
            if city and " " not in city and len(city) > 3:
                seen.setdefault(city, set()).add(territory)
    return {c: ts.pop() for c, ts in seen.items() if len(ts) == 1}


def _territories(lang: str) -> dict[str, str]:
    """CLDR's territory names in `lang` (Babel), by code: letters for countries and
    territories, digits for the world's regions; {} for a locale Babel does not know."""
    from babel import Locale, UnknownLocaleError

    try:
        return dict(Locale.parse(lang).territories)
    except (UnknownLocaleError, ValueError):
        return {}


@cache
def country_names(lang: str) -> frozenset[str]:
    """Folded country and territory names in `lang`, from CLDR (Babel)."""
    return frozenset(fold(n) for code, n in _territories(lang).items() if code.isalpha())


@cache
def region_words(lang: str) -> frozenset[str]:
    """Folded words of the world's regions in `lang`, from CLDR (Babel): "Europe",
    "America" (of "South America"), "Asia"."""
    return frozenset(w for code, n in _territories(lang).items() if code.isdigit()
                     for w in fold(n).split() if len(w) > 3)


# the endings a nationality adjective takes after its country's stem ("uruguay-o", "chil-
# ena", "sénégal-ais"): gender and number, never an accented verb ending ("indic-ó")
_DEMONYM_TAIL = ("o", "a", "os", "as", "e", "es", "i", "en", "ens", "enne", "ennes", "ien",
                 "ienne", "iens", "iennes", "ais", "aise", "aises", "ain", "aine", "ains",
                 "aines", "ano", "ana", "ani", "ane", "anos", "anas", "ese", "esi", "eno", "ena",
                 "enos", "enas", "ino", "ina", "inos", "inas", "yo", "ya", "yos", "yas")
# a past participle is no nationality ("indic-ato", "indic-ado")
_PARTICIPLE_TAIL = ("ato", "ata", "ati", "ate", "ado", "ada", "ados", "adas", "ito", "ita",
                    "iti", "ite", "ido", "ida", "idos", "idas")


@lru_cache(maxsize=1 << 14)
def country_adjective(word: str, lang: str) -> bool:
    """Whether a lower-case word is a nationality adjective of `lang` by its country's name
    (CLDR via Babel): it opens with the stem of a one-word country name (the name less its
    last two letters, at least four; or the whole name) and ends in a gender or number
    ending, a few letters on ("uruguayo", "paraguaya", "camerounais", "colombiano"): no
    list of nationalities to type; or a language official somewhere, in any of its forms
    ("grecque", "tedeschi": `_language_adjectives`)."""
    if not word.islower() or not word.isalpha():
        return False
    if word in _language_adjectives(lang) or lemma(word, lang) in _language_adjectives(lang):
        return True  # "allemand(e)", "griego", "tedeschi": a state's language names its people
    if not word.endswith(_DEMONYM_TAIL) or word.endswith(_PARTICIPLE_TAIL):
        return False
    folded = fold(word)
    return any(folded.startswith(stem) and len(folded) - len(stem) <= room
               for stem, room in _country_stems(lang))


@cache
def _language_adjectives(lang: str) -> frozenset[str]:
    """Lower-case names, in `lang`, of the languages official somewhere (CLDR via Babel):
    in French, Italian and Spanish a state's language is also its nationality adjective
    ("grec", "néerlandais", "alemán", "tedesco"), where the country's stem does not give it."""
    from babel import Locale
    from babel.core import get_global

    official = {code for langs in get_global("territory_languages").values()
                for code, info in langs.items()
                if info.get("official_status") in ("official", "de_facto_official")}
    try:
        names = Locale.parse(lang).languages
    except (ValueError, TypeError):
        return frozenset()
    return frozenset(n for code, n in names.items()
                     if code in official and n.isalpha() and n.islower() and len(n) > 3)


@cache
def _country_stems(lang: str) -> frozenset[tuple[str, int]]:
    """(stem, letters allowed after it): a one-word country name less its last two letters
    ("urugu" of "uruguay", four after it), and the whole name ("senegal", five after it:
    "sénégalais")."""
    names = [fold(n) for code, n in _territories(lang).items() if code.isalpha()]
    names = [n for n in names if " " not in n and len(n) >= 4]
    return frozenset([(n[:max(4, len(n) - 2)], 4) for n in names] + [(n, 5) for n in names])
