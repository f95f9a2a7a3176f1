"""Company mentions in a sentence: names, back-references and what governs each.

Works on token text and capitalisation, so it runs the same with or without a statistical
model: a name is a run of capitalised tokens (German descriptors such as "Softwarehaus"
and sentence-initial function words trimmed), or a gazetteer alias, or an ORG entity.
Canonical names come from gazetteer.py, the shape of single words from name_shapes.py.
Everything language-specific is in `rules/<lang>/companies.toml` and `cues.toml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from pipeline.facts import nicknames
from pipeline.facts.acronyms import acronym_start
from pipeline.facts.company_rules import CompanyRules, rules
from pipeline.facts.deal_words import deal_noun
from pipeline.facts.gazetteer import (
    canonical_name,
    events_in,
    fold,
    gazetteer,
    is_model,
    parent_of,
    product_owner,
)
from pipeline.facts.lemmas import lemma, respelled
from pipeline.facts.lexicon import lang_toml
from pipeline.facts.name_shapes import (
    agentive,
    common_word,
    compound_noun,
    dashed_suffixes,
    dictionary_noun,
    genitive_noun,
    infinitive_endings,
    inflected_adjective,
    inflected_noun,
    institution_adjectives,
    institution_phrase,
    is_descriptor,
    known_word,
    lower_lemma,
    name_like,
    number_in_name,
    person_name,
    sentence_case_body,
    starts_date,
)
from pipeline.facts.numbers import parse_words
from pipeline.facts.phrases import alternation, has_word_cue
from pipeline.facts.places import city_names, country_adjective, country_names, region_words
from pipeline.facts.tokens import OPENERS, Token, tokenize


@dataclass
class Mention:
    """A company named or referred to in a sentence (offsets relative to the sentence)."""

    start: int
    end: int
    text: str
    name: str  # canonical name; for back-references the phrase until resolved
    kind: str = "name"  # name | coref | latter | relative
    marker: str = ""  # preposition or case article that governs it ("" = none)
    chain: tuple[str, ...] = ()  # every preposition met walking back ("en los ... de X")
    run_start: int = 0  # start of the name with its descriptors ("Softwarehaus Lindwurm")
    possessive: bool = False
    known: bool = False  # in the gazetteer or tagged ORG by the statistical model
    parent: str = ""  # the public body a unit belongs to ("Junta de Extremadura")
    organ: str = ""  # the public organ that acts for it ("Junta de Gobierno Local de")


def find_mentions(sentence: str, lang: str, *, masks: list[tuple[int, int]] = (),
                  stops: list[tuple[int, int]] = (), org_spans: list[tuple[int, int]] = (),
                  gap: int = 5) -> list[Mention]:
    """Company names and back-references in `sentence`, in text order.

    masks: spans that cannot be names (amounts); stops: spans where the backward search
    for a governing preposition stops (payment verbs); org_spans: ORG entities, which make
    a name `known` (and add names that capitalisation misses).
    """
    r = rules(lang)
    toks = tokenize(sentence)
    masked = [any(s < t.end and t.start < e for s, e in masks) for t in toks]
    mentions: list[Mention] = []
    i = 0
    while i < len(toks):
        if masked[i] or not (name_like(toks[i].text, r) or _lower_case_brand(toks, i, r, lang)):
            i += 1
            continue
        if toks[i].text in r.date_openers and starts_date(toks, i, r, lang):
            i += 2  # "hatte X Anfang Februar ausgewählt": a date, no name
            continue
        j = i
        while j + 1 < len(toks):
            nxt = toks[j + 1]
            if starts_date(toks, j + 1, r, lang):
                break  # "Oracle Ende Juni", "Microsoft March"
            if not masked[j + 1] and name_like(nxt.text, r) and \
                    sentence[toks[j].end:nxt.start] in (" ", "", "-"):
                j += 1
            elif (j + 2 < len(toks) and not masked[j + 2] and name_like(toks[j + 2].text, r)
                  and (nxt.text in r.connectors or (
                      nxt.text in r.head_connectors
                      and (_head_of_run(toks, i, j, r) in r.institution_heads
                           or toks[j].text.lower() in r.institution_heads)))):
                j += 2  # "Casa dell'Olio", "Ministry of Defence", "UK Ministry of Defence"
            elif (j + 2 < len(toks) and not masked[j + 2] and nxt.text in r.head_connectors
                  and _country_word(toks[j + 2].text, lang, r)):
                j += 2  # "Utility Partners of America", "Commercial Bank of Ethiopia"
            elif (j + 3 < len(toks) and nxt.text in r.connectors
                  and toks[j + 2].text.lower().replace("’", "'") in r.articles
                  and toks[j + 2].text[-1:] in "'’"
                  and not masked[j + 3] and name_like(toks[j + 3].text, r)):
                j += 3  # "Cartonnerie de l'Est"
            elif (j + 3 < len(toks) and nxt.text in r.head_connectors
                  and toks[j + 2].text in r.articles
                  and (_head_of_run(toks, i, j, r) in r.institution_heads
                       or toks[j].text.lower() in r.institution_heads)
                  and not masked[j + 3] and name_like(toks[j + 3].text, r)):
                j += 3  # "Department of the Interior", "Bank of the West"
            elif step := _coordinated(sentence, toks, i, j, masked, lang, r):
                j += step  # "Elecnor Servicios y Proyectos", "Bundesamt für Wehrtechnik und
                # Beschaffung", "Marcel Charest et Fils": one name, not two companies
            elif nxt.text.rstrip(".").lower() in r.legal and nxt.text[0].isalpha() and \
                    (len(nxt.text.rstrip(".")) > 2 or not nxt.text.islower()):
                j += 1  # "Enel spa", "Siemens AG"; a lower-case two-letter one is a word
                # ("Orvane se ha adjudicado": the reflexive, not "SE")
            elif nxt.text == "." and j + 2 < len(toks) and \
                    _abbreviated(toks[j].text, r, j == i or toks[j - 1].text == ".") and \
                    sentence[toks[j].end:toks[j + 2].start] == ". " and \
                    not masked[j + 2] and name_like(toks[j + 2].text, r):
                j += 2  # "City of St. Helena", "Fondazione Mons. A. Pinto": an initial or a
                # listed abbreviation goes on into the name after its dot
            elif nxt.text == "," and j + 2 < len(toks) and \
                    toks[j + 2].text.rstrip(".").lower() in r.legal and toks[j + 2].text[0].isupper():
                j += 2  # "Construcciones Ferrer, S.L.", "Luz del Valle, S.A."
            elif _numbered(sentence, toks, i, j, masked, r):
                j += 1  # "Consorcio Ruta 10, de Concret Mix", "Asl 2 di Savona"
            elif number_in_name(toks, j + 1, masked, sentence, lang):
                j += 1  # "Schalke 04", "Formula 1", "Channel 4"
            elif step := _country_tail(toks, i, j, masked, lang):
                j += step  # "Émirats arabes unis", "Arabia saudita": CLDR's name goes on
                # in lower case
            elif toks[j].text.lower() in r.institution_heads and \
                    all(toks[k].text.lower() in r.articles for k in range(i, j)) and \
                    (step := institution_adjectives(toks, j, masked, r, lang)
                     or institution_phrase(toks, j, masked, r)):
                j += step  # "Azienda sanitaria di Monteverde", "Ligue de football pro..."
            elif i == j and i > 0 and toks[i - 1].text not in OPENERS and \
                    (toks[j].text.lower() in r.institution_heads
                     or common_word(toks[j].text, lang)) and \
                    fold(toks[j].text) not in gazetteer() and \
                    fold(toks[j].text) not in country_names(lang) and \
                    (step := sentence_case_body(toks, j, masked, r, lang)):
                j += step  # "con Rete ferroviaria italiana": mid-sentence, a common noun
                # with a capital (no company's or country's name) opens a name that goes
                # on in lower case
            else:
                break
        m = _make_mention(sentence, toks, i, j, lang, r)
        if m:
            mentions.append(m)
        i = j + 1
    mentions = _widen_to_acronyms(sentence, toks, mentions, lang, r)
    for m in mentions:
        _drop_place_before_known(sentence, m, lang)
    for s, e in org_spans:
        if not any(m.start < e and s < m.end for m in mentions) and \
                not any(ms < e and s < me for ms, me in masks) and \
                sentence[s:e] not in r.not_companies:  # the model's "IPO", "CEO"
            text = sentence[s:e]
            mentions.append(Mention(s, e, text, canonical_name(text, lang), run_start=s,
                                    known=True))
    for m in mentions:
        if any(m.start < e and s < m.end for s, e in org_spans) and \
                not _locates_a_body(sentence, m, r):
            m.known = True
    if r.nouns_capitalised:
        _short_for_inflected(sentence, mentions, lang)
    mentions = [m for m in mentions if not _bracketed_alias(sentence, m, mentions)
                and not _quoted(sentence, m) and not _after_product_head(sentence, m, r)
                and not _counted(sentence, m, lang)
                and not _a_person(sentence, m, r, lang) and not (product_owner(m.text) and fold(m.text) not in gazetteer())]
    mentions = _name_organisers(sentence, mentions)
    if r.article_nouns:
        mentions = _drop_enumerations(sentence, mentions)
    mentions = _fold_modifiers(sentence, toks, mentions, r, stops)
    if r.source_markers or r.source_after or r.source_verbs:
        sources = _sources(sentence, mentions, lang, stops)
        mentions = [m for m in mentions if not any(m is x for x in sources)]
        mentions.extend(t for t in map(_known_tail, sources) if t is not None)
        mentions.sort(key=lambda m: m.start)
    if r.ally_markers:
        allies = _allies(sentence, mentions, lang)
        mentions = [m for m in mentions if not any(m is x for x in allies)]
    for m in mentions:
        _extend_to_institution(sentence, toks, m, lang, r)
    for m in mentions:
        _split_parent(sentence, m, lang, r)
    for m in list(mentions):
        _extend_over_adjectives(sentence, toks, m, mentions, lang, r)
        _coordinated_field(sentence, toks, m, mentions, lang, r)
        _through_to_acronym(sentence, m, lang, r)
    mentions.extend(_public_bodies(sentence, toks, masked, mentions, r, lang))
    mentions.extend(_corefs(sentence, lang, r, mentions, stops))
    mentions.extend(_nicknames(sentence, lang, mentions))
    mentions.sort(key=lambda m: m.start)
    mentions = _possessors(sentence, mentions)
    leaders: list[Mention] = []
    for m in mentions:
        if m.kind == "relative":
            m.chain = (m.marker,)
            continue
        # "Per il servizio la banca paga": a phrase that opens with its determiner starts
        # afresh, so only a preposition right before it can govern it
        reach = 0 if m.kind == "coref" and _opens_with_determiner(m.text, r) else gap
        m.chain = _markers(sentence, toks, m.run_start, r, stops, reach, lang)
        if m.chain and m.chain[0] in r.subordinators and _verb_follows(sentence, m, r):
            m.chain = ()  # "after the Ministry of Defence signed": a clause's subject
        if m.chain and any(x.kind == "relative" and x.end <= m.run_start and all(
                w in r.articles for w in sentence[x.end:m.run_start].lower().split())
                for x in mentions):
            m.chain = ()  # ", dem die Stadt Meerbusch ... zahlt": the relative's case
        m.marker = m.chain[0] if m.chain else ""
        if m.marker in r.locatives and m.kind == "name" and \
                fold(m.name) in country_names(lang):
            m.kind = "place"  # "au Brésil", "en España": where, not who (dropped below)
        elif m.marker in r.city_locatives and m.kind == "name" and \
                fold(m.name) in city_names(lang) and fold(m.name) not in gazetteer():
            m.kind = "place"  # "a New York", "à Paris": a city (CLDR), not the club "al Milan"
        if m.kind == "name" and m.possessive and fold(m.name) in country_names(lang) and \
                fold(m.name) not in gazetteer() and _qualifies_a_name(sentence, m, r):
            m.kind = "place"  # "South Korea's biggest plant builder", "Mexico's Federal
            # Electricity Commission": the country qualifies a name; "Kuwait's armed
            # forces" stay the country's
        if m.kind == "name" and not m.known and (_after_seat_phrase(sentence, m, r) or
                                                  _before_seat_suffix(sentence, m, r)):
            m.kind = "place"  # "based in Titusville, Florida", "con sede en Ámsterdam",
            # "the Bethesda, Maryland-based company": where a company sits, not a party
        if m.kind == "name" and fold(m.name) in city_names(lang) and \
                fold(m.name) not in gazetteer() and _city_before_description(sentence, m, r):
            m.kind = "place"  # "the Casablanca engineering firm Atlas": where the firm is
        if m.kind == "name" and not m.known and _after_street_word(sentence, m, r):
            m.kind = "place"  # "viale Mazzini verserà", "rue de Rivoli": an address (a
            # newsroom's metonym for its tenant), never the party itself
        if not m.marker and m.kind == "name":
            m.marker = _apposition_marker(sentence, m, r)
            m.chain = (m.marker,) if m.marker else m.chain
        if m.marker and _locative_case(sentence, m, lang):
            m.marker, m.chain = "", ()  # "an der Kruidtuinlaan": where, not to whom
            m.kind = "place" if m.kind == "name" and not m.known else m.kind
        led = _leader_marker(sentence, m, lang)
        if led is not None:
            m.marker, m.chain = led, (led,) if led else ()
            leaders.append(m)
    members = _group_members(sentence, mentions, leaders, r, lang)
    return [m for m in mentions if m.kind != "place" and not any(m is x for x in members)]


def _name_organisers(sentence: str, mentions: list[Mention]) -> list[Mention]:
    """A competition named as a party stands for the body that runs it: rights to "the
    Champions League" are bought from UEFA, so the mention takes UEFA's name (and the
    whole event's span: "Ligue 1", not "Ligue"); where the sentence names that body too
    ("pays UEFA for the Champions League"), the competition is only what is bought."""
    events = events_in(sentence)
    if not events:
        return mentions
    def inside(x: Mention) -> tuple[int, str] | None:
        return next(((e, o) for s, e, o in events if s <= x.start < e), None)

    out = []
    for m in mentions:
        hit = inside(m) if m.kind == "name" else None
        if hit is None:
            out.append(m)
            continue
        end, organiser = hit
        if any(x is not m and inside(x) is None and fold(x.name) == fold(organiser)
               for x in mentions):
            continue  # "pays UEFA for the Champions League": what is bought
        m.name, m.known, m.end = organiser, True, max(m.end, end)
        m.text = sentence[m.start:m.end]
        out.append(m)
    return out


def _group_members(sentence: str, mentions: list[Mention], leaders: list[Mention],
                   r: CompanyRules, lang: str) -> list[Mention]:
    """"le consortium formé par Thales et CS Group", "la UTE formada por Azvi, Ferrovial y
    Guinovart": the members listed after a consortium's leader are one party with it, which
    its leader names (annotators and analysts list them as its other names), not parties
    of their own."""
    if not leaders or not r.name_coordinators:
        return []
    comma, last_one = _member_joins(lang)
    groups = _group_nouns_re(lang)
    out: list[Mention] = []
    for lead in leaders:
        out.extend(m for m in mentions if groups is not None and m.end <= lead.run_start
                   and lead.run_start - m.end <= 40 and groups.fullmatch(m.text.lower()))
        last = lead  # "la UTE formada por Azvi": the group's bare noun is no name
        listed: list[Mention] = []
        for m in mentions:
            if m.start < last.end or m.kind != "name" or any(m is x for x in leaders):
                continue
            gap = sentence[last.end:m.run_start]
            if last_one.match(gap):
                out.extend(listed + [m])
                break
            if not comma.match(gap):
                break
            listed.append(m)  # a member only if the list closes with a coordinator
            last = m
    return out


@cache
def _member_joins(lang: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """What stands between two members of a list ("Azvi, Ferrovial y Guinovart"): a comma,
    or the coordinator that closes the list, each after an optional aside."""
    coord = "|".join(sorted(map(re.escape, rules(lang).name_coordinators), key=len,
                            reverse=True))
    aside = r"\s*(?:\([^()]{0,30}\))?\s*(?:,\s*(?:[^\W\d_A-Z][\w'’-]*\s*){1,3})?"
    return re.compile(aside + r",\s*$"), re.compile(aside + rf",?\s+(?:{coord})\s+$")


def _qualifies_a_name(sentence: str, m: Mention, r: CompanyRules) -> bool:
    """After "X's": a capitalised name, or a superlative or rank that describes a company
    named elsewhere ("biggest", "first", "leading": companies.toml `possessive_ranks`)."""
    word = re.match(r"['’]s\s+([\w-]+)", sentence[m.end:])
    if not word:
        return False
    w = word.group(1)
    return w[:1].isupper() or w.endswith("est") or w.lower() in r.possessive_ranks


def _after_seat_phrase(sentence: str, m: Mention, r: CompanyRules) -> bool:
    """Whether a name follows a phrase of seat ("based in", "con sede en", "mit Sitz in":
    companies.toml `seat_phrases`), alone or after the town it qualifies ("based in
    Titusville, Florida")."""
    rx = _seat_re(r.seat_phrases)
    before = sentence[max(0, m.run_start - 80):m.run_start]
    if rx is not None and rx.search(before) is not None:
        return True
    origin = _origin_re(r.origin_words)  # "der Pay-TV-Sender aus Unterföhring"
    return origin is not None and origin.search(before) is not None


def _before_seat_suffix(sentence: str, m: Mention, r: CompanyRules) -> bool:
    """Whether a town stands between an article and a comma with its state's seat adjective
    ("The Bethesda, Maryland-based company": companies.toml `seat_suffixes`)."""
    rx = _seat_suffix_re(r.seat_suffixes)
    if rx is None or rx.match(sentence, m.end) is None:
        return False
    before = sentence[:m.run_start].split()  # "Korvex, Ohio-based maker of buses": a firm
    return bool(before) and before[-1].lower() in r.articles


@cache
def _seat_suffix_re(suffixes: tuple[str, ...]) -> re.Pattern[str] | None:
    if not suffixes:
        return None
    ends = "|".join(re.escape(s) for s in suffixes)
    return re.compile(rf",\s*[A-Z][\w.’'-]*?(?:\s+[A-Z][\w.’'-]*?){{0,2}}(?:{ends})\b")


@cache
def _origin_re(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """A word of origin right before a name ("aus"): the name is where, not who."""
    if not words:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(w) for w in words)})\s+$")


