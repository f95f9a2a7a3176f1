"""Currency names in each language from CLDR (Babel's locale data), not from typed lists.

For every currency in use today (ISO 4217), CLDR gives its display name and plural forms
per locale ("won sudcoreani", "francs suisses", "Brasilianische Real"). Those full names
map to one code each. The bare head noun of a name ("won", "reais", "pesos", "Franken")
maps to its code when only one current currency carries it, else to "" (the word alone
does not tell the country); `rules/currencies.toml` `[bare_preference]` settles the few
heads whose other bearers no business news quotes ("won" -> KRW, not KPW). Bare heads are
common words too ("real", "won", "rand"), so `money.py` accepts them only after a scale
word or a number with thousands separators. Typed words in `rules/<lang>/money.toml` win
over anything here.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from pipeline.facts.lexicon import lang_toml, load_toml


def _norm(p: str) -> str:
    return " ".join(p.replace("-", " ").replace("’", "'").lower().split())


@cache
def current_currencies() -> frozenset[str]:
    """ISO codes that are legal tender somewhere today, per CLDR's territory data."""
    from babel.core import get_global
    from babel.numbers import get_territory_currencies

    today = dt.date.today()
    codes: set[str] = set()
    for territory in get_global("territory_currencies"):
        codes.update(get_territory_currencies(territory, start_date=today, tender=True))
    return frozenset(codes)


@cache
def _names(lang: str) -> dict[str, set[str]]:
    """code -> every display form (singular and plural) in `lang`, normalised."""
    from babel import Locale, UnknownLocaleError

    try:
        loc = Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return {}
    plurals = loc._data["currency_names_plural"]
    out: dict[str, set[str]] = {}
    for code in current_currencies():
        forms = {loc.currencies.get(code, "")}
        forms.update(dict(plurals.get(code) or {}).values())
        kept = {_norm(f) for f in forms if f and any(ch.isalpha() for ch in f)}
        if kept:
            out[code] = kept
    return out


@cache
def full_names(lang: str) -> dict[str, str]:
    """Normalised full currency name ("franchi svizzeri") -> ISO code, for `lang`."""
    by_name: dict[str, set[str]] = {}
    for code, forms in _names(lang).items():
        for form in forms:
            if " " in form:
                by_name.setdefault(form, set()).add(code)
    return {name: codes.pop() for name, codes in by_name.items() if len(codes) == 1}


@cache
def _heads(lang: str) -> dict[str, frozenset[str]]:
    """Head noun of currency names -> every current currency that carries it."""
    head = lang_toml(lang, "money").get("currency_head", "last")
    by_head: dict[str, set[str]] = {}
    for code, forms in _names(lang).items():
        for form in forms:
            words = form.split()
            word = words[-1] if head == "last" else words[0]
            if len(word) > 1:
                by_head.setdefault(word, set()).add(code)
    return {w: frozenset(c) for w, c in by_head.items()}


@cache
def _territories(lang: str) -> tuple[tuple[str, str], ...]:
    """(folded stem of a country name in `lang`, territory code): the stem is the name less
    its last letters, so adjectives match too ("mexicano", "marocain", "Schweizer")."""
    return tuple((name[:max(4, len(name) - 2)], code)
                 for name, code in _full_names(lang).items() if len(name) >= 4)


def _named_cities(folded: str, lang: str) -> set[str]:
    """The territories of the cities the folded text names ("Casablanca" -> MA, "Niamey" ->
    NE): CLDR's time-zone cities, in English and in `lang` (`places.city_territories`)."""
    from pipeline.facts.places import city_territories

    cities = city_territories(lang)
    return {cities[w] for w in set(re.findall(r"[a-z]+(?:[-'][a-z]+)*", folded)) if w in cities}


@cache
def _full_names(lang: str) -> dict[str, str]:
    """Folded one-word country name in `lang` -> its territory code (CLDR via Babel)."""
    from babel import Locale, UnknownLocaleError

    from pipeline.facts.gazetteer import fold

    try:
        names = Locale.parse(lang).territories
    except (UnknownLocaleError, ValueError):
        return {}
    return {fold(name): code for code, name in names.items()
            if code.isalpha() and len(code) == 2 and " " not in fold(name)}


