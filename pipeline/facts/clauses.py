"""What one clause says around an amount: its cancelling cues, period, product, the amount
it restates, and the names its back-references stand for.

Shared by the verb frames (relations.py), deals (deals.py) and the scorer (scorer.py).
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.facts.companies import Mention, country_reference, genitives, town_reference
from pipeline.facts.company_rules import rules
from pipeline.facts.frames import phrase as _phrase
from pipeline.facts.gazetteer import fold, same_company
from pipeline.facts.lemmas import lemma
from pipeline.facts.lexicon import lang_toml
from pipeline.facts.money import Amount
from pipeline.facts.name_shapes import common_word, month_names
from pipeline.facts.numbers import parse_number
from pipeline.facts.periods import PeriodMention
from pipeline.facts.phrases import alternation
from pipeline.facts.places import city_names, country_names, region_words
from pipeline.facts.sports import fits_head, is_sports_body, sponsor_heads, sports_heads
from pipeline.facts.units import unit_names
from pipeline.facts.view import SentenceView


@cache
def cue_re(lang: str, key: str) -> re.Pattern[str] | None:
    words = lang_toml(lang, "cues").get(key, [])
    if not words:
        return None
    alts = "|".join(_phrase(w.lower()) for w in sorted(words, key=len, reverse=True))
    left = r"(?<![\w])" if key != "negation" else r"(?<![\w])|(?<=\w)(?=n't)"
    return re.compile(rf"(?:{left})(?:{alts})(?![\w])", re.IGNORECASE)


def legal_cause(view: SentenceView, after: int) -> bool:
    """Whether the sentence after `after` (an amount's end) gives a court's or an
    arbitration's order as the payment's cause ("deberá abonar 1,4 millones al consorcio,
    ..., tras perder el arbitraje"; "must pay $5m after losing a lawsuit"): a cause marker
    (cues.toml `cause_markers`), then a legal word (`legal_causes`) or a non_payment cue
    in it or within 60 characters after it."""
    rx = cue_re(view.lang, "cause_markers")
    if rx is None:
        return False
    for m in rx.finditer(view.text, after):
        window = view.text[m.start():m.end() + 60]  # "tras un fallo": the marker's own
        if cue(view.lang, "legal_causes", window) or cue(view.lang, "non_payment", window):
            return True
    return False


# "30% of X", "el 30% de X": a stake, bought or sold, is no payment for a service
STAKE = re.compile(r"\d+(?:[.,]\d+)?\s?%\s+(?:of|de|di|du|des|del|dell'|von|der|am|an)\s",
                    re.IGNORECASE)


def takeover(view: SentenceView, start: int, end: int) -> bool:
    """"to buy Twitter", "la compra de Twitter": a takeover word (cues.toml `takeover`)
    right before a company's name that ends its phrase (not "to buy Nvidia chips")."""
    rx = cue_re(view.lang, "takeover")
    if rx is None:
        return False
    text = view.text
    stop = rules(view.lang).stopwords
    for m in rx.finditer(text, start, end):
        nxt = next((x for x in view.mentions if x.kind in ("name", "coref")
                    and x.start >= m.end()), None)
        if nxt is None or not re.fullmatch(r"\s+(?:[^\W\d_]+['’]?\s*)?", text[m.end():nxt.start]):
            continue
        after = re.match(r"\s*([^\W\d_]+|\S)?", text[nxt.end:])
        word = after.group(1) if after else None
        if word is None or not word.isalpha() or word.lower() in stop:
            return True
    return False


def cue(lang: str, key: str, text: str) -> str | None:
    """The first cue of class `key` in `text`; a month's name in a date is no cue ("in May
    2018" holds no "may")."""
    rx = cue_re(lang, key)
    if rx is None:
        return None
    spared: list[tuple[int, int]] | None = None  # read only once a cue is found
    for m in rx.finditer(text):
        if _a_month(text, m.start(), m.end(), lang):
            continue
        if spared is None:
            spared = _spared(lang, key, text)
        if not any(s <= m.start() < e for s, e in spared):
            return m.group(0)
    if key in LEMMA_CUES:
        words = _lemma_cues(lang, key)
        for m in _TOKEN.finditer(text):
            if lemma(m.group(0), lang) in words:
                if spared is None:
                    spared = _spared(lang, key, text)
                if any(s <= m.start() < e for s, e in spared):
                    continue
                return m.group(0)  # "préstamos", "Anteile": an inflection of a listed word
    if key == "hypothetical":
        return conditional_verb(lang, text)
    return None


def _spared(lang: str, key: str, text: str) -> list[tuple[int, int]]:
    """Spans where a negation word negates nothing the payment depends on: a phrase that
    only looks negative (cues.toml `not_negation`: "non meno di", "ne verse que", "le plus
    important jamais"), an aside with no number that a relative opens (`_aside_re`: "...,
    alors que l'entreprise ne détenait pas l'autorisation") and a clause that a contrast
    closes before the payment ("Le prix n'a pas été rendu public, mais Dassault devrait
    encaisser ..."); where a stake word is a share of a contract (`not_non_payment`:
    "seinen Anteil an dem Vertrag"); where an estimate word gives a contract's value
    (`not_hypothetical`: "un contrat estimé à")."""
    if key in ("non_payment", "hypothetical"):  # "seinen Anteil an dem Vertrag": a share
        # of a contract's value; "un contrat estimé à 250 000 $": a contract's stated value
        return [(m.start(), m.end()) for rx in _not_cue_res(lang, f"not_{key}")
                for m in rx.finditer(text)]
    if key != "negation":
        return []
    spans = [(m.start(), m.end()) for rx in _not_cue_res(lang, "not_negation")
             for m in rx.finditer(text)]
    aside = _aside_re(lang)
    if aside is not None:
        spans += [(m.start(), m.end()) for m in aside.finditer(text)]
    contrast = _contrast_re(lang)
    last = None if contrast is None else max(
        (m.end() for m in contrast.finditer(text)), default=None)
    if last is not None:
        spans.append((0, last))
    return spans


@cache
def _not_cue_res(lang: str, key: str) -> tuple[re.Pattern[str], ...]:
    """cues.toml `not_negation`, `not_non_payment`: phrases that only look like the cue."""
    return tuple(re.compile(p, re.IGNORECASE) for p in cues(lang).get(key, []))


@cache
def _aside_re(lang: str) -> re.Pattern[str] | None:
    """An aside after a comma that a relative or a subordinator opens (cues.toml
    `negation_asides`; none of `aside_conditions` before it: "sans qu'...") and the next
    punctuation closes, with no number in it: the amount stands outside it, so a negation
    in it negates something else ("..., alors qu'elle n'était pas encore autorisée à
    contracter, ...")."""
    words = cues(lang).get("negation_asides", [])
    if not words:
        return None
    conditions = cues(lang).get("aside_conditions", [])
    lead = rf"(?!(?:{alternation(conditions)})\b)" if conditions else ""
    return re.compile(rf"[,;(]\s*(?:{lead}[^\W\d_]+\s+){{0,3}}"
                      rf"(?:{alternation(words)})(?:(?<=['’])|(?!\w))"
                      r"[^,;:.()\d]*(?=[,;:.()]|$)",
                      re.IGNORECASE)


@cache
def _contrast_re(lang: str) -> re.Pattern[str] | None:
    words = cues(lang).get("contrastives", [])
    if not words:
        return None
    return re.compile(rf"[,;:]\s*(?:{alternation(words)})(?!\w)", re.IGNORECASE)


def conditional_verb(lang: str, text: str) -> str | None:
    """A verb in the conditional mood ("commanderait", "verserebbe", "pagaría"): news
    reports a rumour, an estimate or a plan with it, never a payment made. Read from its
    ending (cues.toml `conditional_endings`) and its lemma, a verb's infinitive
    (`infinitive_endings`), so that "extrait" or "categoría" are no verbs."""
    endings, infinitives, suffixes = _conditional_forms(lang)
    if not endings:
        return None
    for m in _TOKEN.finditer(text):
        word = m.group(0).lower()
        if not word.endswith(endings):
            continue
        base = lemma(word, lang)
        if base == word or not base.endswith(infinitives):
            continue
        # where the imperfect ends alike ("offrait", "ocurría"), the conditional is the
        # infinitive and a suffix ("offrirait", "prendr-ait", "ocurriría")
        if not suffixes or any(word in (base + x, base[:-1] + x) for x in suffixes):
            return m.group(0)
    return None


# the classes whose words are nouns of what a sum is (a fine, a loan, a stake): any of
# their inflections counts; verbs and particles (negation, conditions) are listed as written
LEMMA_CUES = frozenset({"non_payment"})
_TOKEN = re.compile(r"[^\W\d_]{3,}")


@cache
def _lemma_cues(lang: str, key: str) -> frozenset[str]:
    """The single-word cues of `key` that are their own lemma ("préstamo", not "sales")."""
    words = lang_toml(lang, "cues").get(key, [])
    return frozenset(w.lower() for w in words
                     if " " not in w and "'" not in w and lemma(w, lang) == w.lower())


@cache
def _conditional_forms(lang: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(conditional endings, infinitive endings, conditional suffixes) from cues.toml."""
    conf = cues(lang)
    return (tuple(conf.get("conditional_endings", [])),
            tuple(conf.get("infinitive_endings", [])),
            tuple(conf.get("conditional_suffixes", [])))


def _a_month(text: str, start: int, end: int, lang: str) -> bool:
    word = text[start:end]
    if not word[:1].isupper() or word not in month_names(lang):
        return False
    before = re.findall(r"[\w']+", text[:start])[-1:]
    return bool(re.match(r"\s+\d", text[end:])) or bool(
        before and before[0].lower() in rules(lang).prepositions)


def cues(lang: str) -> dict:
    return lang_toml(lang, "cues")


def parenthetical(view: SentenceView, a: Amount) -> bool:
    """An amount restating the one before it: "€2bn ($2.2bn)", "(15,45 milioni di sterline)"."""
    before = [b for b in view.amounts if b.end <= a.start]
    if not before:
        return False
    between = view.text[before[-1].end:a.start]
    for first, second in lang_toml(view.lang, "money").get("between", []):
        # "between $2 million and $3 million a year": the upper end of the range
        if re.fullmatch(rf"\s+{re.escape(second)}\s+", between, re.IGNORECASE) and re.search(
                rf"(?<!\w){re.escape(first)}\s+\S*$", view.text[:before[-1].start + 1],
                re.IGNORECASE):
            return True
    if before[-1].currency and a.currency and before[-1].currency != a.currency:
        if re.fullmatch(r"\s+(?:[^\W\d_]+\s+){1,3}[(\[]\s*(?:[^\W\d_]+\.?\s+){0,2}", between):
            return True  # "850.000 euro al trimestre (circa 920.000 dollari)"
        if a.hedge and re.fullmatch(r"\s*,\s*(?:[^\W\d_]+\s+){0,2}", between) and \
                before[-1].value and 1e-4 < a.value / before[-1].value < 1e4:
            return True  # "200 millones de libras, unos 250 millones de euros": a conversion
    return bool(re.fullmatch(r"\s*[(\[]\s*(?:[^\W\d_]+\.?\s+){0,2}|\s*[/=]\s*", between)) \
        or worded_restatement(view, a)


def worded_restatement(view: SentenceView, a: Amount) -> bool:
    """An amount that restates the one before it after a comma and a word of restating
    ("£900m, or about £60m a season", "158,5 millions au total, soit 31,7 millions par
    saison"): the same payment in another form, whose period is its own."""
    before = [b for b in view.amounts if b.end <= a.start]
    if not before:
        return False
    if before[-1].value and a.value and a.value > 1000 * before[-1].value:
        return False  # "13,32 cents le kilowattheure, soit 30 milliards": a unit price,
        # then the payment
    rx = _restatement_re(view.lang)
    return rx is not None and bool(rx.fullmatch(view.text[before[-1].end:a.start]))


def _restates_form(view: SentenceView, a: Amount, first: Amount) -> bool:
    return worded_restatement(view, a) and a.currency in (None, first.currency)


@cache
def _restatement_re(lang: str) -> re.Pattern[str] | None:
    words = lang_toml(lang, "money").get("restatements", [])
    if not words:
        return None
    return re.compile(rf"\s*(?:[^\s\d,;.:()]+\s*){{0,3}}?,\s*(?:{alternation(words)})\s*,?\s+"
                      r"(?:[^\W\d_]+['’]?\s*){0,4}", re.IGNORECASE)


def with_currency(view: SentenceView, a: Amount) -> Amount | None:
    if a.currency:
        return a
    earlier = [b for b in view.amounts if b.end <= a.start and b.currency]
    if not earlier:
        return None
    return Amount(a.start, a.end, a.text, a.value, earlier[-1].currency, a.approx, a.hedge,
                  a.rule_id)


def certainty(m: Mention) -> float:
    if m.kind != "name":
        return 0.85
    return 1.0 if m.known else 0.95


def resolve(m: Mention | None, view: SentenceView, prev: SentenceView | None,
             avoid: str | None, role: str = "subject") -> str | None:
    """The name a mention stands for; back-references never resolve to `avoid` (nor to
    another form of it: "Thornbury" avoids "Thornbury Mutual")."""
    if m is None:
        return None
    if m.kind in ("name", "dropped"):
        return m.name
    here, before = _names_before(m, view, prev)
    if m.kind == "relative":  # "Kinetika, alla quale ...": the name just before
        return here[-1].name if here and not _same(here[-1].name, avoid) else None
    if m.kind == "latter":
        pool = here or before
        return pool[-1].name if pool else None
    if m.kind == "clitic":  # this sentence's names first, else the sentence before's
        main = _main_subject(m, view, here, avoid)
        if main is not None:
            return main
        pool = [x for x in here if not _same(x.name, avoid)] or \
            [x for x in before if not _same(x.name, avoid)]
        # a known company over a place; a name no locative preposition governs over one
        # that may say where ("Matrec voit son contrat prolongé à Saguenay. La Ville lui
        # versera ...": "lui" is Matrec; "la piattaforma della start-up Sensiva. Le versa
        # ...": "le" is Sensiva)
        r = rules(view.lang)
        where = r.locatives | r.city_locatives
        pool = [x for x in pool if x.known] or \
            [x for x in pool if x.marker.lower() not in where] or pool
        return pool[-1].name if pool else None
    if country_reference(m, view.lang):  # "in Bulgarien ... Das Land unterzeichnete":
        # the country named last (a place is no mention), never a company
        found = _last_country(view.text[:m.start], view.lang) or \
            (_last_country(prev.text, view.lang) if prev is not None else None)
        return found if found and not _same(found, avoid) else None
    if town_reference(m, view.lang):  # "Le conseil d'arrondissement a confié à X":
        return _last_town(view, prev, here, before, avoid, m.start)  # the town named last
    named = head_named(m, view, prev, here + before, avoid)
    if named is not None or institution_reference(m, view.lang):
        return named  # "the university": the one name holding the word, or none
    for x in reversed(here):
        if not _same(x.name, avoid) and (x.marker == "" or x.possessive):
            return x.name
    if role == "other":  # "... signed a deal with Microsoft. The company pays the giant"
        # "X, che si affida a Y, paga alla società": a marked name of this sentence
        pool = [x for x in here if not _same(x.name, avoid)] or [x for x in before if not _same(x.name, avoid)]
        known = [x for x in pool if x.known]  # a company the gazetteer or the model knows,
        pool = known or pool  # rather than a person or an office named beside it
        return pool[-1].name if pool else None
    pool = [x for x in before if x.marker == "" and not _same(x.name, avoid)]
    pool = [x for x in pool if not _opening_word(x, prev)] or pool
    if pool:
        return pool[0].name
    # "... une al FC Barcelona con Spotify: la plataforma abona al club ...": no subject
    # before, so the one known company of the sentence that is not the other party
    known = [x for x in here if x.known and not _same(x.name, avoid)]
    if len(known) == 1:
        return known[-1].name
    # "La AFA ha prorrogado el contrato con Disney. El gigante estadounidense abonará a la
    # AFA ...": the sentence before's subject is named here as the other party, so the one
    # known name left there
    if not any(x.kind == "name" and _same(x.name, avoid) for x in view.mentions) or \
            not any(x.marker == "" and _same(x.name, avoid) for x in before):
        return None
    left = {x.name for x in before if x.kind == "name" and x.known and not _same(x.name, avoid)}
    return left.pop() if len(left) == 1 else None


def _main_subject(m: Mention, view: SentenceView, here: list[Mention], avoid: str | None
                  ) -> str | None:
    """The name a clitic stands for when a relative pronoun after a name opens its clause
    ("Manchester City quitte Nike pour Puma, qui lui versera ...", "Le studio Kerbal vit de
    Ludia, qui lui verse ..."): that name, the antecedent, is who acts, and the clitic
    refers to the subject of the clause the antecedent is in (its first name no preposition
    marks, after the last comma before it), not to the name nearest to it."""
    text = view.text
    rel = re.search(r"([\w'’]+)\s*$", text[:m.start])
    if rel is None or rel.group(1).lower() not in rules(view.lang).relative_words or not here:
        return None
    antecedent = here[-1]
    if text[antecedent.end:rel.start()].strip(" ,") or \
            (avoid is not None and not _same(antecedent.name, avoid)):
        return None  # "los 5,9 millones que le pagaba la marca": no name before the relative
    opened = max(text.rfind(",", 0, antecedent.start), text.rfind(";", 0, antecedent.start))
    subject = next((x for x in here if x.start > opened and x is not antecedent
                    and x.marker == "" and not x.possessive), None)
    if subject is None or _same(subject.name, avoid):
        return None
    return subject.name


def _last_town(view: SentenceView, prev: SentenceView | None, here: list[Mention],
               before: list[Mention], avoid: str | None, m_start: int = 0) -> str | None:
    """The town a back-reference to a town or its organ stands for: the last name before
    it, in this sentence and then the one before, that a town's word opens or introduces
    ("Ville de Laval", "le comité exécutif de Gatineau", "die Stadt Lohmar") or that
    names a time-zone city; else the one name before it there, when a genitive or a
    locative governs it and the gazetteer knows no company by it ("plusieurs équipements
    de Saint-Laurent. Le conseil d'arrondissement a confié ..."); else none (never a
    company)."""
    r = rules(view.lang)
    acting = genitives(view.lang) | {""}
    # a town's word and no preposition but a genitive first ("left for Oklahoma City" says
    # where), then any preposition; then a time-zone city
    for strict, free in ((True, True), (True, False), (False, True)):
        for pool, text in ((here, view.text), (before, prev.text if prev else "")):
            for x in reversed(pool):
                if not _same(x.name, avoid) and (not free or x.marker.lower() in acting) \
                        and _town_like(x, text, view.lang, strict):
                    return x.name
    pool = [x for x in here + before if not _same(x.name, avoid)
            and x.name.lower() not in _town_words(view.lang)]  # "Im X-er Gemeinderat"
    if len(pool) == 1 and not pool[0].known and \
            (pool[0].marker.lower() in r.locatives | genitives(view.lang)
             or _opens(pool[0], view if any(pool[0] is x for x in here) else prev)):
        return pool[0].name
    adjective = _town_of_adjective(view, m_start, avoid)
    if adjective is not None:
        return adjective
    return _first_located(view, prev, here, before, avoid)


def _town_of_adjective(view: SentenceView, m_start: int, avoid: str | None) -> str | None:
    """The town whose adjective ("Leipheimer", "Im Straßberger Gemeinderat") stands before
    one of what a town owns or runs (companies.toml `town_adjective_nouns`), last in the
    article before the back-reference: "Die Leipheimer Feuerwehr bekommt ein neues
    Löschfahrzeug: Der Stadtrat hat ..." is Leipheim's council."""
    r = rules(view.lang)
    if not r.town_adjective_endings or not r.town_adjective_nouns:
        return None
    article = view.article or view.text
    upto = view.offset + m_start if view.article else m_start
    found = None
    for match in _town_adjective_re(view.lang).finditer(article, 0, max(0, upto)):
        stem = match.group(1)
        if fold(stem) in country_names(view.lang) or _same(stem, avoid):
            continue  # "Schweizer": a country's adjective
        found = stem
    return found


@cache
def _town_adjective_re(lang: str) -> re.Pattern[str]:
    r = rules(lang)
    return re.compile(rf"(?<![\w-])([A-ZÄÖÜ][^\W\d_]{{3,}}(?:-[A-ZÄÖÜ][^\W\d_]+)*)"
                      rf"(?:{alternation(sorted(r.town_adjective_endings))})\s+"
                      rf"(?:{alternation(sorted(r.town_adjective_nouns))})(?!\w)")


def _first_located(view: SentenceView, prev: SentenceView | None, here: list[Mention],
                   before: list[Mention], avoid: str | None) -> str | None:
    """The first name a town's preposition (companies.toml `city_locatives`) governs, in
    the sentence before and then this one, when it is one word no company in the gazetteer
    and no country or common noun ("Grünes Licht für die Freibadsanierung in
    Graben-Neudorf: Der Gemeinderat beauftragte ..."): a council's story opens in its
    town."""
    r = rules(view.lang)
    if not r.town_from_first_place:
        return None
    for x in before + here:
        if x.kind != "name" or x.known or _same(x.name, avoid) or \
                x.marker.lower() not in r.city_locatives or " " in x.name:
            continue
        folded = fold(x.name)
        if folded in country_names(view.lang) or folded in region_words(view.lang) or \
                any(common_word(w, view.lang) for w in x.name.split("-")):
            continue
        return x.name
    return None


def _opens(m: Mention, view: SentenceView | None) -> bool:
    """Whether a bare name opens its sentence, its subject ("Walldorfingen verlängert den
    Mietvertrag ... Die Stadt zahlt": the town is the one name left, and it leads)."""
    return view is not None and m.marker == "" and \
        not view.text[:m.run_start].strip(" «\"'“‘„")


def _town_like(m: Mention, text: str, lang: str, strict: bool) -> bool:
    """Whether a town's word opens or introduces `m` (`strict`), or `m` names a time-zone
    city ("Canarias" names one in Spanish: weaker)."""
    if not strict:
        return fold(m.name) in city_names(lang)
    words = {w.lower() for w in m.name.split()}
    if m.name.lower() in _town_words(lang):
        return False  # "Im Straßberger Gemeinderat": an organ's noun alone names no town
    return bool(words & _town_words(lang)) or \
        _town_word_before_re(lang).search(text, max(0, m.start - 50), m.start) is not None


@cache
def _town_words(lang: str) -> frozenset[str]:
    """Lower-cased words that open or introduce a town's name, and its organs' nouns
    (`town_heads`, `town_corefs` less their articles): "ville", "conseil municipal"."""
    r = rules(lang)
    words = set(r.town_heads)
    for phrase in r.town_corefs:
        first, _, rest = phrase.partition(" ")
        if first in r.articles and rest:
            words.add(rest)
        else:  # "l'arrondissement"
            words.update(phrase[len(a):] for a in r.articles
                         if a.endswith(("'", "’")) and phrase.startswith(a))
    return frozenset(words)


@cache
def _town_word_before_re(lang: str) -> re.Pattern[str]:
    """A town's word or organ, a genitive and an article, right before a name."""
    arts = sorted(rules(lang).articles)
    words = _town_words(lang)
    return re.compile(rf"(?<!\w)(?:{alternation(sorted(words))})\s+"
                      rf"(?:(?:{alternation(sorted(genitives(lang)))})\s*)?"
                      rf"(?:(?:{alternation(arts)})\s*)?$", re.IGNORECASE)


def _last_country(text: str, lang: str) -> str | None:
    """The last country or territory (CLDR's names in `lang`) that `text` names, as
    written: up to four words from a capitalised one ("Bulgarien", "Émirats arabes unis")."""
    countries = country_names(lang)
    words = list(re.finditer(r"[^\W\d_][\w'-]*", text))
    for a in range(len(words) - 1, -1, -1):
        if not words[a].group(0)[:1].isupper():
            continue
        for b in range(min(len(words), a + 4), a, -1):
            name = text[words[a].start():words[b - 1].end()]
            if fold(name) in countries:
                return name
    return None


def _opening_word(m: Mention, view: SentenceView | None) -> bool:
    """"Faute de capacités, Microsoft loue. Le groupe ...", "Coup de théâtre : Amazon
    rafle ...": a common word that opens the sentence with a phrase of its own ("de" and a
    lower-case word) is no subject a back-reference points to (not "Telefónica se ha
    impuesto")."""
    if view is None or m.known or " " in m.name or view.text[:m.start].strip(" «\"'“‘"):
        return False
    after = re.match(r"\s+(\w+['’]?)\s*([^\W\d_])", view.text[m.end:])
    return after is not None and after.group(1).lower() in rules(view.lang).head_connectors \
        and after.group(2).islower() and common_word(m.name, view.lang)


def head_named(m: Mention, view: SentenceView, prev: SentenceView | None,
                pool: list[Mention], avoid: str | None) -> str | None:
    """"the bank" -> "Danske Bank", or the name "the Dutch bank" described before: a
    back-reference whose head noun is in exactly one candidate's name, or in the words
    right before or after exactly one candidate, stands for that one."""
    words = re.findall(r"[^\W\d_]+", m.text.lower())
    r = rules(view.lang)
    if m.kind != "coref" or not words or (len(words) < 2 and words[-1] not in
                                         r.coref_heads_lower | r.institution_corefs):
        return None  # "it", "sie": no head noun to match ("dalla banca" is one: "banca")
    head = words[-1]
    if len(head) < 4:
        return None

    def near(x: Mention, v: SentenceView) -> str:
        """The words around x up to the next or previous mention (not the phrase itself)."""
        ends = [y.end for y in v.mentions if y.end <= x.run_start] + [x.run_start - 40, 0]
        starts = [y.start for y in v.mentions if y.start >= x.end and y is not x]
        if v is view and x.end <= m.start:
            starts.append(m.start)
        return (v.text[max(ends):x.run_start] + " " +
                v.text[x.end:min(starts + [x.end + 40])]).lower()

    hits, close = [], []
    for x in pool:
        v = view if any(x is y for y in view.mentions) else prev
        if _same(x.name, avoid) or (v is view and x.start == m.start):
            continue  # the phrase itself (offsets are the sentence's own)
        own = x.name.lower().split() + \
            (v.text[x.run_start:x.start].lower().split() if v is not None else [])
        if head in own or (v is not None and re.search(
                rf"(?<!\w){re.escape(head)}(?!\w)", near(x, v))):
            hits.append(x.name)
            if head in own or (v is not None and re.search(
                    rf"(?<!\w){re.escape(head)}(?:\s+[^\W\d_]+)?\s*$",
                    v.text[max(0, x.run_start - 40):x.run_start].lower())):
                close.append(x.name)  # "mit Sender Kolibri TV": the word introduces it
    for found in (hits, close):
        distinct = {h.lower() for h in found}
        if len(distinct) == 1:
            return found[-1]
    if not hits and head in sports_heads(view.lang):  # "au club alsacien": the one club
        clubs = {x.name for x in pool if not _same(x.name, avoid) and
                 fits_head(x.name, head, view.lang)}
        if len(clubs) == 1:
            return clubs.pop()
    if not hits and head in sponsor_heads(view.lang) and \
            any(is_sports_body(x.name, view.lang) for x in pool):
        # "l'équipementier versait au club": the one named party that is no club or league
        others = {x.name for x in pool if not _same(x.name, avoid)
                  and not is_sports_body(x.name, view.lang)}
        if len(others) == 1:
            return others.pop()
    return None


def named_reference(m: Mention | None, view: SentenceView, prev: SentenceView | None
                    ) -> str | None:
    """The name a back-reference's own noun points to ("dalla banca" -> "Banca Valtellese",
    "the university"), before any other party is known: the other back-reference of the
    clause must then stand for someone else ("La società torinese riceverà dalla banca")."""
    if m is None or m.kind != "coref":
        return None
    here, before = _names_before(m, view, prev)
    return head_named(m, view, prev, here + before, None)


def _names_before(m: Mention, view: SentenceView, prev: SentenceView | None
                  ) -> tuple[list[Mention], list[Mention]]:
    """The names a back-reference may stand for: this sentence's before it, and the
    sentence before's."""
    here = [x for x in view.mentions if x.kind == "name" and x.end <= max(m.start, 0)]
    before = [x for x in prev.mentions if x.kind == "name"] if prev else []
    return here, before


def institution_reference(m: Mention, lang: str) -> bool:
    """Whether `m` refers back by an institution's noun ("the university", "dem Verein",
    "la ligue"): companies.toml `institution_corefs`. Such a noun names the body it stands
    for, so it stands for the one name holding it or described by it, never for whatever
    was the subject before (a club's sponsor, a league's broadcaster)."""
    words = re.findall(r"[^\W\d_]+", m.text.lower())
    return m.kind == "coref" and bool(words) and words[-1] in rules(lang).institution_corefs


def _same(name: str, avoid: str | None) -> bool:
    return avoid is not None and same_company(name, avoid)


FLOWS = frozenset({"pay", "receive", "spend", "charge", "cost", "flow"})


def other_clause(view: SentenceView, start: int, end: int) -> bool:
    """Whether a comma or a coordinator ("and", "und", "et") separates two spans."""
    between = view.text[start:end]
    return "," in between or cue(view.lang, "coordinators", between) is not None


def _clause_start(text: str, left: int, pos: int) -> int:
    """Where the clause holding `pos` opens: after the last colon or semicolon before it
    ("Le montant était secret : en 2022, Google a versé ..."), or at `left`."""
    return max(left, text.rfind(":", left, pos) + 1, text.rfind(";", left, pos) + 1)


def period_of(view: SentenceView, amount: Amount, left: int, right: int,
            kind: str = "pay") -> tuple[str, int | None]:
    """The period or term nearest the amount in its clause; a loose calendar year ("in
    2021") only for money that changes hands, not for a deal's value."""
    best: tuple[int, PeriodMention] | None = None
    seen: list[PeriodMention] = []
    for p in view.periods:
        if p.start >= right or p.end <= left or (p.loose and (
                kind not in FLOWS or (other_clause(
                    view, min(p.end, amount.end), max(p.start, amount.start))
                    and len(view.text[_clause_start(view.text, left, p.start):p.start].split())
                    > 1))):
            continue  # "Anthropic, founded in 2021, pays ...": another clause; a sentence
            # that opens with it, or with one word and it ("Last year, X paid ...", "Solo en
            # 2022, Google desembolsó ..."), dates its main clause
        dist = p.start - amount.end if p.start >= amount.end else amount.start - p.end
        if any(a is not amount and min(p.end, amount.end) <= a.start < max(p.start, amount.start)
               for a in view.amounts
               if not parenthetical(view, a) or _restates_form(view, a, amount)):
            continue  # another amount between: the period is its own, also when it restates
            # the sum in another form ("£900m, or about £60m a season"); a conversion into
            # another currency shares it ("600,000 euros, or about $650,000, a month")
        if p.start >= amount.end and any(
                a.start > amount.end and p.end <= a.end
                and p.start > view.text.rfind(",", amount.end, a.start)
                and _restates_form(view, a, amount) for a in view.amounts):
            continue  # ", pari a un canone annuo di 791.249 euro": the restatement's period
        if p.period != "total" and p.start > amount.end and _counted_rate(view, p, amount):
            continue  # "an $8bn deal ... locking in 14 cargoes a year": the goods' rate
        if p.period != "total" and _measured_rate(view, p):
            continue  # "four million tonnes of LNG a year ... a $60 billion deal"
        if p.period != "total" and _in_relative_aside(view, p, amount):
            continue  # "Metra, la rete che porta ogni giorno i pendolari, ...": the rate of
            # what the relative clause says, not of the amount outside it
        seen.append(p)
        if best is None or dist < best[0]:
            best = (dist, p)
    if best is None:
        return amount.shared_period or "total", None
    period, term = best[1].period, best[1].term_months
    # "chaque année, pendant quatre ans, 1,2 million": a recurring period and a term
    recurring = [p for p in seen if p.period != "total" and not p.loose
                 and (amount.start - p.end if p.end <= amount.start else p.start - amount.end) < 40]
    terms = [p.term_months for p in seen if p.period == "total" and p.term_months]
    if period == "total" and recurring:
        return recurring[0].period, term
    if best[1].rule_id.endswith(".total.sum") and term is None and \
            any(p.period == "year" for p in seen):
        return "year", None  # "im Jahr 2022 insgesamt 20 Mrd.": that year's total
    if period != "total" and term is None and terms:
        return period, terms[0]
    return period, term


def _in_relative_aside(view: SentenceView, p: PeriodMention, amount: Amount) -> bool:
    """Whether a period stands in a relative clause set off by commas that holds no amount
    ("X, the network that carries commuters every day, placed a $N order")."""
    text = view.text
    start = text.rfind(",", 0, p.start) + 1
    end = text.find(",", p.end)
    end = len(text) if end < 0 else end
    if start == 0 or end == len(text) or start <= amount.start < end:
        return False  # an aside is closed on both sides
    if any(start <= a.start < end for a in view.amounts):
        return False  # "l'Inter, che da Betsson incassa 30 milioni a stagione, ...": a
        # payment of its own, whose period a list of payments may leave unsaid after it
    before = text[start:p.start]
    rel = cue(view.lang, "relatives", before)
    # where relatives are also articles (German "die"), only an aside opening with one
    return rel is not None and (not cues(view.lang).get("relatives_are_articles")
                                or before.lstrip().startswith(rel))


def _counted_rate(view: SentenceView, p: PeriodMention, amount: Amount) -> bool:
    """Whether a period follows a count of goods, not the amount: "14 cargoes a year",
    "40 voli a settimana", "ocho partidos por jornada", "otto-dieci l'anno" (a number in
    digits or words, up to three words, then the period; no amount there)."""
    start = max(amount.end, p.start - 60)
    for hit in re.finditer(r"(?<![\w.,])(\d[\d.,]*|[^\W\d_]+(?:-[^\W\d_]+)?)"
                           r"(?=((?:\s+[^\W\d_]+){0,3})\s*$)", view.text[start:p.start]):
        num = hit.group(1)
        if not num[0].isdigit():
            value = parse_number(num.split("-")[0], view.lang)
            if value is None or value < 2:
                continue  # "a year", "una volta l'anno": no count
        elif not hit.group(2):
            continue  # "$3 million, 20 a year": a bare figure may be the sum itself
        pos = start + hit.start()
        if not any(a.start <= pos < a.end for a in view.amounts):  # "and $3 million a year"
            return True
    return False


def _measured_rate(view: SentenceView, p: PeriodMention) -> bool:
    """Whether a period follows a quantity in a unit of measure, not money: "four million
    tonnes of liquefied natural gas a year", "30 000 tonnes de déchets produites chaque
    année" (a number, a CLDR unit name among the two words after it, at most six words
    from the unit to the period, no comma or amount between)."""
    start = max(view.text.rfind(",", 0, p.start), view.text.rfind(";", 0, p.start)) + 1
    start = max(start, p.start - 120, *(a.end for a in view.amounts if a.end <= p.start))
    words = list(re.finditer(r"\d+(?:[.,' \u00a0\u202f]\d+)*|[^\W\d_]+",
                             view.text[start:p.start]))
    names = unit_names(view.lang)
    for i, w in enumerate(words):
        if w.group(0).lower() not in names or len(words) - i - 1 > 6:
            continue
        for b in words[max(0, i - 2):i]:
            token = b.group(0)
            if token[0].isdigit() or (parse_number(token, view.lang) or 0) >= 2:
                return True
    return False


@cache
def product_marker_re(lang: str) -> re.Pattern[str] | None:
    """A word that introduces what is paid for ("for", "per"), longest first."""
    markers = cues(lang).get("product_markers", [])
    alts = "|".join(_phrase(m) for m in sorted(markers, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})\s+", re.IGNORECASE) if alts else None


def product_after(view: SentenceView, after: int) -> str | None:
    rx = product_marker_re(view.lang)
    if rx is None:
        return None
    rest = view.text[after:]
    m = rx.search(rest)
    if not m or m.start() > 60:
        return None
    tail = re.split(r"[,;:.()]|\s[–—-]\s", rest[m.end():], maxsplit=1)[0]
    words = tail.split()[:10]
    stop = cues(view.lang).get("prepositions", [])
    while words and words[0].lower() in ("the", "a", "an", "il", "lo", "la", "i", "gli", "le",
                                         "der", "die", "das", "den", "le", "les", "des", "du",
                                         "el", "los", "las", "un", "una", "une", "its", "their",
                                         "sein", "seine", "ses", "sa", "son", "sus", "su"):
        words.pop(0)
    while words and words[-1].lower() in stop:
        words.pop()
    return " ".join(words) or None