@cache
def _seat_re(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    alts = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})\s+(?:[^\W\d_][\w.'’-]*\s*,?\s+){{0,3}}$",
                      re.IGNORECASE)


def _after_street_word(sentence: str, m: Mention, r: CompanyRules) -> bool:
    """A name right after a lower-case street word, a connector and an article at most
    between ("viale Mazzini", "viale del Fante", "calle de Alcalá", "rue de la Paix"), or
    one that opens the sentence with a street word ("Viale Mazzini si è assicurata")."""
    if not r.street_words:
        return False
    first = m.text.split()
    if len(first) > 1 and first[0].lower() in r.street_words and \
            not re.search(r"\w", sentence[:m.run_start]):
        return True  # "Viale Mazzini si è assicurata ...": capitalised as the sentence opens
    words = re.findall(r"[\w'’]+", sentence[max(0, m.run_start - 30):m.run_start])
    while words and (words[-1].lower().replace("’", "'") in r.articles
                     or words[-1] in r.head_connectors or words[-1] in r.connectors):
        words.pop()
    return bool(words) and words[-1] in r.street_words


def _locative_case(sentence: str, m: Mention, lang: str) -> bool:
    """German "an der X", "an dem X": the dative after "an" says where (at), the accusative
    ("an die X", "an den X") says to whom (companies.toml `locative_articles`)."""
    table = lang_toml(lang, "companies").get("locative_articles", {})
    articles = table.get(m.marker, [])
    if not articles:
        return False
    before = sentence[max(0, m.run_start - 20):m.run_start].lower()
    return any(re.search(rf"(?<!\w){re.escape(m.marker)}\s+{re.escape(a)}\s+$", before)
               for a in articles)


@cache
def _led_by_re(lang: str) -> re.Pattern[str] | None:
    words = lang_toml(lang, "companies").get("led_by", [])
    if not words:
        return None
    alts = "|".join(re.escape(w).replace("\\ ", r"\s+")
                    for w in sorted(words, key=len, reverse=True))
    # up to two lower-case words (an article, a descriptor) before the leader's name
    return re.compile(rf"(?<!\w)(?:{alts})(?:\s+(?-i:[a-zà-ÿ][\w'’-]*)){{0,2}}?\s*$",
                      re.IGNORECASE)


def _leader_marker(sentence: str, m: Mention, lang: str) -> str | None:
    """"ha affidato il servizio al raggruppamento guidato da De Vizia Transfer", "awarded
    to a consortium led by Acciona": the leader of a consortium, grouping or joint venture
    (rules/<lang>/companies.toml `led_by`) takes the preposition that governs the group."""
    rx = _led_by_re(lang)
    if rx is None:
        return None
    hit = rx.search(sentence[max(0, m.run_start - 60):m.run_start])
    if hit is None:
        return None
    before = sentence[max(0, m.run_start - 60):m.run_start][:hit.start()]
    words = re.findall(r"[\w'’]+", before)[-6:]
    r = rules(lang)
    groups = _group_nouns_re(lang) or re.compile("(?!)")
    for k in range(len(words) - 1, -1, -1):  # the nearest preposition governs the group
        low = words[k].lower().replace("’", "'")
        rest = words[k + 1:]
        if low in r.prepositions and rest and len(rest) <= 4 and \
                all(x.islower() or groups.fullmatch(x.lower()) for x in rest):
            # "a la UTE formada por Azvi"; not "il comitato guidato da X", "una línea de
            # crédito liderada por X": a leader leads a group
            return low if groups.search(" ".join(rest).lower()) else None

    # "La RATP a désigné le consortium formé par Alstom": a group that no preposition
    # governs is the verb's subject or object, and so is its leader
    group = _bare_group_re(lang).search(before.lower())
    if group is not None:
        ahead = re.findall(r"[\w'’]+", before[:group.start() + 1])[-1:]
        if not ahead or ahead[0].lower().replace("’", "'") not in r.prepositions:
            return ""
    return None


@cache
def _bare_group_re(lang: str) -> re.Pattern[str]:
    """An article and a group noun (and up to two words) at the end of a text."""
    groups = _group_nouns_re(lang)
    if groups is None:
        return re.compile("(?!)")
    articles = "|".join(map(re.escape, sorted(rules(lang).articles)))
    return re.compile(rf"(?:^|[\s,;:])(?:{articles})\s*(?:{groups.pattern})"
                      r"(?:\s+[^\W\d_]+){0,2}\s*$")


_COMPOUND = re.compile(r"(?<![\w-])([A-Z][\w.+]*)-(\w+)(?![\w-])")

# A product designator: letters and a number of two or more digits, or the reverse
# ("A320neo", "F-35A", "HTT-40", "GB300", "777-9X", "P-56"); company names are rarely built so.
DESIGNATOR = re.compile(r"(?:[A-Z]{1,4}-?\d{2,}[A-Za-z]{0,3}|\d{2,}(?:-\d+)?[A-Z]{1,2})"
                        r"(?:-\d+[A-Za-z]?)?")


# A number with a unit of technology or capacity ("5G", "20MHz", "950MW", "24,000TEU").
MEASURE = re.compile(r"\d+(?:[.,]\d+)*\s?(?:G|MHz|GHz|kHz|[kMGT]Wh?|[kMGT]Wp|TEU|Gbps|Mbps|"
                     r"[KMGTP]B|nm|km|bcm|mtpa)")


def _sources(sentence: str, mentions: list[Mention], lang: str,
             stops: list[tuple[int, int]]) -> list[Mention]:
    """"according to Reuters", "secondo la Gazzetta dello Sport", "Dem Fachmagazin
    Sponsors zufolge": the source of a report is never a party. After a source marker it is
    the first name, at most one word on (articles and prepositions aside), with the names
    joined to it by a preposition ("Gazzetta dello Sport"), before any punctuation or
    payment verb; before "zufolge", the name right before it."""
    r = rules(lang)
    low = sentence.lower()
    ends = ",;:()—–"
    out: list[Mention] = []

    def words(a: int, b: int) -> list[str]:
        return [w for w in re.findall(r"[\w'’]+", low[a:b])
                if w not in r.articles and w not in r.prepositions]

    def run(after: list[Mention]) -> list[Mention]:
        """The first name and those joined to it by nothing but articles and prepositions
        ("Gazzetta dello Sport", "Sole 24 Ore")."""
        out = after[:1]
        for prev, m in zip(after, after[1:], strict=False):
            if words(prev.end, m.run_start) or prev.end == m.run_start:
                break
            out.append(m)
        return out

    before_rx, after_rx = _source_res(lang)
    for hit in before_rx.finditer(low) if before_rx else ():
        # a source marker: the first name after it
        start = hit.end()
        before = re.findall(r"[\w']+", low[:hit.start()])[-1:]
        if before and (before[0] in r.articles or before[0] in r.prepositions):
            continue  # "nel secondo trimestre": an ordinal, not "according to"
        stop = min([k for k in (low.find(ch, start) for ch in ends) if k >= 0]
                   + [s for s, _ in stops if s >= start] + [len(low)])
        after = [m for m in mentions if start <= m.start and m.end <= stop]
        if after and _document_owner(low, words(start, after[0].run_start), after[0], r):
            after[0].possessive = True  # "selon le rapport annuel d'Orevia", "according to
            continue  # Varga's annual report": the company whose document it is
        if not after or len(words(start, after[0].run_start)) > 1:
            continue
        out.extend(run(after))
    for hit in _source_verbs_re(lang).finditer(low):
        # ", révèle L'Echo.", ", riporta il Sole 24 Ore": a report verb after a comma, then
        # its subject, articles aside, closing the clause: who reports, not who pays
        after = [m for m in mentions if m.start >= hit.end()]
        if not after or words(hit.end(), after[0].run_start):
            continue
        source = run(after)
        if _CLAUSE_END.match(sentence, source[-1].end):
            out.extend(source)
    for hit in after_rx.finditer(low) if after_rx else ():
        end = hit.start()
        begin = max([low.rfind(ch, 0, end) for ch in ends + "."]
                    + [e for _, e in stops if e <= end] + [0])
        before = [m for m in mentions if m.start >= begin and m.end <= end]
        gap = words(before[-1].end, end) if before else []
        quoted = bool(before) and bool(re.search(r"[„“”\"«»]", sentence[before[-1].end:end]))
        if before and (not gap or (len(gap) == 1 and quoted)):  # "Reuters zufolge",
            out.append(before[-1])  # "Dem Magazin „Sponsors“ zufolge"; not "X ... einem
            # Bericht zufolge"
    return out


def _document_owner(low: str, between: list[str], m: Mention, r: CompanyRules) -> bool:
    """Whether the name after a source marker owns the company document named there
    (companies.toml `source_documents`: annual reports, accounts, filings): before it
    ("secondo il bilancio di X", "selon le rapport annuel d'X") or after its possessive
    ("according to X's annual report"); not a body's reports ("les rapports de la DNCG")."""
    def names_one(words: list[str]) -> bool:
        text = " ".join(words)
        return any(text == d or text.startswith(d + " ") for d in r.source_documents)

    if between:
        return names_one(between)
    after = [w for w in re.findall(r"[\w'’-]+", low[m.end:m.end + 40])
             if w not in ("'s", "’s", "s")]
    return m.possessive and any(names_one(after[:k]) for k in (1, 2, 3))


def _known_tail(source: Mention) -> Mention | None:
    """"secondo la Gazzetta dello Sport Emirates verserà ...": a source run with no comma
    before the subject ends in a name the gazetteer knows; that name is a party (the
    source, at least two words, is not)."""
    words = list(re.finditer(r"\S+", source.text))
    for k in (2, 1):
        if len(words) - k < 2:
            continue
        tail = source.text[words[-k].start():]
        if fold(tail) in gazetteer() and fold(source.text) not in gazetteer():
            start = source.start + words[-k].start()
            return Mention(start, source.end, tail, canonical_name(tail), run_start=start,
                           known=True)
    return None


def _allies(sentence: str, mentions: list[Mention], lang: str) -> list[Mention]:
    """"errichtet gemeinsam mit der spanischen Dragados Offshore", "impulsa junto a Oracle y
    SoftBank": a partner named after an ally marker (companies.toml `ally_markers`) is on
    the side of the one it accompanies, never its counterparty, so no party. It is the
    first name after the marker, with at most two lower-case words (an article, an
    adjective) between, and the names coordinated with it."""
    markers, joins = _ally_res(lang)
    out: list[Mention] = []
    for hit in markers.finditer(sentence.lower()):
        after = [m for m in mentions if m.start >= hit.end()]
        if not after:
            continue
        gap = sentence[hit.end():after[0].run_start].split()
        if len(gap) > 2 or any(not (w.isalpha() and w.islower()) for w in gap):
            continue  # "Alongside the purchase, Citi ...": the marker governs a noun
        out.append(after[0])
        for prev, m in zip(after, after[1:], strict=False):
            between = sentence[prev.end:m.run_start].strip(" ,").lower().split()
            if not between or between[0] not in joins or len(between) > 3 or \
                    not all(w.isalpha() for w in between):
                break  # "und der Marti Tunnel AG": a coordinator, an article at most
            out.append(m)
    return out


@cache
def _ally_res(lang: str) -> tuple[re.Pattern[str], frozenset[str]]:
    """The ally markers as one regex (longest first), and the one-word coordinators that
    join a second partner to the first (cues.toml `coordinators`)."""
    alts = "|".join(re.escape(w) for w in rules(lang).ally_markers)
    joins = frozenset(w for w in lang_toml(lang, "cues").get("coordinators", []) if " " not in w)
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)"), joins