def country_of_url(url: str | None) -> str | None:
    """The country a page's address names: its host's two-letter top-level domain when CLDR
    knows it as a territory ("https://www.eluniversal.com.mx/..." -> "MX", ".uk" -> "GB");
    None for a generic domain (".com", ".org") or no address. Where a story was published
    says which "pesos", "francs" or "$" it means when its words do not."""
    from urllib.parse import urlsplit

    from babel.core import get_global

    if not url or not isinstance(url, str):
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    except ValueError:
        return None
    tld = host.rstrip(".").rsplit(".", 1)[-1].upper()
    tld = {"UK": "GB"}.get(tld, tld)
    if len(tld) != 2 or not tld.isalpha():
        return None
    return tld if tld in get_global("territory_currencies") else None


def currency_in_context(word: str, text: str, lang: str, country: str | None = None
                        ) -> str | None:
    """The currency an ambiguous word ("pesos", "francs", "dirhams") or symbol ("FCFA")
    means in `text`: the one that the single country the text names (or its adjective:
    "mexicana", "suisse") has as legal tender, among the currencies the word can name
    (`_heads`, or `_shared` for a symbol or word of several countries); when the text names
    none, the one of `country` (where the story was published: `country_of_url`); else
    the one of the single country whose time-zone cities the text names ("Casablanca":
    dirhams are MAD); else None."""
    import datetime as dt

    from babel.numbers import get_territory_currencies

    from pipeline.facts.gazetteer import fold

    codes = _heads(lang).get(word.lower()) or _shared(word, lang)
    if not codes:
        return None
    found: set[str] = set()
    folded = fold(text)
    for territory in _named_territories(folded, lang):
        found.update(c for c in get_territory_currencies(territory, dt.date.today())
                     if c in codes)
    if not found:  # no country named: one whose companies' legal form the text writes
        for territory in _legal_form_territories(text):
            found.update(c for c in get_territory_currencies(territory, dt.date.today())
                         if c in codes)
    if not found and country:
        found = {c for c in get_territory_currencies(country, dt.date.today()) if c in codes}
    if not found:  # no country named, none of the address: a city that names a time zone
        for territory in _named_cities(folded, lang):
            found.update(c for c in get_territory_currencies(territory, dt.date.today())
                         if c in codes)
    return found.pop() if len(found) == 1 else None


def _legal_form_territories(text: str) -> set[str]:
    """The countries whose companies' legal forms `text` writes ("Operadora SAYM S.A. de
    C.V.", "Comunicación Segura SA de CV": Mexico): rules/currencies.toml
    `legal_form_countries`, dots and spaces optional, case as written."""
    return {territory for rx, territory in _legal_forms() if rx.search(text)}


@cache
def _legal_forms() -> tuple[tuple[re.Pattern[str], str], ...]:
    out = []
    for form, territory in load_toml("currencies.toml").get("legal_form_countries", {}).items():
        parts = [re.escape(w) for w in re.findall(r"[^\W\d_]+", form)]
        body = r"\.?\s*".join(p if len(p) == 1 else rf"{p}\b" for p in parts)
        out.append((re.compile(rf"(?<!\w){body}\.?(?!\w)"), str(territory)))
    return tuple(out)


def _shared(word: str, lang: str) -> frozenset[str] | None:
    """The currencies a symbol ("FCFA") or word ("crowns": rules/<lang>/money.toml
    `shared_words`) of several countries can name."""
    low = word.lower()
    words = lang_toml(lang, "money").get("shared_words", {})
    if low in words:
        return frozenset(words[low])
    return next((v for k, v in shared_symbols().items() if k.lower() == low), None)