# the rest of a name the recogniser cut ("Sole | 24 Ore"), then the clause's end
_CLAUSE_END = re.compile(r"(?:\s+(?:\d+|[^\W\d_]*[A-ZÀ-Þ][\w'’-]*))*\s*[»\"”]?\s*(?:[.;:,)!?]|$)")


@cache
def _source_verbs_re(lang: str) -> re.Pattern[str]:
    """A comma, then one of the report verbs (companies.toml `source_verbs`)."""
    verbs = rules(lang).source_verbs
    alts = "|".join(re.escape(w) for w in verbs)
    return re.compile(rf",\s*(?:{alts})(?!\w)") if alts else re.compile("(?!)")


@cache
def _source_res(lang: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """One regex for the markers before a source, one for those after it (longest first)."""
    r = rules(lang)

    def rx(words: tuple[str, ...]) -> re.Pattern[str] | None:
        alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{alts})(?!\w)") if alts else None
    return rx(r.source_markers), rx(r.source_after)


def _drop_enumerations(sentence: str, mentions: list[Mention]) -> list[Mention]:
    """"mit Hardware, Software und Services": three or more single capitalised words in a
    list are nouns in German, not companies (unless the gazetteer knows them)."""
    runs: list[list[Mention]] = []
    for m in mentions:
        if runs and re.fullmatch(r"\s*(?:,|und|oder|sowie)\s*", sentence[runs[-1][-1].end:m.start]):
            runs[-1].append(m)
        else:
            runs.append([m])
    drop = {id(m) for run in runs if len(run) >= 3 for m in run
            if " " not in m.text and not m.known}
    return [m for m in mentions if id(m) not in drop]


def _fold_modifiers(sentence: str, toks: list[Token], mentions: list[Mention], r: CompanyRules,
                    stops: list[tuple[int, int]]) -> list[Mention]:
    """"the Yorkshire flour miller Pennine Mills", "the Busan port operator Haneul
    Terminals": a name that an article opens and one to three lower-case common nouns
    follow describes the name after them (a place, a brand), so it is no party of its own;
    the described name starts its phrase there, so the preposition before the article
    governs it. Only where the language puts nouns before the noun they qualify
    (companies.toml `noun_modifiers`): elsewhere the lower-case words between two names are
    a verb ("La Juventus ingaggia Orvane", "Die Stadt Hilden beauftragt Orvane")."""
    if not r.noun_modifiers:
        return mentions
    out: list[Mention] = []
    for k, m in enumerate(mentions):
        nxt = mentions[k + 1] if k + 1 < len(mentions) else None
        if nxt is None or m.known or any(m.end <= s < nxt.start for s, _ in stops):
            out.append(m)
            continue
        between = sentence[m.end:nxt.start]
        words = between.split()
        if not (1 <= len(words) <= 3 and re.fullmatch(r"\s+(?:[^\W\d_A-ZÀ-Þ][\w-]*\s+){1,3}",
                                                        between)):
            out.append(m)
            continue
        if any(w.lower() in r.stopwords or w.lower() in r.barriers or w.lower() in r.articles
               or w.lower() in r.prepositions for w in words):
            out.append(m)
            continue
        idx = next(i for i, t in enumerate(toks) if t.start >= m.run_start)
        if idx == 0 or toks[idx - 1].text.lower().replace("’", "'") not in r.articles:
            out.append(m)
            continue
        nxt.run_start = m.run_start  # the phrase opens at the article before the modifier
    return out


def _extend_to_institution(sentence: str, toks: list[Token], m: Mention, lang: str,
                           r: CompanyRules) -> None:
    """"il ministero della Difesa", "el ministerio de Defensa", "le ministère de la
    Défense": a lower-case institution head joined to a name (by a connector, and an
    article after it) makes one name with it."""
    k = next((i for i, t in enumerate(toks) if t.start >= m.start), 0)
    if k < 2 or m.kind != "name":
        return
    c = k - 1
    if c >= 2 and (toks[c].text.lower() in r.field_articles or toks[c].text[-1:] in "'’") \
            and toks[c - 1].text.lower() in r.head_connectors:
        c -= 1  # "de la Défense", "de l'Intérieur"
    conn, h = toks[c].text.lower(), c - 1
    while h > 0 and c - 1 - h < 2 and r.adjective_endings and toks[h].text.islower() and \
            toks[h].text.isalpha() and toks[h].text not in r.lower_heads and (
                _adjectival(toks[h].text, r, lang) or (
                    h == c - 1 and toks[h - 1].text in r.lower_heads
                    and toks[h].text not in r.stopwords and len(toks[h].text) > 3
                    and not _in_word_list(toks[h].text, lang))):
        h -= 1  # "conseil départemental de Vallandry"; "ministère qatari de la Défense":
        # one word no word list knows between a head and its field (a nationality)
    head = toks[h]
    if _town_organ(toks[h:c], r) or _organ_words(toks[h:c], r):
        return  # "le conseil (municipal) de Varennes": the town's organ acts for the town;
        # "la junta directiva de la Caja ...": a board acts for its institution
    if (conn in r.head_connectors or conn in r.connectors) and head.text.islower() and \
            head.text in r.lower_heads:
        m.start = m.run_start = head.start
        m.text = sentence[head.start:m.end]
        m.name = canonical_name(m.text, lang)


def _through_to_acronym(sentence: str, m: Mention, lang: str, r: CompanyRules) -> None:
    """"la Presidenza delle industrie della difesa turca (SSB)", "l'Agenzia Nato di supporto
    e acquisti (NSPA)": an institution's name that goes on in lower case, from a connector,
    up to the acronym in brackets it is known by, is one name; the brackets close it."""
    words = m.text.split()
    if m.kind != "name" or not words or words[0].lower() not in r.institution_heads:
        return
    paren = sentence.find("(", m.end, m.end + 90)
    if paren < 0:
        return
    close = sentence.find(")", paren)
    acronym = sentence[paren + 1:close].strip() if close > 0 else ""
    tail = sentence[m.end:paren]
    found = re.findall(r"[^\W\d_]+['’]?", tail)
    if not (1 < len(found) <= 8) or sum(c.isupper() for c in acronym) < 2 or \
            not re.fullmatch(r"[\w&.-]{2,10}", acronym) or not tail[:1].isspace() or \
            re.sub(r"[^\W\d_]+['’]?|\s", "", tail) or any(not w.islower() for w in found):
        return
    first = found[0].lower().replace("’", "'")
    if first not in r.head_connectors and first not in r.connectors:
        return
    m.end = m.end + len(tail.rstrip())
    m.text = sentence[m.start:m.end]
    m.name = canonical_name(m.text, lang)


def _drop_place_before_known(sentence: str, m: Mention, lang: str) -> None:
    """"al salone di Berlino Airbus ha raccolto ordini", "nel Regno Unito Amazon paga": a
    place that ends a phrase runs into the company named after it when no comma parts them;
    a known company after a city or country is that company ("Qatar Airways", "Roma
    Capitale" are no known company after a place, and stay whole)."""
    words = m.text.split()
    for k in range(1, min(3, len(words) - 1) + 1):
        head = fold(" ".join(words[:k]))
        if head not in city_names(lang) and head not in country_names(lang):
            continue
        rest = " ".join(words[k:])
        if rest[:1].isupper() and fold(rest) in gazetteer():
            start = m.start + m.text.index(words[k], len(" ".join(words[:k])))
            m.start = m.run_start = start
            m.text = sentence[start:m.end]
            m.name = canonical_name(m.text, lang)
            return


def _in_word_list(word: str, lang: str) -> bool:
    """Whether simplemma's word list has the word as written ("extraordinaria"; not
    "qatari"); for a language it has no list of, every word is known (no guess)."""
    import simplemma

    try:
        return simplemma.is_known(respelled(word, lang), lang=lang)
    except ValueError:
        return True


def _adjectival(word: str, r: CompanyRules, lang: str) -> bool:
    """An adjective by its ending, singular or plural ("public", "publics"; "civil",
    "civiles"): "le ministère des Travaux publics"; or a nationality by its country's name
    ("el Gobierno uruguayo")."""
    return word.endswith(r.adjective_endings) or (
        word[-1:] in "sx" and word[:-1].endswith(r.adjective_endings)) or \
        country_adjective(word, lang)


def _coordinated_field(sentence: str, toks: list[Token], m: Mention,
                       mentions: list[Mention], lang: str, r: CompanyRules) -> None:
    """"le ministère de l'Équipement et de l'Eau", "il ministero delle Infrastrutture e dei
    Trasporti": an institution whose fields are coordinated is one body; cut at the
    coordinator, it is a wrong name and the second field a party of its own."""
    if m.kind != "name" or not r.name_coordinators or not any(m is x for x in mentions):
        return
    gap = re.match(r"\s+(\w+)\s+", sentence[m.end:])  # the cheap test first: most names
    if gap is None or gap.group(1).lower() not in r.name_coordinators:  # have no coordinator
        return
    inside = [k for k, t in enumerate(toks) if m.start <= t.start < m.end]
    if not inside or _head_of_run(toks, inside[0], inside[-1], r) not in r.lower_heads:
        return
    at = m.end + gap.end()
    nxt = next((o for o in mentions if o.kind == "name" and o.start > m.end
                and o.run_start >= at and fold(o.name) not in gazetteer()
                and _joins_head(" " + sentence[at:o.run_start], r)), None)
    if nxt is None:
        return
    mentions.remove(nxt)
    m.end, m.text = nxt.end, sentence[m.start:nxt.end]
    m.name = canonical_name(m.text, lang)


def _extend_over_adjectives(sentence: str, toks: list[Token], m: Mention,
                            mentions: list[Mention], lang: str, r: CompanyRules) -> None:
    """"l'Agenzia spaziale europea", "la Provincia autonoma di Trento", "el Gobierno
    australiano", "il ministero della Difesa indonesiano": an institution's name, then
    lower-case adjectives (and a name joined after them), is one name; cut before them,
    it names the wrong body or none."""
    if not r.adjective_endings or m.kind != "name" or not any(m is x for x in mentions):
        return  # no adjectives in the language, or taken into an earlier name
    inside = [k for k, t in enumerate(toks) if m.start <= t.start < m.end]
    if not inside or _head_of_run(toks, inside[0], inside[-1], r) not in r.lower_heads:
        return  # "Agenzia", "ministero della Difesa"; not a company ("Velmora")
    k = j = inside[-1]
    while j + 1 < len(toks) and j - k < 2 and toks[j + 1].text.isalpha() and \
            toks[j + 1].text.islower() and _adjectival(toks[j + 1].text, r, lang) \
            and toks[j + 1].text not in r.stopwords and toks[j + 1].text not in r.lower_heads:
        j += 1
    if j == k:
        return
    e = toks[j].end
    owned = next((o for o in mentions if o is not m and o.kind == "name" and o.start > e
                  and _joins_head(sentence[e:o.run_start], r)), None)
    if owned is not None:  # "... autonoma di Trento"
        mentions.remove(owned)
        e = owned.end
    m.end, m.text = e, sentence[m.start:e]
    m.name = canonical_name(m.text, lang)


def _after_product_head(sentence: str, m: Mention, r: CompanyRules) -> bool:
    """"vom Typ Puma", "the Boeing 737 model", "modello Panda": a name right after a type
    word (and a genitive or article) is a product."""
    if not r.product_heads:
        return False
    words = re.findall(r"[\w'’]+", sentence[max(0, m.start - 30):m.start])[-3:]
    while words and (words[-1].lower() in r.articles or words[-1].lower() in r.genitives
                     or any(c.isdigit() for c in words[-1])):
        words.pop()  # "vom Typ H225 Super Puma": a model code before the name
    return bool(words) and words[-1].lower() in r.product_heads


def _adjective_name(toks: list[Token], i: int, j: int, r: CompanyRules, lang: str) -> bool:
    """"Indian Railways", "British Airways", "American Express": a country adjective and one
    common word are a name together ("the French Alstom" is Alstom), and so are a country and
    a run of capitalised words no part of which the gazetteer knows ("Swiss Federal
    Railways"; "Chinese Huawei Technologies" is Huawei's)."""
    if r.noun_plurals or not toks[i].text[:1].isupper():
        return False
    if i + 1 == j:
        # "USA Network" in Italian, "China Mobile": a country's name (not its adjective)
        # and a capitalised word the gazetteer does not know are one name
        return common_word(toks[j].text, lang) or (
            (_country_word(toks[i].text, lang, r) or toks[i].text in ("US", "USA", "UK"))
            and toks[j].text[:1].isupper()
            and fold(toks[j].text) not in gazetteer())
    # "Swiss Federal Railways", "China Eastern Airlines", "European Space Agency": two or
    # more capitalised words after it that the gazetteer does not know on their own
    first = toks[i].text
    if fold(first) not in country_names(lang) and not (
            r.demonym_endings and first.lower().endswith(r.demonym_endings)):
        return False  # "Bourse Ferrand Courtage": a common noun, not a country
    rest = [t.text for t in toks[i + 1:j + 1]]
    # a known name of common words only ("Premier League") is another one after a country:
    # "the Indian Premier League", "the Canadian Premier League"
    generic = all(common_word(w, lang) for w in rest if w not in r.connectors)
    return all(w[:1].isupper() or w in r.connectors for w in rest) and \
        (generic or fold(" ".join(rest)) not in gazetteer()) and \
        not any(fold(w) in gazetteer() for w in rest)


def _counted(sentence: str, m: Mention, lang: str) -> bool:
    """"34 Coradia Liner trains", "ten A350-1000 jets", "quince Avril": a name counted like
    goods is what is bought, not who sells it. A maker the gazetteer knows stays ("30
    Boeing 787s": Boeing sells); a year is no count ("in 2024 Orange paid")."""
    if m.known and fold(m.text) in gazetteer():
        return False
    before = re.search(r"([\w'’-]+)\s+$", sentence[max(0, m.start - 25):m.start])
    if not before:
        return False
    return _count_word(before.group(1), lang)


@lru_cache(maxsize=1 << 12)
def _count_word(word: str, lang: str) -> bool:
    """A count of two or more ("34", "ten", "quince"), not a year ("2024")."""
    if word.isdigit():
        return not (len(word) == 4 and word[:2] in ("19", "20"))
    value = parse_words(word, lang)
    return value is not None and value >= 2


@cache
def _group_nouns_re(lang: str) -> re.Pattern[str] | None:
    """Words for a consortium or grouping (companies.toml `group_nouns`), as one regex."""
    words = lang_toml(lang, "companies").get("group_nouns", [])
    if not words:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(w) for w in words)})(?!\w)")


def _a_person(sentence: str, m: Mention, r: CompanyRules, lang: str) -> bool:
    """"al suo amministratore delegato Carlos Tavares", "CEO Sam Altman", "que preside José
    María Álvarez-Pallete": a name right after an executive's title (or after the title and
    one adjective: "ministre chinois"), or after "led by", is a person, never a party to a
    payment between companies."""
    if not r.person_markers:
        return False
    before = sentence[max(0, m.start - 40):m.start].lower().rstrip()
    words = m.text.split()
    if len(words) > 2 and person_name(words[-2:], lang) and _title_of_field(before, r) and \
            fold(m.name) not in gazetteer():
        return True  # "le ministre de l'Intérieur Bernard Quintin", "il ministro della Difesa
        # Guido Crosetto": the title's field, then the person who holds it (even where the
        # statistical model tags the run an organisation)
    if m.known:
        return False
    groups = _group_nouns_re(lang)
    if groups is not None and groups.search(before):
        return False  # "al raggruppamento guidato da X": a consortium's leader, a company
    ends = [before]
    last = before.rsplit(None, 1)
    if len(last) == 2 and last[1].isalpha() and last[1].endswith(r.adjective_endings):
        ends.append(last[0])  # "le Premier ministre chinois Li Keqiang": a title's adjective
    if any(b.endswith(t) and (len(b) == len(t) or not b[-len(t) - 1].isalnum()
                              or (r.compound_titles and " " not in t))
           for b in ends for t in r.person_markers):
        return True  # "CEO Sam Altman", "Verteidigungsminister Hans Peter Doskozil"
    # "Mayor John Smith", "Defence Minister Bill Graham": a title and two words after it
    # open the run (not "President Energy", a company)
    return any(w.lower() in r.person_markers for w in words[:-2])


def _title_of_field(before: str, r: CompanyRules) -> bool:
    """Whether lower-cased text ends in a person's title and the connector (and article)
    that open its field: "le ministre de l'", "il ministro della", "el ministro de"."""
    words = re.findall(r"[\w'’-]+", before)
    k = len(words)
    while k > 0 and len(words) - k < 2 and (
            words[k - 1].replace("’", "'") in r.articles or words[k - 1] in r.connectors
            or words[k - 1] in r.head_connectors or words[k - 1].rstrip("'’") + "'" in r.articles):
        k -= 1
    return 0 < k < len(words) and words[k - 1] in r.person_markers


def _verb_follows(sentence: str, m: Mention, r: CompanyRules) -> bool:
    """Whether a lower-case word that is no function word follows the name: "after X
    signed", where "after" opens a clause and X is its subject."""
    nxt = re.match(r"\s+([^\W\d_]+)\b", sentence[m.end:])
    return bool(nxt) and nxt.group(1).islower() and nxt.group(1) not in r.stopwords \
        and nxt.group(1) not in r.prepositions


def _locates_a_body(sentence: str, m: Mention, r: CompanyRules) -> bool:
    """"Victoria's Department of Transport", "India's Ministry of Defence": a possessor
    before a public body's head (companies.toml `lower_institution_heads`) says where the
    body is; the model's entity over both does not make it a company."""
    head = re.match(r"['’]s\s+(\w+)", sentence[m.end:])
    return m.possessive and head is not None and head.group(1).lower() in r.lower_heads