def _named_territories(folded: str, lang: str) -> set[str]:
    """The territories whose names (or adjectives) the folded text's words open with; a word
    names the one with the longest such stem ("nigerian" is Nigeria's, not Niger's)."""
    out: set[str] = set()
    for w in set(folded.split()):
        exact = _full_names(lang).get(w)
        if exact:  # "Niger" is Niger's whole name, though Nigeria's stem opens it too
            out.add(exact)
            continue
        hits = [(stem, t) for stem, t in _territories(lang) if w.startswith(stem)]
        if hits:
            longest = max(len(stem) for stem, _ in hits)
            out.update(t for stem, t in hits if len(stem) == longest)
    return out


def dollar_in_context(text: str, lang: str, country: str | None = None) -> str | None:
    """The currency a bare "$" means in `text`: the one whose local symbol is "$" (CLDR) in
    the single country the text names among those that write their money so ("Australia",
    "canadien" -> CAD), when the text names no US ("US", "américain", "Wall Street":
    currencies.toml `us_markers`, or the country's name in `lang`); with no country named,
    that of `country`, where the story was published, when it is one of them (a Mexican
    paper's "$500 millones"), else the language's own "$" (`_local_dollar`: French "1,5
    M$" is Quebec's); else None (the symbol's default, USD, stands)."""
    from pipeline.facts.gazetteer import fold

    text = _US_DOLLAR.sub(" ", text)  # "55 810 $ US" names its own money, not the others'
    folded = fold(text)
    if re.search(r"\bU\.?S\.?A?\b", text) or _us_markers().search(folded) \
            or (_us_name(lang) and _us_name(lang) in folded):
        return None
    folded = fold(_COUNTRY_IN_NAME.sub(lambda m: _qualifier(m, lang), text))
    words = set(re.findall(r"[a-z]+", folded))
    found = {code for stem, territory, code in _dollar_territories(lang)
             if (" " in stem and stem in folded)
             or any(w.startswith(stem) for w in words)}
    if not found:
        site = {code for _, territory, code in _dollar_territories(lang)
                if territory == country}
        return site.pop() if len(site) == 1 else _local_dollar(lang)
    return found.pop() if len(found) == 1 else None


# The US dollar written out beside an amount ("US$ 5", "5 $ US", "5 $US", "USD 5"): a writer
# who marks the US dollar so marks the exception; the bare "$" around it is another dollar.
_US_DOLLAR = re.compile(r"\bU\.?S\.?\s?\$|\$\s?U\.?S\.?(?![A-Za-z])|\bUSD\b")

# A place that qualifies a company rather than the money: "Singapore's SilkAir", "the
# Singapore-based exchange". Removed before looking for the country whose dollar "$" means.
_COUNTRY_IN_NAME = re.compile(
    r"\b[A-Z][\w.]*(?:['’]s\s+(?P<next>[A-Z]\w*)|-(?:based|listed|headquartered|owned"
    r"|registered)\b)")


def _qualifier(m: re.Match[str], lang: str) -> str:
    """" " for a place that qualifies a company; the match itself when the name after the
    possessive is the country's own body ("Australia's Department of Defence":
    deals.toml `public_heads`), whose money it is."""
    nxt = m.group("next")
    if nxt is None:
        return " "
    heads = lang_toml(lang, "deals").get("public_heads", [])  # sides.py is above this module
    return m.group(0) if nxt.lower() in heads else " " + nxt


@cache
def _us_name(lang: str) -> str | None:
    """The United States' name in `lang` (CLDR), folded: "etats-unis", "stati uniti"."""
    from babel import Locale, UnknownLocaleError

    from pipeline.facts.gazetteer import fold

    try:
        name = Locale.parse(lang).territories.get("US")
    except (UnknownLocaleError, ValueError):
        return None
    return fold(name) if name else None