def _possessors(sentence: str, mentions: list[Mention]) -> list[Mention]:
    """"Denmark's Danske Bank": a possessor the model and the gazetteer do not know as a
    company (a place) only locates the name after it, which is the party and takes the
    phrase's preposition ("Microsoft's Azure" keeps Microsoft)."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev is not None and prev.kind == "name" and m.kind == "name" and \
                prev.possessive and not prev.known and \
                re.fullmatch(r"['’]s?\s+", sentence[prev.end:m.start]):
            out.pop()
            m.run_start = prev.run_start
        out.append(m)
    return out


def _public_bodies(sentence: str, toks: list[Token], masked: list[bool],
                   mentions: list[Mention], r: CompanyRules, lang: str) -> list[Mention]:
    """"l'armée australienne", "el ejército colombiano", "il governo italiano": a lower-case
    institution head after an article, with one or two adjectives and no name, is a public
    body named by its country (a buyer in many contracts)."""
    if r.demonym_endings:
        return _public_bodies_before(sentence, toks, masked, mentions, r, lang)
    if not r.adjective_endings:
        return []
    out: list[Mention] = []
    for k, t in enumerate(toks):
        before = toks[k - 1].text.lower().replace("’", "'") if k else ""
        if t.text not in r.lower_heads or t.text in r.named_heads or k == 0 or masked[k] or \
                (before not in r.articles and before not in r.prepositions):
            continue  # "le gouvernement", and "du/al/dal gouvernement" (article inside)
        j = k
        while j + 1 < len(toks) and j - k < 2 and toks[j + 1].text.isalpha() and \
                toks[j + 1].text.islower() and _adjectival(toks[j + 1].text, r, lang) \
                and toks[j + 1].text not in r.stopwords:
            j += 1
        if j == k or (j + 1 < len(toks) and toks[j + 1].text[:1].isupper()):
            continue  # no adjective, or a name follows ("il ministero della Difesa")
        s, e = t.start, toks[j].end
        # "le ministère allemand de la Défense": the adjective, then the body's own name
        owned = next((m for m in mentions if m.kind == "name" and m.start > e
                      and _joins_head(sentence[e:m.run_start], r)), None)
        if owned is not None and (_town_organ(toks[k:j + 1], r)
                                  or _organ_words(toks[k:j + 1], r)):
            continue  # "le conseil municipal de Varennes": the town is the party; "la junta
            # directiva de la Caja ...": the board acts for its institution
        if owned is not None:
            mentions.remove(owned)
            e = owned.end
        if any(m.start < e and s < m.end for m in mentions):
            continue
        text = sentence[s:e]
        out.append(Mention(s, e, text, canonical_name(text, lang), run_start=s))
    return out


def _joins_head(gap: str, r: CompanyRules) -> bool:
    """" de la ", " della ", " de ": a connector of institution names, then at most an
    article."""
    words = re.findall(r"[^\W\d_]+['’]?", gap.lower())
    if not words or len(words) > 2 or re.sub(r"[\w'’]+", "", gap).strip():
        return False
    first = words[0].replace("’", "'")
    return (first in r.head_connectors or first in r.connectors) and \
        all(w.replace("’", "'") in r.articles for w in words[1:])


def _public_bodies_before(sentence: str, toks: list[Token], masked: list[bool],
                          mentions: list[Mention], r: CompanyRules, lang: str
                          ) -> list[Mention]:
    """"the US government", "the British army", "the Indian defence ministry": a country
    (CLDR) or its adjective (`demonym_endings`) before a lower-case institution head, after
    an article, is a public body (English puts the adjective first). Before a ruler head
    (`ruler_heads`) any name not known as a company will do: "the Trump administration",
    "the Ontario government" (the leader or the place that governs)."""
    out: list[Mention] = []
    for k, t in enumerate(toks):
        ruler = t.text in r.ruler_heads and k >= 2 and not masked[k] and \
            toks[k - 1].text.isalpha() and toks[k - 1].text.istitle() and \
            toks[k - 2].text.lower() in r.articles and \
            not any(m.known and m.start <= toks[k - 1].start < m.end for m in mentions)
        if (t.text not in r.lower_heads and not ruler) or k < 2 or masked[k]:
            continue
        j = k - 1
        if toks[j].text.islower() and j > 1 and toks[j - 1].text[:1].isupper():
            j -= 1  # "the Indian defence ministry"
        adj = toks[j].text
        if not adj[:1].isupper() or masked[j] or not (
                (ruler and j == k - 1)
                or fold(adj) in country_names(lang) or adj in ("US", "UK", "EU", "U.S.")
                or (adj.isalpha() and adj.endswith(r.demonym_endings) and len(adj) > 3)):
            continue
        if toks[j - 1].text.lower() not in r.articles:
            continue
        s, e = toks[j].start, t.end
        inside = [m for m in mentions if m.start < e and s < m.end]
        if any(m.end > toks[k - 1].end for m in inside):
            continue
        for m in inside:  # "the U.S. government": the country named is part of the body
            mentions.remove(m)
        text = sentence[s:e]
        out.append(Mention(s, e, text, text, run_start=s))
    return out


def _apposition_marker(sentence: str, m: Mention, r: CompanyRules) -> str:
    """"paie à son fournisseur de cartons, Emballages Morin, 210 000 euros": a name in
    apposition to a lower-case noun phrase (one with a determiner: not "acquis à prix fixe,
    Orange, ... déboursera") takes the preposition that governs the phrase."""
    if not re.match(r"\s*,", sentence[m.end:]):
        return ""
    before = sentence[:m.start].rstrip()
    if not before.endswith(","):
        return ""
    words = re.findall(r"[\w'’]+", before[:-1])[-7:]
    for k, w in enumerate(words):
        low = w.lower().replace("’", "'")
        rest = words[k + 1:]
        if low in r.prepositions and rest and all(x.islower() for x in rest) and \
                len(rest) <= 5 and (not r.determiners or any(
                    x.lower().replace("’", "'") in r.determiners for x in rest)):
            return low
    return ""


def _opens_with_determiner(text: str, r: CompanyRules) -> bool:
    low = text.lower().replace("’", "'")
    return any(low.startswith(d if d.endswith("'") else d + " ") for d in r.coref_determiners)


_QUOTES = {"„": "“", "“": "”", "«": "»", '"': '"', "‘": "’", "‹": "›", "»": "«"}


def _quoted(sentence: str, m: Mention) -> bool:
    """„Raw“, «Club de la Construcción»: a name in quotation marks is a title or a
    nickname, not a company."""
    before = sentence[:m.start].rstrip()[-1:]
    after = sentence[m.end:].lstrip()[:1]
    return bool(before) and before in _QUOTES and after == _QUOTES[before]


def _widen_to_acronyms(sentence: str, toks: list[Token], mentions: list[Mention],
                       lang: str, r: CompanyRules) -> list[Mention]:
    """A name cut at a connector or a lower-case word, followed by its short form in
    brackets, becomes the whole run the short form spells (see acronyms.py)."""
    skippable = _acronym_skippable(lang)
    for m in list(mentions):
        start = acronym_start(sentence, toks, m.end, skippable)
        if start is None or start >= m.start:
            continue
        text = sentence[start:m.end]
        wide = Mention(start, m.end, text, canonical_name(text, lang), run_start=start)
        mentions = [x for x in mentions if not (start <= x.start and x.end <= m.end)]
        mentions.append(wide)
        mentions.sort(key=lambda x: x.start)
    # a name cut before the words the short form spells ("das Bundesamt für | Bauten und
    # Logistik (BBL)": no name ends at the bracket) grows over them too
    for bracket in _BRACKET.finditer(sentence):
        end = bracket.start()
        if any(x.end == end for x in mentions):
            continue
        start = acronym_start(sentence, toks, end, skippable)
        if start is None or not any(x.kind == "name" and start <= x.start < end
                                    for x in mentions):
            continue
        text = sentence[start:end]
        mentions = [x for x in mentions if not (start <= x.start and x.end <= end)]
        mentions.append(Mention(start, end, text, canonical_name(text, lang), run_start=start))
        mentions.sort(key=lambda x: x.start)
    return mentions


_BRACKET = re.compile(r"(?<=\w)\s*\(\s*[A-ZÀ-Ý][A-Za-zÀ-ÿ.&]{1,9}\s*\)")


@cache
def _acronym_skippable(lang: str) -> frozenset[str]:
    r = rules(lang)
    return frozenset({*r.connectors, *r.head_connectors, *r.articles, *r.name_coordinators,
                      *(p for p in r.prepositions if " " not in p)})


def _bracketed_alias(sentence: str, m: Mention, mentions: list[Mention]) -> bool:
    """"Orvane (ORV.O)", "Amazon Web Services (AWS)": a ticker or short form in brackets
    right after a name is that name again, never another party."""
    if not sentence[m.end:].lstrip().startswith(")"):
        return False
    return any(o is not m and re.fullmatch(r"\s*\(\s*", sentence[o.end:m.start])
               for o in mentions)


_ADJECTIVE_ENDINGS = ("ischen", "ischem", "isches", "lichen", "lichem", "liches")


def _short_for_inflected(sentence: str, mentions: list[Mention], lang: str) -> None:
    """"den Schweizerischen Bundesbahnen (SBB)": a name opening with a declined adjective
    is written in the sentence's case, not as the name is; the short form in brackets after
    it is the name as written everywhere, so the mention takes it."""
    for o in mentions:
        first = o.name.split()[0] if o.name else ""
        if not (first.endswith(("en", "em", "es")) and (
                lower_lemma(first, lang) or first.endswith(_ADJECTIVE_ENDINGS))):
            continue
        short = next((m for m in mentions if m is not o and m.start > o.end and re.fullmatch(
            r"\s*\(\s*", sentence[o.end:m.start]) and sentence[m.end:].lstrip().startswith(")")),
            None)
        if short is not None and short.text.isupper():
            o.name = short.name


def _coordinated(sentence: str, toks: list[Token], i: int, j: int, masked: list[bool],
                 lang: str, r: CompanyRules) -> int:
    """How far a name ending at j runs on past a coordinator (or a list of fields closed by
    one), 0 when the coordinator joins two companies ("Microsoft and Google").

    A coordinator stays inside a name when what it joins could not stand alone as a
    company: common nouns ("Construcciones y Servicios Faus", "Sacyr Ingeniería e
    Infraestructuras"), an institution's fields ("Ministry of Transport, Ports and Civil
    Aviation"), or a right side that closes with a family word, a legal form or a body's
    head ("Marcel Charest et Fils", "Aro Constructora y Mineros EIRL", "Army Aviation and
    Missile Command")."""
    n = len(toks)
    if j + 1 < n and toks[j + 1].text == ",":
        return _field_list(toks, i, j, masked, lang, r)
    k = j + 2
    if k >= n or toks[j + 1].text not in r.name_coordinators or masked[k] or \
            not name_like(toks[k].text, r):
        return 0
    if i < j and (_joined_common_nouns(toks, i, j, lang, r)
                  or (_field_run(toks, i, j, r, lang) and _field_noun(toks[k].text, lang))):
        return 2
    if toks[k].text.lower() in r.articles:
        return 0  # "Sun and The Wall Street Journal"
    right = k
    while right + 1 < n and right - k < 4 and not masked[right + 1] and \
            sentence[toks[right].end:toks[right + 1].start] in (" ", "") and \
            (name_like(toks[right + 1].text, r) or toks[right + 1].text in r.connectors):
        right += 1
    words = [t.text for t in toks[k:right + 1]]
    left = [t.text for t in toks[i:j + 1] if t.text.lower() not in r.articles
            and t.text not in r.connectors and t.text not in r.head_connectors]
    if _names_known(left) or _names_known(words):
        return 0  # "Titagarh and Bharat Heavy Electricals Ltd", "Stato e Poste Italiane"
    if words[-1].lower() in r.family_words:
        return 2  # "Marcel Charest et Fils"
    after = toks[right + 2].text if right + 2 < n and toks[right + 1].text == "," else \
        toks[right + 1].text if right + 1 < n else ""
    if ((after[:1].isupper() or len(after.rstrip(".")) > 2)
            and after.rstrip(".").lower() in r.legal) or \
            (len(words) > 1 and words[-1].rstrip(".").lower() in r.legal):
        return 2  # "Roberts and Roberts, Inc.", "Global Customs and Forwarding Ltd",
        # "Maresca e Fiorentino spa" (a lower-case form of three letters or more)
    if words[-1].lower() in r.coordinated_tails and len(words) > 1 and \
            (common_word(toks[j].text, lang) or (len(left) == 1 and len(words) > 2)):
        return 2  # "Army Aviation and Missile Command"; one name on the left when two
        # field words and the tail close the right ("England and Wales Cricket Board")
    if not common_word(toks[j].text, lang):
        return 0
    if not r.noun_plurals and len(words) > 1 and common_word(toks[k].text, lang) and \
            all(common_word(w, lang) for w in left):
        return 2  # "Construcciones y Servicios Faus": no company stands on the left
    return 0


def _split_parent(sentence: str, m: Mention, lang: str, r: CompanyRules) -> None:
    """"Consejería de Fomento de la Junta de Extremadura", "Dirección General de Carreteras
    del Ministerio de Transportes": a unit of a public body, then (after a connector and an
    article) the body it belongs to, named with a field of its own. The unit is the name
    (news names the unit that buys); the parent is kept as the unit's `parent` (a unit of a
    public body is a public body). A parent without a field of its own stays in the name
    ("Banco de la República"), and so does one after a bare head ("Conseil de la région
    X")."""
    if m.kind != "name" or not r.institution_heads or r.nouns_capitalised:
        return
    rx = _parent_re(lang)
    found = rx.search(m.text) if rx is not None else None
    if found is None or m.text.split()[0].lower() not in r.institution_heads or \
            len(m.text[:found.start()].split()) < 2:
        return  # "Conseil de la région X": a bare head is no unit of its own
    m.parent = found.group("parent")
    m.end = m.start + found.start()
    m.text = sentence[m.start:m.end]
    m.name = canonical_name(m.text, lang)


@cache
def _parent_re(lang: str) -> re.Pattern[str] | None:
    c = lang_toml(lang, "companies")
    joins, heads = c.get("parent_joins", []), c.get("parent_heads", [])
    if not joins or not heads:
        return None
    # the parent: one of the heads with a field of its own, or an acronym that ends the name
    # ("Dirección de Obras Hidráulicas del MOP")
    return re.compile(rf"\s+(?:{alternation(joins)})\s*"
                      rf"(?P<parent>(?:{alternation(heads)})\s+\S.*|[A-ZÀ-Þ]{{2,6}})$")


def _city_before_description(sentence: str, m: Mention, r: CompanyRules) -> bool:
    """A city's name, then one to three lower-case words closed by a descriptor and a
    capitalised name: "the Casablanca engineering firm Atlas" (the city says where the
    firm is; it is no party)."""
    found = re.match(r"\s+((?:[^\W\d_A-Z][\w-]*\s+){1,3})[A-Z]", sentence[m.end:])
    if not found:
        return False
    last = found.group(1).split()[-1]
    return is_descriptor(last, r) or _agent_noun(last, r) or last.lower() in r.coref_heads_lower


def _article_and_adjective(toks: list[Token], i: int, r: CompanyRules) -> bool:
    """"der verstaatlichte Gasimporteur Sefe": an article and one inflected lower-case
    adjective before the run, which then opens with the noun they qualify."""
    return i > 1 and toks[i - 1].text.isalpha() and toks[i - 1].text.islower() and \
        toks[i - 1].text.endswith(("e", "en", "er", "es", "em")) and \
        toks[i - 1].text not in r.stopwords and toks[i - 2].text.lower() in r.articles


def _country_tail(toks: list[Token], i: int, j: int, masked: list[bool], lang: str) -> int:
    """How many lower-case words after the run make it a country's name as CLDR writes it
    in `lang` ("Émirats arabes unis", "Arabie saoudite", "Guinée équatoriale"); 0 if
    none."""
    heads = _lower_case_countries(lang)
    articles = rules(lang).articles
    while i < j and toks[i].text.lower().replace("’", "'") in articles:
        i += 1  # "La Guinée équatoriale", "Les Émirats arabes unis"
    head = fold(toks[i].text)
    if head not in heads:
        return 0
    for words in heads[head]:
        n = len(words)
        k = j + 1
        if k + n - 1 >= len(toks) or any(masked[k:k + n]) or \
                fold(" ".join(t.text for t in toks[i:j + 1])) != " ".join(words[:j + 1 - i]):
            continue
        tail = [fold(t.text) for t in toks[k:k + n - (j + 1 - i)]]
        if tail == list(words[j + 1 - i:]) and all(t.text.islower() for t in toks[k:k + len(tail)]):
            return len(tail)
    return 0


@cache
def _lower_case_countries(lang: str) -> dict[str, list[tuple[str, ...]]]:
    """First folded word -> the folded words of CLDR country names in `lang` that go on in
    lower case after it (longest first)."""
    from babel import Locale

    out: dict[str, list[tuple[str, ...]]] = {}
    for code, name in Locale.parse(lang).territories.items():
        words = name.split()
        if code.isalpha() and len(words) > 1 and any(w.islower() and len(w) > 3
                                                     for w in words[1:]):
            folded = tuple(fold(name).split())
            out.setdefault(folded[0], []).append(folded)
    for forms in out.values():
        forms.sort(key=len, reverse=True)
    return out


def _agentive_compound(word: str, lang: str) -> bool:
    """"Gasimporteur", "Netzbetreiber": a compound whose last part (five letters or more)
    is an agent noun the dictionary knows ("Importeur", "Betreiber")."""
    return any(dictionary_noun(head, lang) and agentive(head, lang)
               for head in (word[k].upper() + word[k + 1:] for k in range(3, len(word) - 4)))


def _organ_words(words: list[Token], r: CompanyRules) -> bool:
    """Whether lower-case words are one of the organs that act for their owner
    (companies.toml `organ_heads`: "junta directiva", "consiglio di amministrazione")."""
    return " ".join(t.text.lower() for t in words) in r.acting_organs


def _inflected_noun_form(word: str, lang: str) -> bool:
    """A German noun in a case form of its singular ("Rivalen", "Konkurrenten"): simplemma
    leads it back to a lemma one or two letters shorter that is itself a dictionary noun
    with a plural. Kept apart from `dictionary_noun`, which must not take plurals such as
    "Stadtwerke" for nouns: they open municipal companies' names."""
    base = lemma(word, lang)
    return word.lower().startswith(base) and word[len(base):] in ("n", "en") and \
        dictionary_noun(word[:len(base)], lang)


def _town_organ(words: list[Token], r: CompanyRules) -> bool:
    """A lower-case head and its adjectives that make a town's organ (companies.toml
    `town_organs`: "conseil", "conseil municipal"), not a body of its own ("conseil
    départemental")."""
    return bool(words) and words[0].text in r.town_organs and \
        all(t.text in r.town_organ_adjectives for t in words[1:])


def _needs_its_head(rest: list[Token], r: CompanyRules, lang: str) -> bool:
    """Whether the words after a German agent noun's shape ("Rosenbauer") could not
    name a company alone: English adjectives (companies.toml `loan_adjective_endings`) or a
    region or country, in English or the text's language ("International", "America",
    "Deutschland"), with at most a legal form, and no name the gazetteer knows ("der
    Sportartikelhersteller Puma" stays "Puma")."""
    if not r.loan_adjective_endings:
        return False
    words = [t.text for t in rest if t.text.rstrip(".").lower() not in r.legal]
    if not words or fold(" ".join(words)) in gazetteer():
        return False
    return all((common_word(w, "en") and w.lower().endswith(r.loan_adjective_endings))
               or fold(w) in country_names("en") or fold(w) in region_words("en")
               or fold(w) in country_names(lang) for w in words)


def _numbered(sentence: str, toks: list[Token], i: int, j: int, masked: list[bool],
              r: CompanyRules) -> bool:
    """A number of up to four digits after a name whose head numbers its kind
    (companies.toml `numbered_heads`: "Consorcio", "Asl", "ARGE") ends that name."""
    k = j + 1
    return bool(r.numbered_heads) and k < len(toks) and not masked[k] and \
        re.fullmatch(r"\d{1,4}", toks[k].text) is not None and \
        sentence[toks[j].end:toks[k].start] == " " and \
        _head_of_run(toks, i, j, r) in r.numbered_heads and \
        not (k + 1 < len(toks) and toks[k + 1].text.islower() and len(toks[k + 1].text) > 3
             and toks[k + 1].text.endswith(r.plural_endings))  # "5 lotti": a count


def _names_known(words: list[str]) -> bool:
    """Whether a run of words holds a name the gazetteer knows ("Poste Italiane")."""
    return any(fold(" ".join(words[a:b])) in gazetteer()
               for a in range(len(words)) for b in range(a + 1, len(words) + 1))


def _field_list(toks: list[Token], i: int, j: int, masked: list[bool], lang: str,
                r: CompanyRules) -> int:
    """"Ministerio de Inclusión, Seguridad Social y Migraciones": after an institution's
    field, more fields separated by commas and closed by a coordinator; every word a common
    noun. The step to the field after the coordinator, or 0."""
    if not _field_run(toks, i, j, r, lang):
        return 0
    n, k = len(toks), j + 1
    while k < n and toks[k].text == ",":
        k += 1
        if k >= n or masked[k] or not _field_noun(toks[k].text, lang):
            return 0
        while k + 1 < n and not masked[k + 1] and _field_noun(toks[k + 1].text, lang):
            k += 1
        k += 1
    if k + 1 < n and toks[k].text in r.name_coordinators and not masked[k + 1] and \
            _field_noun(toks[k + 1].text, lang):
        return k + 1 - j
    return 0


def _joined_common_nouns(toks: list[Token], i: int, j: int, lang: str, r: CompanyRules
                        ) -> bool:
    """Two common nouns around a coordinator at j + 1 that end the run, none of the words a
    known company ("Servicios y Proyectos")."""
    return (j + 3 == len(toks) or not name_like(toks[j + 3].text, r)) and \
        common_word(toks[j].text, lang) and common_word(toks[j + 2].text, lang) and \
        not any(fold(toks[k].text) in gazetteer() for k in (j, j + 2))


def _field_run(toks: list[Token], i: int, j: int, r: CompanyRules, lang: str) -> bool:
    """A run that is an institution's head, a head connector and its field ("Bundesamt für
    Wehrtechnik", "Ministerium für Bildung"), so a coordinated noun may continue the field."""
    while i < j and (toks[i].text.lower().replace("’", "'") in r.articles
                     or _country_word(toks[i].text, lang, r) or _state_initials(toks[i].text)):
        i += 1  # "the U.S. Department of ...", "UK Ministry of ...": the country's word
    return toks[i].text.lower() in r.institution_heads and \
        any(toks[k].text in r.head_connectors for k in range(i + 1, j))


def _state_initials(word: str) -> bool:
    """A country's initials before an institution's head ("U.S.", "UK", "EU")."""
    letters = word.replace(".", "")
    return 2 <= len(letters) <= 3 and letters.isalpha() and letters.isupper()


def _field_noun(word: str, lang: str) -> bool:
    """A capitalised word that reads as a common noun, not a company: a dictionary noun,
    an inflection of one ("Flüchtlinge", "Bauten"), or a compound ending in one
    ("Grenzsicherheit", "Wehrtechnik"); never a name the gazetteer knows."""
    if fold(word) in gazetteer() or not word.isalpha():
        return False
    if common_word(word, lang) or inflected_noun(word, lang):
        return True
    return any(common_word(word[k:].capitalize(), lang) for k in range(3, len(word) - 3))


def _head_of_run(toks: list[Token], i: int, j: int, r: CompanyRules) -> str:
    """The first word of a run that is no article ("Il Comune di X" -> "comune")."""
    return next((toks[x].text.lower() for x in range(i, j + 1)
                 if toks[x].text.lower().replace("’", "'") not in r.articles), "")


def _past_organ(sentence: str, toks: list[Token], i: int, j: int, r: CompanyRules) -> int:
    """"Junta de Gobierno del Ayuntamiento de Cartagena", "la junta directiva de la Caja
    Costarricense de Seguro Social", "Junta de Gobierno de Parla": an organ (companies.toml
    `organ_heads`, a board among them) acts for the institution, company or town it
    belongs to; the name starts at that owner's capitalised name after the connectors.
    A council that is its body's own name (`named_organs`: "Conseil départemental de X")
    gives way only to an institution's head."""
    if not r.organ_heads:
        return i
    for organ in r.organ_heads:
        words = organ.split()
        k = i + len(words)
        if k > j or [t.text.lower() for t in toks[i:k]] != [w.lower() for w in words]:
            continue
        while k < j and (toks[k].text.lower() in r.connectors or toks[k].text.lower() in r.articles):
            k += 1
        if k > i + len(words) and (toks[k].text.lower() in r.institution_heads or (
                toks[k].text[:1].isupper() and organ.lower() not in r.named_organs)):
            return k
    return i


def _demonym_before_description(toks: list[Token], i: int, r: CompanyRules, lang: str,
                                initial: bool) -> bool:
    """A lone capitalised word with a nationality's ending ("Malaysian", "Icelandic"), or a
    common word opening the sentence ("Mining contractor Downer EDI"), then one to three
    lower-case words ending in a descriptor (or a noun of who does something) and a
    capitalised one: the start of a description
    of the name that follows ("Malaysian low-cost carrier AirAsia"), not a name itself."""
    word = toks[i].text
    if not (word[:1].isupper() and word[1:].replace("-", "").islower() and len(word) > 4) \
            or fold(word) in gazetteer():
        return False
    if not (word.lower().endswith(r.demonym_endings) or (initial and common_word(word, lang))):
        return False
    k = i + 1
    while k < len(toks) and k <= i + 3 and toks[k].text[:1].islower() and \
            toks[k].text.replace("-", "").isalpha() and toks[k].text.lower() not in r.stopwords:
        k += 1
    return i + 1 < k < len(toks) and toks[k].text[:1].isupper() and (
        is_descriptor(toks[k - 1].text, r) or toks[k - 1].text.lower() in r.coref_heads_lower
        or _agent_noun(toks[k - 1].text, r))


def _agent_noun(word: str, r: CompanyRules) -> bool:
    """"exporter", "contractor", "specialist": a noun of who does something (companies.toml
    `agent_endings`), the head of a description ("Russian state arms exporter X")."""
    return len(word) > 5 and bool(r.agent_endings) and word.lower().endswith(r.agent_endings)


def _country_word(word: str, lang: str, r: CompanyRules) -> bool:
    """A country's name in one word (CLDR, or companies.toml `country_words`: "America"):
    after "of" it ends a name."""
    return word[:1].isupper() and (word in r.country_words or fold(word) in country_names(lang))


def _abbreviated(word: str, r: CompanyRules, opens: bool) -> bool:
    """An abbreviation names carry (companies.toml `name_abbreviations`: "St", "Mons"), or
    an initial that opens the name or follows another dot ("J. P. Morgan", "Mons. A.
    Pinto"; not "Serie A. Dazn"), before its dot."""
    return word in r.name_abbreviations or (opens and len(word) == 1 and word.isupper())


def _lower_case_brand(toks: list[Token], i: int, r: CompanyRules, lang: str) -> bool:
    """"go4mobile AG", "swisspro Solutions AG": a lower-case word that is no word of the
    language (simplemma does not know it: not "la suiza Alpenbio SA", "the carmaker
    Daimler AG"), right before a legal suffix (or a capitalised word and one), starts a
    company's name."""
    t = toks[i].text
    if not t[:1].islower() or not t.replace("-", "").isalnum() or t in r.stopwords or \
            t in r.articles or t in r.connectors or t in r.prepositions or \
            t in r.coref_heads_lower or is_descriptor(t, r):
        return False
    if r.adjective_endings and t.endswith(r.adjective_endings) and i > 0 and \
            toks[i - 1].text.islower() and toks[i - 1].text not in r.prepositions:
        return False  # "la constructora mendocina Green S.A.": an adjective after a noun
    for k in (i + 1, i + 2):  # the cheap test first: a legal suffix follows
        if k >= len(toks) or not toks[k].text[:1].isupper():
            return False
        if toks[k].text.rstrip(".").lower() in r.legal:
            break
    else:
        return False
    return not _in_word_list(t, lang)


def _make_mention(sentence: str, toks: list[Token], i: int, j: int, lang: str,
                  r: CompanyRules) -> Mention | None:
    initial = i == 0 or toks[i - 1].text in OPENERS
    while r.nouns_capitalised and j > i and deal_noun(toks[j].text, lang) is not None and \
            toks[j - 1].text[:1].isupper() and \
            fold(sentence[toks[i].start:toks[j].end]) not in gazetteer():
        j -= 1  # "von der Schweizer Armee Aufträge erhalten": a deal noun ends no name
    if initial and r.adverb_initials:
        # "Demnach überwies ...", "Jährlich zahlt ...": an adverb or adjective opens the
        # sentence when its lemma is written lower-case (nouns keep their capital)
        while i <= j and lower_lemma(toks[i].text, lang) and \
                fold(toks[i].text) not in gazetteer():
            if i == j:
                return None
            i += 1
            if toks[i - 1].text.lower() in r.articles:
                break  # "Die Europäische Kommission": after an article, a capitalised
                # adjective is part of a name
    lead = i  # "from the Swedish Defence Materiel Administration": the preposition before a
    # dropped leading word still governs the name
    while i <= j and ((toks[i].text.lower() in r.stopwords and (initial or r.nouns_capitalised))
                      or (toks[i].text in r.not_companies and not _adjective_name(toks, i, j, r, lang))
                      or toks[i].text.lower().replace("’", "'") in r.articles):
        if i == j:
            return None
        if i > 0 and i < j and toks[i].text.lower().replace("’", "'") in r.articles and \
                toks[i - 1].text not in (".", ":", ";", "!", "?", "«", "\"", "“") and \
                toks[i + 1].text.lower() not in r.stopwords:
            break  # a capitalised article inside a sentence starts a name: "El Faro del Norte"
        if i < j and toks[i].text.lower().replace("’", "'") in r.articles and \
                toks[i + 1].text[:1].isupper() and \
                toks[i + 1].text.lower() in r.institution_heads:
            i += 1
            break  # "Lo Stato italiano", "Il Governo francese": an institution's head
            # after an article opens its name, though "stato" is also a verb
        if r.nouns_capitalised and not initial and i < j and \
                toks[i - 1].text.lower() in r.articles and \
                inflected_adjective(toks[i].text.lower(), lang):
            break  # German writes an adjective with a capital only inside a name: "die
            # Erste Bank", "das Zweite Deutsche Fernsehen"
        i += 1
    if i == j and i > 0 and toks[i - 1].text.lower() in r.noun_determiners and \
            fold(toks[i].text) not in gazetteer():
        return None  # "für die Abrechnung ihrer Ladesäulen": a noun, not a name
    public_adjective = _public_adjective(toks, i, j, r, lang)
    if r.article_nouns and i == j and not public_adjective and \
            fold(toks[i].text) not in gazetteer() and (
            (i > 0 and toks[i - 1].text[:1].isdigit()) or inflected_noun(toks[i].text, lang)
            or (i > 0 and inflected_adjective(toks[i - 1].text, lang)
                and (known_word(toks[i].text, lang)
                     or sentence[toks[i].end:toks[i].end + 1] == "-"))
            or toks[i].text.lower() in r.coref_heads_lower):
        # German capitalises nouns: one word after a number ("40 Busse") or after an
        # inflected adjective ("digitalem Funk"), an inflected one ("Aufträge"), or a word
        # that refers back ("der Airline") is no name; a word no word list has after an
        # adjective is one ("die russische Aeroflot")
        return None
    if initial and i == j and j + 1 < len(toks) and \
            (_inflected_verb(toks[i].text, lang) or _infinitive(toks[i].text, lang)) and \
            fold(toks[i].text) not in gazetteer() and \
            (toks[j + 1].text.lower() in r.articles or toks[j + 1].text.lower() in r.prepositions
             or toks[j + 1].text.lower() in r.stopwords):
        return None  # "Finisce dopo vent'anni ...", "Arriva il ...", "Uscire dal contratto":
        # a verb opens the sentence (a name opening it is followed by its verb or a comma:
        # "Brisa, filiale")
    if initial and i == j and j + 1 < len(toks) and \
            toks[j + 1].text.lower() in r.initial_noun_before and \
            fold(toks[i].text) not in gazetteer():
        return None  # "Shares of X rose", "Analysts at X said": a noun opens the sentence
    if initial and i == j and j + 1 < len(toks) and \
            toks[j + 1].text.lower() in r.initial_common_before and \
            common_word(toks[i].text, lang) and fold(toks[i].text) not in gazetteer():
        return None  # "Reports say", "Sources said": a common word before a reporting verb
    if initial and i == j and j + 1 < len(toks) and participle(toks[i].text, lang) and \
            toks[j + 1].text.isalpha() and toks[j + 1].text.islower() and \
            fold(toks[i].text) not in gazetteer():
        return None  # "Having committed to pay the NFL ...": a participle opens the sentence
    if initial and i == j and j + 1 < len(toks) and not r.nouns_capitalised and \
            infinitive_endings(lang) and toks[j + 1].text.isalpha() and \
            toks[j + 1].text.islower() and toks[j + 1].text.lower() not in r.stopwords and \
            common_word(toks[i].text, lang) and fold(toks[i].text) not in gazetteer() and \
            not _inflected_verb(toks[j + 1].text, lang):
        return None  # "Grand perdant de l'appel d'offres, RMC Sport ...": a common word
        # and the word it qualifies open the sentence; only where a verb after a name can
        # be told apart ("Kestrel charges ..." in English cannot)
    if i == j and r.demonym_endings and _demonym_before_description(toks, i, r, lang, initial):
        return None  # "Malaysian low-cost carrier AirAsia": the adjective of a nationality
        # opens a description of the name that follows
    run_start = toks[lead].start if not initial and all(
        toks[k].text in r.not_companies for k in range(lead, i)) else toks[i].start
    # German: a descriptor noun inside the run introduces the name ("Softwarehaus Lindwurm");
    # after an article an agentive noun does too ("der Versicherer WWK", "dem Münchner
    # Panzerbauer KNDS"): a name opens with an article only when it is no such noun.
    after_article = r.agentive_nouns and (initial or toks[i - 1].text.lower() in r.articles
                                          or toks[i - 1].text in r.case_markers)
    # "der verstaatlichte Gasimporteur Sefe": after an adjective only a compound with an
    # agent noun for its head describes ("der kanadischen Porter Airlines" is one name)
    after_adjective = r.agentive_nouns and _article_and_adjective(toks, i, r)
    described = False
    for k in range(j - 1, i - 1, -1):
        if r.noun_plurals and k == i and j == i + 1 and toks[k].text.endswith("er") and \
                inflected_noun(toks[j].text, lang) and not compound_noun(toks[j].text, lang):
            break  # "die Wiener Linien", "den Berliner Verkehrsbetrieben": a town's adjective
            # and a plural noun are a municipal company's name
        if is_descriptor(toks[k].text, r) or (
                after_article and toks[k].text.lower() not in r.name_heads
                and all(is_descriptor(t.text, r) or agentive(t.text, lang)
                        for t in toks[i:k + 1])) or (
                after_adjective and k == i and _agentive_compound(toks[k].text, lang)):
            head = toks[k].text.split("-")[-1]  # "US-Anbieter"
            if head.lower() not in r.descriptors and not dictionary_noun(head, lang) and \
                    _needs_its_head(toks[k + 1:j + 1], r, lang):
                break  # "die Rosenbauer International AG": a surname shaped like an
                # agent noun ("-bauer"), when the rest is no name alone
            if any(t.text.rstrip(".").lower() not in r.legal and t.text not in r.name_forms
                   for t in toks[k + 1:j + 1]):
                i = k + 1  # never down to a bare legal suffix ("die Stromwerk AG") or a
                # club's form after a town's adjective ("dem Hamburger SV")
                described = True
            break
    if not described and i < j and i > 0 and toks[i - 1].text.lower() in r.noun_determiners \
            and toks[i].start == run_start \
            and fold(sentence[toks[i].start:toks[j].end]) not in gazetteer():
        i += 1  # "von seinem Ausrüster Adidas", "seinem Sponsor Telekom": a possessive
        described = True  # governs a noun, and the name follows it
    genitive = bool(r.genitive_articles) and any(
        t.text.lower() in r.genitive_articles for t in toks[max(0, i - 2):i]) and \
        all(t.text.islower() for t in toks[max(0, i - 2):i][-1:]) and \
        genitive_noun(toks[i].text, lang)  # "des (norwegischen) Skiverbands"
    head = lemma(toks[i].text, lang) if genitive else toks[i].text.lower()
    if not described and r.noun_plurals and i < j and \
            toks[i].text.lower() not in r.name_heads and \
            fold(toks[i].text) not in gazetteer() and \
            (genitive or dictionary_noun(toks[i].text, lang)
             or (j == i + 1 and _inflected_noun_form(toks[i].text, lang)
                 and fold(toks[j].text) in gazetteer())) and \
            head not in r.institution_heads and not _public_word(head, lang) and \
            all(t.text[:1].isupper() and t.text.isalpha()
                and (not dictionary_noun(t.text, lang) or fold(t.text) in gazetteer())
                and t.text.rstrip(".").lower() not in r.legal for t in toks[i + 1:j + 1]) and \
            (j > i + 1 or genitive or fold(toks[j].text) in gazetteer()):
        i += 1  # "Stadtrivale Manchester United", "Lokalrivale Manchester City": a German
        described = True  # noun before a name of no nouns (or one the gazetteer knows); a
        # legal suffix makes the run one registered name ("Brückner Systeme GmbH"). After
        # "des" a noun's genitive describes even one word ("des Typs Tramlink").
    described = described or (i > 0 and (is_descriptor(toks[i - 1].text, r)
                                         or agentive(toks[i - 1].text, lang)))
    if r.article_nouns and i == j and not described and dictionary_noun(toks[i].text, lang) \
            and fold(toks[i].text) not in gazetteer() and \
            toks[i].text.lower() not in r.institution_heads and \
            not _public_word(toks[i].text.lower(), lang):
        # German capitalises every noun: a lone dictionary word ("Auftrag", "Zuschlag",
        # "Truppe") is a noun unless a descriptor introduces it ("der Versicherer Allianz")
        return None
    if i == j and is_descriptor(toks[i].text, r):
        return None
    if toks[j].text.lower().endswith(dashed_suffixes(lang)):
        return None  # "New York-based": the whole run describes a name that follows
    while j > i and toks[j].text in r.connectors:
        j -= 1
    while i < j and DESIGNATOR.fullmatch(toks[i].text) and \
            fold(sentence[toks[i].start:toks[j].end]) not in gazetteer():
        i += 1  # "GB300 de Nvidia": the model, then its maker
        while i < j and (toks[i].text in r.connectors or toks[i].text.lower() in r.genitives):
            i += 1
    organ, i = i, _past_organ(sentence, toks, i, j, r)
    organ_text = sentence[toks[organ].start:toks[i].start].strip() if i > organ else ""
    while j >= i and DESIGNATOR.fullmatch(toks[j].text) and \
            fold(sentence[toks[i].start:toks[j].end]) not in gazetteer():
        if i == j:
            return None  # "A320neo", "F-35A", "GB300": a model, not a company
        j -= 1  # "Airbus A350": the maker
    while r.article_nouns and j > i and inflected_noun(toks[j].text, lang) and \
            not toks[j].text.endswith("s") and toks[j - 1].text not in r.connectors and \
            toks[j - 1].text not in r.head_connectors and \
            toks[j - 1].text not in r.name_coordinators and \
            toks[j - 1].text != "&" and \
            fold(sentence[toks[i].start:toks[j].end]) not in gazetteer() and (
                fold(sentence[toks[i].start:toks[j - 1].end]) in gazetteer()
                or not (common_word(toks[j - 1].text, lang)
                        or toks[j - 1].text.endswith(("er", "e", "en", "es")))):
        j -= 1  # "T-Systems Rechenzentren": a name, then the plural of a noun (not the
        # adjective of "Berliner Verkehrsbetriebe")
    if r.article_nouns and j > i and (dictionary_noun(toks[j].text, lang)
                                      or common_word(toks[j].text, lang)) and \
            fold(sentence[toks[i].start:toks[j - 1].end]) in gazetteer() and \
            fold(sentence[toks[i].start:toks[j].end]) not in gazetteer():
        j -= 1  # "bei Rheinmetall Munition": a known company, then the noun of what it sells
    if public_adjective and i == j:
        i -= 1  # "das österreichische Verteidigungsministerium": whose body it is
    end = toks[j].end + (1 if sentence[toks[j].end:toks[j].end + 1] == "+" else 0)  # Canal+
    text = sentence[toks[i].start:end]
    if not any(ch.isupper() or ch.isdigit() for t in toks[i:j + 1] for ch in t.text):
        return None  # what is left of a run is lower-case words: no name
    if text in r.not_companies or len(text) < 2 or MEASURE.fullmatch(text):
        return None  # "5G", "20MHz", "950MW": a measure, not a company
    head, hyphen, tail = text.rpartition("-")
    if hyphen and head in r.not_companies and common_word(tail, lang):
        return None  # "KI-Chips", "HVDC-Kabel": a kind of product, not a company
    if j > i and (toks[j].text.lower() in r.place_heads or toks[i].text.lower()
                  in r.place_heads_first) and fold(text) not in gazetteer():
        return None  # "Allianz Stadium", "Groupama Stadium": a place named after a company
    known = fold(text) in gazetteer()
    if i == j and not known and toks[i].text.lower() in r.stopwords and not (
            i > 0 and toks[i].text[:1].isupper()
            and (toks[i - 1].text.islower() or toks[i - 1].text.lower() in r.articles)
            and toks[i].text.lower() in r.institution_heads):
        return None  # "è stato", "ha estado"; but "lo Stato", "al Estado": the state
    # (a capitalised institution head after a lower-case word)
    if not known and is_model(text):
        return None  # "Dreamliner", "A320neo": a maker's model (gazetteer `models`)
    possessive = j + 1 < len(toks) and (toks[j + 1].text in ("'s", "’s") or (
        toks[j + 1].text in ("'", "’") and toks[j].text.endswith("s")
        and toks[j + 1].start == toks[j].end
        and sentence[toks[j + 1].end:toks[j + 1].end + 1] == " "
        and person_name([t.text for t in toks[i:j + 1]], lang)))  # "Jeff Bezos' Blue
    # Origin": a person's; a company's "s'" ("Gold Fields' Agnew mine") stays its name
    if r.noun_plurals and j == i + 1 and not known and toks[i].text.endswith("er") and \
            toks[j].text.lower() not in r.name_heads and \
            toks[j].text not in ("Gruppe", "Holding", "Group") and \
            compound_noun(toks[j].text, lang) and not _surname_like(toks[i].text, lang):
        # "der Herzogenauracher Konzern", "der Bremer Werftengruppe": a town's adjective
        # and a noun describe a company named elsewhere, like "der Konzern"
        return Mention(toks[i].start, end, text, text, kind="coref", run_start=run_start)
    public_organ = organ_text and not any(organ_text.lower().startswith(b)
                                          for b in r.board_organs)
    return Mention(toks[i].start, end, text, canonical_name(text, lang),
                   run_start=run_start, possessive=possessive, known=known,
                   organ=organ_text if public_organ else "")


def _relative_before_name(sentence: str, end: int, names: list[Mention], lang: str) -> bool:
    """", dem Chevrolet jedes Jahr 47 Millionen Pfund überweist": a name right after the
    pronoun and a finite verb closing the clause (a lower-case word simplemma takes back
    to another form ending in -n, no "zu" before it) make the pronoun a relative and the
    name its subject (German puts the verb last); ", dem Kartendienst X ... zu zahlen" is
    an article."""
    nxt = next((m for m in names if m.start >= end), None)
    if nxt is None or sentence[end:nxt.start].strip():
        return False
    clause = re.split(r"[,;:.]\s", sentence[nxt.end:] + " ", maxsplit=1)[0].split()
    if len(clause) < 2 or clause[-2].lower() == "zu":
        return False
    last = clause[-1].rstrip(".,;:")
    base = lemma(last, lang)
    return last.isalpha() and last.islower() and base != last and base.endswith("n")


@lru_cache(maxsize=1 << 12)
def _inflected_verb(word: str, lang: str) -> bool:
    """A capitalised word whose lemma (simplemma) is another word ending like an infinitive
    of the language (cues.toml `infinitive_endings`): "Finisce" -> "finire", "Arriva" ->
    "arrivare"; not "Telefónica" (-> "telefónico") nor a name simplemma does not know."""
    endings = infinitive_endings(lang)
    low = word.lower()
    if not endings or not word.isalpha() or low.endswith(endings):
        return False
    base = lemma(low, lang)
    if base != low and not base.endswith(endings):
        base = lemma(base, lang)  # a feminine participle simplemma leads only to its
        # masculine: "Chiusa" -> "chiuso" -> "chiudere"
    return base != low and base.endswith(endings)


def participle(word: str, lang: str) -> bool:
    """A capitalised participle (companies.toml `initial_participle_endings`: English "-ing")
    whose lemma is another, lower-case word: "Having" -> "have", "Paying" -> "pay"; not
    "Boeing" nor "Building", which simplemma keeps as they are."""
    low = word.lower()
    r = rules(lang)
    if not r.initial_participle_endings or not word.isalpha() or \
            not low.endswith(r.initial_participle_endings):
        return False
    base = lemma(low, lang)
    return base != low and base[:1].islower()


def _infinitive(word: str, lang: str) -> bool:
    """A capitalised infinitive simplemma knows as its own lemma ("Uscire", "Firmar",
    "Payer"): cues.toml `infinitive_endings`, the word known as written lower-cased."""
    endings = infinitive_endings(lang)
    low = word.lower()
    return bool(endings) and word.isalpha() and low.endswith(endings) and \
        _in_word_list(low, lang) and lemma(low, lang) == low


def _public_adjective(toks: list[Token], i: int, j: int, r: CompanyRules, lang: str) -> bool:
    """A public body's noun after the lower-case adjective that says whose it is ("die
    bayerische Polizei", "der griechische Staat"; rules/<lang>/companies.toml
    `public_adjective_endings`): one name, though an adjective before a noun otherwise
    marks a common noun ("digitalem Funk")."""
    if not r.public_adjective_endings or i != j or i == 0:
        return False
    before = toks[i - 1].text
    return before.isalpha() and before.islower() and \
        before.endswith(r.public_adjective_endings) and _public_word(toks[i].text.lower(), lang)


@cache
def _public_words(lang: str) -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
    deals = lang_toml(lang, "deals")
    return (frozenset(w.lower() for w in deals.get("public_heads", [])),
            tuple(w.lower() for w in deals.get("public_suffixes", [])),
            tuple(deals.get("genitive_endings", [])))


def _public_word(low: str, lang: str) -> bool:
    """"Bund", "Bundeswehr", "Verteidigungsministerium", "Bundesministerien": a public body
    (rules/<lang>/deals.toml `public_heads`, `public_suffixes`), a party though a noun."""
    heads, suffixes, genitives = _public_words(lang)
    stems = {low, low[:-2] + "um" if low.endswith("ien") else low}  # "ministerien"
    # a genitive ending: "des Verteidigungsministeriums"
    stems |= {low[:-len(g)] for g in genitives if low.endswith(g)}
    return any(s in heads or (len(s) > 6 and s.endswith(suffixes)) for s in stems)


def _surname_like(word: str, lang: str) -> bool:
    """"Fischer", "Müller", "Schaeffler": an -er word simplemma does not know as the
    inhabitant of a place; those it knows ("Bremer", "Münchner") or does not know at all
    ("Herzogenauracher") are read as a town's adjective."""
    return agentive(word, lang)


def _organ_noun(o: Mention, end: int, r: CompanyRules) -> bool:
    """Whether a name found is only the noun of a town's organ that a back-reference
    ends with ("Das Gremium vergab": "Gremium" is no firm), not a town's own word ("il
    Comune")."""
    return o.end == end and " " not in o.text and o.text.lower() not in r.town_heads


def _corefs(sentence: str, lang: str, r: CompanyRules, names: list[Mention],
            stops: list[tuple[int, int]]) -> list[Mention]:
    out: list[Mention] = []
    low = sentence.lower()
    for kind, phrase, lowered, rx in _back_references(lang):
        if lowered not in low:  # a plain substring test first: usually absent
            continue
        for m in rx.finditer(low):
            s, e = m.start(), m.end()
            town = phrase in r.town_corefs
            if town and (_town_named_after(sentence, e, lang) or
                         any(o.start < e and s < o.end and not _organ_noun(o, e, r)
                             for o in names)):
                continue  # "la Ville de Laval": a name follows; "il Comune": a name itself
            if phrase in r.country_corefs or town:  # "das Land": its capitalised noun is no name
                word = re.search(r"([\w'’]+)\s*$", sentence[:s])
                before = word.group(1).lower() if word else ""
                if before in r.locatives or (town and before in genitives(lang)) or \
                        re.match(r"['’]s?\b", sentence[e:]):
                    continue  # "debuta en el país", "the country's regulator", "the north
                    # of the borough": where, not who
                for o in [o for o in names if s <= o.start and o.end <= e]:
                    names.remove(o)
            if any(o.start < e and s < o.end for o in out + names):
                continue
            if kind == "relative" and phrase.startswith(",") and not re.match(
                    r"\s+(?:[a-zäöüß]+)\b", sentence[e:]) and \
                    not _relative_before_name(sentence, e, names, lang):
                continue  # ", dem Kartendienst X ... zu zahlen": an article, not a relative
            if kind == "relative":  # ", alla quale X paga": the payee is the antecedent
                out.append(Mention(s, e, sentence[s:e], sentence[s:e], kind=kind,
                                   run_start=s, marker=phrase.lstrip(", ").split()[0].lower()))
                continue
            follow = re.match(r"\s+(?=[A-ZÀ-Þ])" if phrase in r.country_corefs or town else
                              r"\s+(?:[^\W\d_]+\s+){0,2}(?=[A-ZÀ-Þ]|\d+[A-Za-z])", sentence[e:])
            if follow and not any(e <= ts < e + follow.end() for ts, _ in stops):
                continue  # "la empresa Andes Analytics", "la compagnia aerea Ali Tirrene"
            out.append(Mention(s, e, sentence[s:e], sentence[s:e], kind=kind, run_start=s))
    for m in _COMPOUND.finditer(sentence):  # "der ChatGPT-Entwickler", "die TikTok-Mutter"
        head = m.group(2).lower()
        owner = product_owner(m.group(1)) if head in r.creator_heads else \
            parent_of(m.group(1)) if head in r.owner_heads else \
            _compound_self(m.group(1), lang) if head in r.self_heads else None
        if owner and not any(o.start < m.end() and m.start() < o.end for o in out):
            for o in [o for o in names if o.start < m.end() and m.start() < o.end]:
                names.remove(o)
            out.append(Mention(m.start(), m.end(), m.group(0), owner, run_start=m.start(),
                               known=True))
    heads_rx = _coref_heads_re(lang)
    if heads_rx is not None:
        for m in heads_rx.finditer(sentence):  # "the software giant"
            det = m.group("det").strip().lower()
            s, e = (m.start("np") if det in r.coref_contractions else m.start()), m.end()
            inside = [o for o in names if s <= o.run_start and o.end < e]
            if not inside and m.group("head").lower() in r.creator_heads:
                owner = next((product_owner(w) for w in sentence[s:e].split()[1:]
                              if product_owner(w)), None)
                if owner:  # "the Claude maker": the product is no mention of its own
                    out.append(Mention(s, e, sentence[s:e], owner, run_start=s, known=True))
                    continue
            owned = _owned_after(sentence, s, e, m.group("head").lower(), names, r)
            if owned is not None and not any(o.start < owned.end and s < o.end for o in out):
                out.append(owned)
                continue
            if inside and m.group("head").lower() in r.creator_heads and \
                    not any(o.start < e and s < o.end for o in out):
                # "the Claude maker", "the ChatGPT developer": a product names its
                # maker, which the phrase refers back to
                for o in inside:
                    names.remove(o)
            elif any(o.start < e and s < o.end for o in out + names):
                continue
            nxt = next((n for n in names if n.start >= e), None)
            if nxt is not None and m.group("head").lower() in r.creator_heads and \
                    sentence[e:nxt.start].strip().lower() in r.genitives:
                # "la creadora de ChatGPT": the maker of a product, named by it
                names.remove(nxt)
                out.append(_maker(sentence, s, nxt.end, nxt.name))
                continue
            if inside:
                out.append(_maker(sentence, s, e, inside[-1].name))
                continue
            if re.match(r"\s+(?:[^\W\d_]+\s+){0,2}[A-ZÀ-Þ]", sentence[e:]) and \
                    not any(e <= ts < e + 40 for ts, _ in stops):
                continue
            nxt = next((n for n in names if n.start >= e), None)
            if nxt is not None and re.fullmatch(r"(?:\s+[^\W\d_]+['’]?){0,5}\s*",
                                                sentence[e:nxt.start]) and \
                    not any(e <= ts < nxt.start for ts, _ in stops) and \
                    not _article_between(sentence[e:nxt.start], r):
                continue  # "au fournisseur de centres de données X": it describes X
                # (not "hat der Gemeinderat die EMB beauftragt": an article opens
                # another noun phrase, the object)
            out.append(Mention(s, e, sentence[s:e], sentence[s:e], kind="coref", run_start=s))
    return out


def _article_between(between: str, r: CompanyRules) -> bool:
    """Whether an article (or a determiner of back-references) stands among the words
    between a noun phrase and the next name: then the name opens a phrase of its own."""
    words = {w.lower() for w in re.findall(r"[^\W\d_]+['’]?", between)}
    return not words.isdisjoint(r.articles | set(r.coref_determiners)
                                | set(r.coref_contractions))


def _compound_self(first: str, lang: str) -> str | None:
    """The company a "X-Konzern" compound names: X when the gazetteer knows it, or when no
    word list has it and it is no country, town or stock index ("US-Konzern", "Dax-Konzern",
    "Winterthur-Gruppe")."""
    if fold(first) in gazetteer():
        return canonical_name(first, lang)
    if len(first) < 4 or known_word(first, lang) or fold(first) in country_names(lang) or \
            fold(first) in city_names(lang) or first.lower() in rules(lang).index_words:
        return None
    return first


def _nicknames(sentence: str, lang: str, names: list[Mention]) -> list[Mention]:
    """Clubs named by nickname ("ai bianconeri", "the Gunners"): mentions of kind
    "nickname", which `resolve_nicknames` turns into the club the article names or drops.
    A mention the phrase covers ("Red Devils" read as a name, "dem Rekordmeister" as a
    back-reference) stays until then: it gives way only to a resolved nickname."""
    return [Mention(s, e, sentence[s:e], word, kind="nickname", run_start=s)
            for s, e, word in nicknames.phrases(sentence, lang)
            if not any(o.start < e and s < o.end and not (s <= o.start and o.end <= e)
                       for o in names)]  # part of a longer name


def resolve_nicknames(mentions: list[Mention], lang: str, article: str) -> list[Mention]:
    """`mentions` with each nickname made the club its article names (and the mentions it
    covers dropped), or the nickname dropped when the article names none or several of the
    clubs it fits."""
    covered: list[Mention] = []
    for m in mentions:
        if m.kind != "nickname":
            continue
        name = nicknames.club(m.name, lang, article)
        if name is None:
            covered.append(m)
            continue
        m.name, m.kind, m.known = name, "name", True
        covered.extend(o for o in mentions if o is not m and m.start <= o.start
                       and o.end <= m.end)
    return [m for m in mentions if not any(m is c for c in covered)]


def _owned_after(sentence: str, start: int, end: int, head: str, names: list[Mention],
                 r: CompanyRules) -> Mention | None:
    """The phrase from `start` (a head noun ending at `end`) and the genitive after it,
    when the genitive says what it refers to: "l'éditeur de ChatGPT" (a product's maker),
    "the owner of TikTok" (a company's parent), "le groupe de Redmond", "il gruppo di
    Cologno" (a company by its seat or its owner: a back-reference, the name after the
    genitive is no party). None otherwise; a name the model or the gazetteer knows as a
    company is left alone ("la filiale di Siemens")."""
    gen = re.match(r"\s+(\w+['’]?)\s*", sentence[end:])
    if not gen or gen.group(1).lower().replace("’", "'") not in r.genitives:
        return None
    at = end + gen.end()
    words = re.match(r"([\w.+-]+)(?:\s+([\w.+-]+))?", sentence[at:])
    if words is None:
        return None

    def phrase(stop: int, name: str | None, **kw: Any) -> Mention:
        text = sentence[start:stop]
        return Mention(start, stop, text, name or text, run_start=start, **kw)

    if head in r.creator_heads or head in r.owner_heads:
        for text in filter(None, (words.group(0), words.group(1))):
            owner = product_owner(text)
            if owner:
                return phrase(at + len(text), owner, known=True)
    nxt = next((n for n in names if n.start == at and n.kind == "name"), None)
    if nxt is None:
        return None
    parent = parent_of(nxt.name) if head in r.owner_heads and nxt.known else None
    if parent:
        names.remove(nxt)
        return phrase(nxt.end, parent, known=True)
    if nxt.known or head in r.creator_heads or head in r.owner_heads:
        return None
    names.remove(nxt)  # "le groupe de Redmond": the seat, the phrase refers back
    return phrase(nxt.end, None, kind="coref")


def _maker(sentence: str, start: int, end: int, product: str) -> Mention:
    """"the Claude maker": the gazetteer's maker of the product when it knows it (a name),
    else a back-reference to resolve from context."""
    owner = product_owner(product)
    text = sentence[start:end]
    if owner:
        return Mention(start, end, text, owner, run_start=start, known=True)
    return Mention(start, end, text, text, kind="coref", run_start=start)


@cache
def _back_references(lang: str) -> tuple[tuple[str, str, str, re.Pattern[str]], ...]:
    """(kind, phrase, phrase lower-cased, its whole-word regex) of every relative, "the
    latter" and coreferring phrase of `lang`, in the order `_corefs` tries them (each kind
    longest first)."""
    r = rules(lang)
    return tuple(
        (kind, phrase, phrase.lower(),
         re.compile(("" if not phrase[:1].isalnum() else r"(?<!\w)")
                    + rf"{re.escape(phrase.lower())}(?!\w)"))
        for kind, phrases in (("relative", r.relatives), ("latter", r.latter),
                              ("coref", r.coref + r.country_corefs + r.town_corefs))
        for phrase in phrases)


def town_reference(m: Mention, lang: str) -> bool:
    """Whether a back-reference stands for a town or its organ ("la Ville", "il Comune",
    "der Gemeinderat", "the council": companies.toml `town_corefs`)."""
    return m.kind == "coref" and m.text.lower() in rules(lang).town_corefs


def _town_named_after(sentence: str, end: int, lang: str) -> bool:
    """Whether a name follows a town's word, straight or after a genitive and its
    adjectives ("la Ville de Laval", "l'arrondissement londonien de Camden"): then the
    words are part of that name."""
    return _town_name_re(lang).match(sentence, end) is not None


@cache
def genitives(lang: str) -> frozenset[str]:
    """The language's genitive prepositions (cues.toml `genitives`: "of", "de", "di")."""
    return frozenset(lang_toml(lang, "cues").get("genitives", []))


@cache
def _town_name_re(lang: str) -> re.Pattern[str]:
    gens = alternation(sorted(genitives(lang)))
    articles = alternation(sorted(rules(lang).articles))
    # an article only after a genitive ("de la Rochelle"): "hat der Gemeinderat die EMB
    # beauftragt" names no town after the council, the article opens the object
    return re.compile(rf"\s*(?:(?:(?:[^\W\d_]+\s+){{0,2}}(?:{gens})|(?:{gens}))\s*"
                      rf"(?:(?:{articles})\s*)?)?[A-ZÀ-Þ]")


def country_reference(m: Mention, lang: str) -> bool:
    """Whether a back-reference stands for a country ("the country", "das Land", "el país":
    companies.toml `country_corefs`)."""
    return m.kind == "coref" and m.text.lower() in rules(lang).country_corefs


@cache
def _coref_heads_re(lang: str) -> re.Pattern[str] | None:
    """Determiner + up to two words + a coreferring head noun ("the software giant")."""
    r = rules(lang)
    if not r.coref_heads:
        return None
    heads = "|".join(re.escape(h) for h in sorted(set(r.coref_heads) | r.institution_corefs,
                                                   key=len, reverse=True))
    dets = "|".join(rf"{re.escape(d)}\s+" if d[-1] not in "'’" else re.escape(d)
                    for d in sorted(r.coref_determiners + r.coref_contractions,
                                    key=len, reverse=True))
    word = r"(?:[^\W\d_][\w'-]*|(?:[A-Z][\w.]*\s+)?[A-Z][\w.]*-[a-z]+)"
    # a word between the determiner and the head is no determiner itself: in "il servizio
    # la banca" the phrase is "la banca"
    inner = rf"(?!(?:{dets}))(?:{word})\s+"
    return re.compile(rf"(?<!\w)(?P<det>{dets})(?P<np>(?:{inner}){{0,2}}(?P<head>{heads}))"
                      rf"(?!\w)", re.IGNORECASE)


def _markers(sentence: str, toks: list[Token], run_start: int, r: CompanyRules,
             stops: list[tuple[int, int]], gap: int, lang: str) -> tuple[str, ...]:
    """Prepositions (or lower-case case articles) before a name, nearest first.

    The walk goes back over at most `gap` lower-case words and stops at punctuation,
    numbers, capitalised words and payment verbs; the first one found governs the name,
    unless a month lies between them: "a inizio febbraio Norwegian Cruise Line ha
    ordinato" governs the date, and the name is the subject.
    """
    idx = next((k for k, t in enumerate(toks) if t.start >= run_start), len(toks))
    k = idx - 1
    skipped = 0
    found: list[str] = []
    adjacent = False  # the nearest preposition directly precedes the name
    at_verb = barrier = after_article = bare_genitive = False
    while k >= 0 and skipped <= gap:
        t = toks[k]
        if any(s <= t.start < e for s, e in stops):
            at_verb = True
            break
        if r.nouns_capitalised and k >= 2 and t.text.lower() in r.barriers and \
                toks[k - 1].text == "-" and toks[k - 2].end == toks[k - 1].start and \
                toks[k - 2].text.isalpha():
            k -= 3  # "vom Luftfahrt- und Rüstungskonzern EADS": the first half of a
            skipped += 1  # compound shared with the descriptor, not a clause boundary
            continue
        two = sentence[toks[k - 1].start:t.end].lower() if k > 0 else ""
        multi = next((p for p in r.prepositions if " " in p and two == p), None)
        low = t.text.lower().replace("’", "'")
        if multi:
            adjacent = adjacent or (not found and k == idx - 1)
            found.append(multi)
            k -= 2
            after_article = False
            continue
        if low in r.prepositions or t.text in r.case_markers:
            if not found and any(toks[q].text.lower() in r.moments for q in range(k + 1, idx)):
                return ()
            adjacent = adjacent or (not found and k == idx - 1)
            if not found and k + 1 < idx:
                nxt = toks[k + 1].text.lower().replace("’", "'")
                bare_genitive = nxt not in r.articles and low in r.genitives
            found.append(low if low in r.prepositions else t.text)
        elif low in r.barriers:
            barrier = True
            break  # "show that Apple pays": nothing before "that" governs the name
        elif not t.text.replace("-", "").isalpha() or t.text[0].isupper():
            if not (low.endswith("'") and low[:-1].isalpha()):
                break
        elif after_article:
            if not found:
                return ()  # "Da febbraio la catena X": the name's phrase starts at the article
            break
        after_article = low in r.articles and low not in r.prepositions
        skipped += 1
        k -= 1
    at_start = barrier or k < 0 or toks[k].text in (",", ";", ":", "(", "—", "–") or (
        k == 0 and toks[k].text.isalpha())
    if found and not at_verb and at_start:
        h = k if k == 0 and toks[k].text.isalpha() else k + 1
        head = toks[h]
        first = head.text.lower().replace("’", "'")
        relative = first in r.relative_words and h > 0 and toks[h - 1].text == "," and \
            h + 1 < len(toks) and toks[h + 1].text.lower() == found[-1]
        phrase = sentence[head.start:run_start]
        governed = adjacent and found[0] in r.partner_markers and any(
            deal_noun(w, lang) == "deal" for w in re.findall(r"[^\W\d_]+", phrase))
        if first in r.articles and head.text not in r.case_markers and not relative and \
                not governed and \
                not (adjacent and _relation_noun(sentence[head.start:run_start], r)):
            return ()  # "Il produttore di occhiali Lucenti": a descriptor, not a complement;
            # but in "NetJets, la filiale de Berkshire Hathaway," the parent is one, and in
            # "The agreement with Lumetra" the deal noun's partner is its complement
    if len(found) > 1 and found[0] in r.case_markers and found[1] in r.prepositions:
        found.pop(0)  # "von der Stadtwerke-Tochter Energon": the preposition governs
    elif len(found) > 1 and not adjacent and bare_genitive:
        # "au fournisseur de centres de données X": the first preposition outside the
        # descriptor's genitives governs
        outer = next((j for j, f in enumerate(found) if f not in r.genitives), None)
        if outer is not None:
            found.insert(0, found.pop(outer))
    return tuple(found)


def _relation_noun(phrase: str, r: CompanyRules) -> bool:
    """The phrase names a relation to another company ("la filiale de", "la casa madre
    di"; companies.toml link_cues, parent_cues): the name after it is that other company."""
    return has_word_cue(phrase, r.link_cues + r.parent_cues)


# --- parent links ----------------------------------------------------------------------