@cache
def _local_dollar(lang: str) -> str | None:
    """What a bare "$" means in `lang` when nothing around it says: where CLDR writes the US
    dollar otherwise ("$US" in French) and one region of the language alone writes its own
    money "$" (fr_CA: CAD), that money; else None (USD stands). Spanish, where several
    regions write their pesos "$", keeps None."""
    import datetime as dt

    from babel import Locale, UnknownLocaleError, localedata
    from babel.numbers import get_currency_symbol, get_territory_currencies

    try:
        if get_currency_symbol("USD", locale=lang) == "$":
            return None
    except (UnknownLocaleError, ValueError):
        return None
    found: set[str] = set()
    for ident in localedata.locale_identifiers():
        if not ident.startswith(f"{lang}_"):
            continue
        territory = Locale.parse(ident).territory
        if not territory:
            continue
        tender = get_territory_currencies(territory, dt.date.today(), tender=True)
        if tender and get_currency_symbol(tender[0], locale=ident) == "$":
            found.add(tender[0])
    return found.pop() if len(found) == 1 else None


@cache
def _us_markers() -> re.Pattern[str]:
    """Folded words and phrases that name the US ("wall street" as a phrase, not a word)."""
    from pipeline.facts.gazetteer import fold
    from pipeline.facts.phrases import alternation

    markers = [fold(m) for m in load_toml("currencies.toml").get("us_markers", [])]
    return re.compile(rf"(?<![a-z])(?:{alternation(markers) or '(?!)'})(?![a-z])")


@cache
def _dollar_territories(lang: str) -> tuple[tuple[str, str, str], ...]:
    """(stem of a country's name, territory, currency) for the countries of
    currencies.toml `dollar_territories` (and `peso_territories` in Spanish) whose own
    currency's local symbol is "$" (CLDR);
    stems of five letters at least, so that "Canal+" is no Canada; a name of several words
    whole ("nueva zelanda")."""
    import datetime as dt

    from babel import Locale, UnknownLocaleError
    from babel.numbers import get_currency_symbol, get_territory_currencies

    from pipeline.facts.gazetteer import fold

    try:
        names = Locale.parse(lang).territories
    except (UnknownLocaleError, ValueError):
        return ()
    data = load_toml("currencies.toml")
    wanted = data.get("dollar_territories", []) + (
        data.get("peso_territories", []) if lang == "es" else [])
    out = []
    for territory, name in names.items():
        if territory not in wanted:
            continue
        folded = fold(name)
        if len(folded) < 5:
            continue
        for code in get_territory_currencies(territory, dt.date.today(), tender=True):
            symbols = set()
            for loc in (f"{lang}_{territory}", f"en_{territory}", f"es_{territory}"):
                try:
                    symbols.add(get_currency_symbol(code, locale=loc))
                except (UnknownLocaleError, ValueError):
                    continue
            if "$" in symbols:
                cut = 1 if len(folded) <= 7 else 2  # "messic-o", not "messi"
                stem = folded if " " in folded else folded[:max(5, len(folded) - cut)]
                out.append((stem, territory, code))
                break
    return tuple(out)


@cache
def bare_names(lang: str) -> dict[str, str]:
    """Head noun of currency names ("won", "reais", "pesos") -> ISO code, or "" when
    several current currencies carry it and no preference settles it."""
    preference = load_toml("currencies.toml").get("bare_preference", {})
    by_head = _heads(lang)
    out: dict[str, str] = {}
    for word, codes in by_head.items():
        if len(codes) == 1:
            out[word] = next(iter(codes))
        else:
            preferred = preference.get(word)
            out[word] = preferred if preferred in codes else ""
    return out


def dollar_region(text: str, lang: str) -> str | None:
    """The currency the word "dollars" means in `text` written in `lang`, when the language
    has a local dollar (`_local_dollar`: Quebec's in French) and the text names one of that
    country's regions or cities (currencies.toml `dollar_regions`) and no US: "Québec a
    octroyé ... un contrat de 10,5 millions de dollars". Else None (USD stands)."""
    from pipeline.facts.gazetteer import fold

    local = _local_dollar(lang)
    if local is None:
        return None
    folded = fold(text)
    if re.search(r"\bU\.?S\.?A?\b", text) or _us_markers().search(folded) \
            or (_us_name(lang) and _us_name(lang) in folded):
        return None
    return local if _region_re(local).search(folded) else None


@cache
def _region_re(code: str) -> re.Pattern[str]:
    from pipeline.facts.gazetteer import fold
    from pipeline.facts.phrases import alternation

    names = [fold(n) for n in load_toml("currencies.toml").get("dollar_regions", {}).get(code, [])]
    return re.compile(rf"(?<![a-z])(?:{alternation(names) or '(?!)'})(?![a-z])")


@cache
def local_symbols() -> dict[str, str]:
    """Symbols that countries write their own money with ("Ksh" in Kenya, "TSh" in
    Tanzania, "S/" in Peru, "GH₵"): rules/local_symbols.toml, written from CLDR by
    `scripts/cldr_symbols.py` (see `cldr_local_symbols`), since deriving them means
    reading every Babel locale, over a second at each start."""
    return {str(k): str(v) for k, v in load_toml("local_symbols.toml").get("symbols", {}).items()}


def cldr_local_symbols() -> dict[str, str]:
    """The local symbols as CLDR (Babel) gives them, the unambiguous ones only: one current
    currency each, a capital first, and three characters or a sign among them, so that no
    word or article ("Le", "den", "R") ever reads as money."""
    # "FCFA" is the Central African franc to CLDR and "F CFA" the West African one: both
    # are written "FCFA", so neither is taken
    return {sym: min(codes) for sym, codes in _cldr_current_symbols().items()
            if len(codes) == 1 and (len(sym) >= 3 or not sym.isalpha())}


def cldr_shared_symbols() -> dict[str, list[str]]:
    """The symbols of three characters or more that CLDR gives several current currencies
    ("FCFA": the Central and the West African franc, both written so by their press): money
    whose country the text must tell, as it tells which "pesos" it means."""
    return {sym: sorted(codes) for sym, codes in _cldr_current_symbols().items()
            if len(codes) > 1 and len(sym) >= 3}


@cache
def shared_symbols() -> dict[str, frozenset[str]]:
    """`cldr_shared_symbols` as rules/local_symbols.toml keeps them (table `shared`), and
    the press's own (rules/currencies.toml `shared_symbols`: "Shs" in East Africa)."""
    table = {**load_toml("local_symbols.toml").get("shared", {}),
             **load_toml("currencies.toml").get("shared_symbols", {})}
    return {str(k): frozenset(map(str, v)) for k, v in table.items()}


def cldr_glued_symbols() -> dict[str, str]:
    """The short letter symbols CLDR gives one current currency ("R" for the rand, "RM"
    for the ringgit): words or initials alone, they are money only glued to a number with
    a scale ("R4bn", "RM19.6mn"), as `money.py` reads them."""
    return {sym: min(codes) for sym, codes in _cldr_current_symbols().items()
            if len(codes) == 1 and len(sym) < 3 and sym.isalpha()}


def glued_symbols() -> dict[str, str]:
    """`cldr_glued_symbols` as rules/local_symbols.toml keeps them (table `glued`), less the
    ones rules/currencies.toml sets aside (`glued_not`: a letter another country's press
    writes for its own money)."""
    skip = set(load_toml("currencies.toml").get("glued_not", []))
    return {str(k): str(v) for k, v in load_toml("local_symbols.toml").get("glued", {}).items()
            if k not in skip}


@cache
def _cldr_current_symbols() -> dict[str, set[str]]:
    """Every symbol (spaces removed, a capital first, a letter in it) that a territory's
    locale writes its current tender with, and the currencies it stands for."""
    from babel import Locale, UnknownLocaleError, localedata
    from babel.core import get_global
    from babel.numbers import get_currency_symbol

    current = get_global("territory_currencies")
    seen: dict[str, set[str]] = {}
    for ident in localedata.locale_identifiers():
        try:
            loc = Locale.parse(ident)
        except (UnknownLocaleError, ValueError):
            continue
        if not loc.territory:
            continue
        for code, _start, end, tender in current.get(loc.territory, ()):
            if end is None and tender:
                sym = re.sub(r"\s+", "", get_currency_symbol(code, ident))  # "F CFA"
                if sym != code and sym[:1].isupper() and any(c.isalpha() for c in sym):
                    seen.setdefault(sym, set()).add(code)
                break
    return seen
