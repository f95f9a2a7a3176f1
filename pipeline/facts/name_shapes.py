"""What a capitalised word is, by its shape and its lemma: part of a name, a descriptor
("Softwarehaus", "der Versicherer"), a German noun ("Aufträge", "40 Busse"), an adverb that
opens a sentence ("Demnach"), a number inside a name ("Schalke 04").
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from pipeline.facts.company_rules import CompanyRules, rules
from pipeline.facts.gazetteer import gazetteer_tokens
from pipeline.facts.hedges import hedge_before
from pipeline.facts.lemmas import respelled
from pipeline.facts.lexicon import lang_toml, load_words
from pipeline.facts.money import has_money_cue
from pipeline.facts.numbers import parse_words
from pipeline.facts.places import country_adjective
from pipeline.facts.tokens import Token


def name_like(tok: str, r: CompanyRules) -> bool:
    if not tok or not tok[0].isalnum() or tok[-1] in "'’":
        return False  # an elision ("Nell'", "Dall'") opens a phrase, it names nothing
    if tok[0].isupper():
        return True
    if tok.isalnum() and any(ch.isupper() for ch in tok[1:]) and tok[:1].islower():
        return True  # "beIN", "eBay", "easyJet": a brand's own casing
    if tok[0].isdigit():
        return any(ch.isupper() for ch in tok)
    return tok.lower() in gazetteer_tokens() and any(ch.isupper() for ch in tok[1:])


def is_descriptor(tok: str, r: CompanyRules) -> bool:
    low = tok.lower()
    if low in r.name_heads:  # "Sparkasse Elbtal": looks like a descriptor, starts the name
        return False
    if low in r.descriptors:
        return True
    if not low.endswith(r.descriptor_suffixes):  # each test below needs one of them at the end
        return False
    return any(low.endswith(s) and len(low) > len(s) + 1 for s in r.descriptor_suffixes) or \
        any(low.endswith("-" + s) or low == s for s in r.descriptor_suffixes)


def institution_adjectives(toks: list[Token], j: int, masked: list[bool], r: CompanyRules,
                           lang: str) -> int:
    """Tokens to join after an institution head when one or two lower-case adjectives and
    then a name (or a connector and a name) follow: "Azienda sanitaria di Monteverde";
    0 when they do not. An adjective reads by its ending or as a nationality ("el Gobierno
    uruguayo": places.country_adjective)."""
    k = j + 1
    while k < len(toks) and k - j <= 2 and toks[k].text.isalpha() and toks[k].text.islower() \
            and toks[k].text not in r.connectors and toks[k].text not in r.head_connectors \
            and toks[k].text.lower() not in r.stopwords:
        k += 1
    if k == j + 1:
        return 0
    adjectives = 0  # the lower-case words that read as adjectives, from the head on
    while r.adjective_endings and j + 1 + adjectives < k and (
            toks[j + 1 + adjectives].text.endswith(r.adjective_endings)
            or country_adjective(toks[j + 1 + adjectives].text, lang)):
        adjectives += 1
    if r.adjective_endings and adjectives and (k >= len(toks) or not toks[k].text[:1].isalpha() or (
            toks[k].text[:1].islower() and toks[k].text not in r.connectors
            and toks[k].text not in r.head_connectors) or adjectives < k - 1 - j):
        return adjectives  # "Marina militare statunitense", "Provincia autonoma", and
        # "la Banque européenne paie": the verb after the adjective is not in the name
    if k >= len(toks) or (r.adjective_endings and adjectives < k - 1 - j):
        return 0
    if toks[k].text in r.connectors or toks[k].text in r.head_connectors:
        k += 1
    if k < len(toks) and not masked[k] and toks[k].text[:1].isupper() and \
            toks[k].text.isalpha():
        return k - j  # "Azienda sanitaria di Monteverde"
    return 0


def institution_phrase(toks: list[Token], j: int, masked: list[bool], r: CompanyRules) -> int:
    """"Ligue de football professionnel", "Fédération allemande de football", "Direction
    générale de l'armement", "Autorité de la concurrence": after an institution head,
    lower-case adjectives, a connector, a definite article at most, and a noun with one
    adjective, when no other function word interrupts them; 0 when they are not there.
    Official bodies in French, Italian and Spanish write their field in lower case."""
    k = j + 1
    while k < len(toks) and k - j <= 2 and plain_word(toks[k].text, r):
        k += 1
    if k >= len(toks) or toks[k].text not in r.head_connectors:
        return 0
    purpose = toks[k].text in r.purpose_connectors and k == j + 1  # "Poste per il servizio": what
    k += 1  # for, unless adjectives name the body first ("Délégation générale pour l'...")
    article = not purpose and k < len(toks) and \
        toks[k].text.lower().replace("’", "'") in r.articles and \
        (toks[k].text[-1:] in "'’" or toks[k].text.lower() in r.field_articles)
    if article and k + 1 < len(toks) and not masked[k + 1] and (
            plain_word(toks[k + 1].text, r) or _capitalised_noun(toks[k + 1].text, r)):
        k += 1  # "de l'armement", "de la concurrence", "des Finances publiques"
    if k >= len(toks) or masked[k] or not (
            plain_word(toks[k].text, r) or _capitalised_noun(toks[k].text, r)):
        return 0
    k += 1
    if k < len(toks) and plain_word(toks[k].text, r) and toks[k].text.endswith(
            (*_PHRASE_ADJECTIVES, *r.adjective_endings)):
        k += 1
    for _ in range(2):  # "Agence norvégienne des matériels de défense", "Autorité de
        # régulation des communications électroniques": the field's own lower-case field;
        # "Syndicat d'élimination et de valorisation des déchets": a coordinated one
        n = _lower_field(toks, k, masked, r)
        if not n:
            break
        k += n
    return k - 1 - j


def _lower_field(toks: list[Token], k: int, masked: list[bool], r: CompanyRules) -> int:
    """A connector, an article at most, a lower-case noun and one adjective at most, from k
    (0 when they are not there): the next link of an official body's field. A coordinator
    may open it before its connector ("et de valorisation", "et des transports")."""
    start = k
    if k + 1 < len(toks) and toks[k].text in r.name_coordinators and \
            toks[k + 1].text in r.head_connectors:
        k += 1
    if k >= len(toks) or toks[k].text not in r.head_connectors or \
            toks[k].text in r.purpose_connectors:
        return 0
    n = k + 1
    if n < len(toks) and toks[n].text.lower().replace("’", "'") in r.articles and \
            (toks[n].text[-1:] in "'’" or toks[n].text.lower() in r.field_articles):
        n += 1
    if n >= len(toks) or masked[n] or not plain_word(toks[n].text, r) or \
            not toks[n].text.islower():
        return 0
    n += 1
    if n < len(toks) and plain_word(toks[n].text, r) and toks[n].text.islower() and \
            toks[n].text.endswith((*_PHRASE_ADJECTIVES, *r.adjective_endings)):
        n += 1
    return n - start


def sentence_case_body(toks: list[Token], j: int, masked: list[bool], r: CompanyRules,
                       lang: str) -> int:
    """Tokens to join after a capitalised head when the body's official name goes on in
    lower case: adjectives ("Rete ferroviaria italiana"), and genitive phrases of a noun and
    its adjectives ("Corpo nazionale dei Vigili del fuoco", "Direzione generale polacca
    delle strade nazionali e delle autostrade"). It ends on an adjective or a noun, never on
    a function word or an infinitive ("de puiser"); a name after the head ends it ("dei
    Vigili del fuoco"), and a name right after the head is its place, not its body
    ("Diamante di Guasila"); a purpose phrase ("per la stagione", "pour donner") is more
    often the sentence's."""
    if not r.adjective_endings:
        return 0
    connectors = (r.head_connectors | r.genitives) - r.purpose_connectors
    definite = {a for a in r.articles if not a.startswith("un")}  # un, una, une, un'
    verbs = infinitive_endings(lang)

    def adjective(w: str) -> bool:  # by its ending, and no function word ("como", "sopra")
        return w.isalpha() and w.islower() and len(w) > 3 and \
            w.endswith(r.adjective_endings) and w not in r.prepositions

    def noun(w: str) -> bool:
        return w.isalpha() and w.islower() and w.lower() not in r.stopwords and \
            not (len(w) > 4 and w.endswith(verbs))

    def word(k: int) -> str:
        return toks[k].text.lower().replace("’", "'")

    k, end = j + 1, j
    while k < len(toks) and not masked[k]:
        if adjective(toks[k].text):
            if toks[k].text.endswith(verbs) and k + 1 < len(toks) and \
                    word(k + 1) in r.articles:
                break  # "permitirá a Defensa firmar un convenio": an infinitive and its
                # object, not an adjective ("Red Eléctrica nacional")
            end, k = k, k + 1
            continue
        step = k
        if word(k) in r.name_coordinators and k + 1 < len(toks) and \
                toks[k + 1].text.lower() in connectors and end > j:
            step += 1  # "... nazionali e delle autostrade"
        if word(step) not in connectors:
            break
        step += 1
        if step < len(toks) and word(step) in definite:
            step += 1  # "de la santé"
        if step >= len(toks) or masked[step]:
            break
        nxt = toks[step].text
        if noun(nxt):
            end, k = step, step + 1  # "delle strade", "de transports"
            continue
        if nxt.isalpha() and nxt[:1].isupper() and end > j:
            end, k = step, step + 1  # a name: "dei Vigili"
            while k < len(toks) and toks[k].text.isalpha() and toks[k].text[:1].isupper() \
                    and not masked[k]:
                end, k = k, k + 1
            if k + 1 < len(toks) and toks[k].text.lower() in r.genitives and \
                    noun(toks[k + 1].text):
                end = k + 1  # "Vigili del fuoco"
        break
    return end - j


@cache
def infinitive_endings(lang: str) -> tuple[str, ...]:
    """How the language's infinitives end (cues.toml `infinitive_endings`)."""
    return tuple(lang_toml(lang, "cues").get("infinitive_endings", []))


_PHRASE_ADJECTIVES = ("el", "al", "if", "ive", "ien", "ienne", "ais", "aise", "ano", "ana",
                      "ese", "ico", "ica", "ino", "ina", "ol", "ola")


def _capitalised_noun(w: str, r: CompanyRules) -> bool:
    return w.isalpha() and w[:1].isupper() and w[1:].islower() and \
        w.lower() not in r.stopwords


def plain_word(w: str, r: CompanyRules) -> bool:
    return w.isalpha() and w.islower() and w not in r.connectors and \
        w not in r.head_connectors and w.lower() not in r.stopwords and \
        w.lower() not in r.prepositions


UNITS = frozenset({"years", "year", "months", "month", "weeks", "days", "per", "percent", "%",
                    "jahre", "jahren", "monate", "monaten", "mesi", "anni", "ans", "mois",
                    "años", "meses", "jours", "giorni", "tage", "días", "x"})


def function_word(word: str, r: CompanyRules) -> bool:
    low = word.lower()
    return low in r.articles or low in r.prepositions or word in r.case_markers


def number_in_name(toks: list[Token], k: int, masked: list[bool], sentence: str,
                    lang: str) -> bool:
    """A one- or two-digit number right after a name belongs to it ("Schalke 04"), unless
    it is part of an amount (masked), a count of units ("3 years") or a date; a number of
    up to four digits right before a legal suffix is the name's too ("Switch 1988 Srl"), and
    so is a club's number or founding year between two words of a name ("TSG 1899
    Hoffenheim")."""
    t, r = toks[k], rules(lang)
    after = toks[k + 1] if k + 1 < len(toks) else None
    if not masked[k] and re.fullmatch(r"\d{1,4}", t.text) and after is not None and \
            after.text[:1].isupper() and after.text.rstrip(".").lower() in r.legal \
            and sentence[toks[k - 1].end:t.start] == " ":
        return True
    if not masked[k] and re.fullmatch(r"0\d{1,2}|1[89]\d\d", t.text) and after is not None and \
            sentence[toks[k - 1].end:t.start] == " " == sentence[t.end:after.start] and \
            not masked[k + 1] and name_like(after.text, r) and \
            not starts_date(toks, k + 1, r, lang) and not starts_date(toks, k - 1, r, lang) and \
            not function_word(toks[k - 1].text, r) and \
            not (k == 1 and common_word(toks[0].text, lang)) and \
            not common_word(after.text, lang) and not dictionary_noun(after.text, lang):
        return True  # "Bayer 04 Leverkusen", "TSG 1899 Hoffenheim": a club's number (a
        # leading zero) or founding year between two words of a name, never a count ("20
        # Jets") or before a common word
    if masked[k] or not re.fullmatch(r"\d{1,2}", t.text) or sentence[toks[k - 1].end:t.start] != " ":
        return False
    if after is not None and _amount_follows(toks, k + 1, masked, sentence, lang):
        return True  # "pays Formula 1 about $26 million": a number right before an amount
        # (or its hedge) counts nothing
    if after is not None and after.text.isalpha() and \
            2 <= (parse_words(after.text, lang) or 0) < 1000:
        return True  # "TUI überweist Hannover 96 vier Millionen Euro": no number counts
        # another (a scale word, "Millionen", is the number's own)
    if after is not None and int(t.text) > 4 and after.text.islower() and \
            after.text.endswith(r.plural_endings):
        return False  # "Électrobenne 40 bennes", "Ministerio de Defensa 22 contratos": a count
    return after is None or (not after.text[0].isdigit() and not after.text[0].isupper()
                             and after.text.lower() not in UNITS
                             and after.text not in (".", ",")
                             and not function_word(after.text, r)
                             and not has_money_cue(after.text, lang))


def _amount_follows(toks: list[Token], k: int, masked: list[bool], sentence: str,
                    lang: str) -> bool:
    """Whether an amount (masked) starts at token k, or a hedge of hedges.toml that runs
    from token k up to an amount ("about $26 million", "more than 5 million")."""
    if masked[k]:
        return True
    m = next((x for x in range(k + 1, min(k + 5, len(toks))) if masked[x]), None)
    if m is None or any(masked[x] for x in range(k, m)):
        return False
    hedge = hedge_before(sentence, toks[m].start, lang)
    return hedge is not None and \
        " ".join(sentence[toks[k].start:toks[m].start].split()).lower() == hedge.lower()


@lru_cache(maxsize=1 << 14)
def agentive(word: str, lang: str) -> bool:
    """A noun of the doer of a verb ("Versicherer" <- versichern, "Panzerbauer" <- bauen,
    "Zulieferer" <- zuliefern): its stem plus a verb ending is a verb lemma that simplemma
    knows. Surnames and names mostly are not ("Brückner", "Stadler", "Daimler")."""
    low = word.lower()
    r = rules(lang)
    forms = [low] + [low[:-len(e)] for e in r.case_endings
                     if low.endswith(e) and len(low) > len(e) + 4]
    return any(_agentive_form(f, lang, r) for f in forms)


def _agentive_form(low: str, lang: str, r: CompanyRules) -> bool:
    """`agentive` of one case form: "-er" plus a verb ending, or a borrowed doer's ending
    (companies.toml `agentive_suffixes`: "Gasimporteur" <- importieren, "Zellstoffproduzent"
    <- produzieren); a case ending off first ("des Online-Wettanbieters")."""
    import simplemma

    def verb(v: str) -> bool:
        v = respelled(v, lang)
        return len(v) >= 5 and simplemma.is_known(v, lang=lang) and \
            simplemma.lemmatize(v, lang=lang) == v

    if low.endswith("erin"):
        low = low[:-2]  # "Betreiberin", "Herstellerin": the doer's feminine form
    for suffix, ending in r.agentive_suffixes:
        if low.endswith(suffix) and len(low) > len(suffix) + 3 and any(
                verb(low[p:-len(suffix)] + ending) for p in range(len(low) - len(suffix) - 2)):
            return True
    if not low.endswith("er") or len(low) < 5:
        return False
    return any(verb(low[p:-2] + e) for p in range(len(low) - 4) for e in ("en", "n", "ern"))


def inflected_adjective(word: str, lang: str) -> bool:
    """A lower-case word with an adjective ending ("neue", "digitalem", "britischer") whose
    lemma is no verb ("zahlte" -> "zahlen" is a verb)."""
    if not (word.isalpha() and word.islower() and len(word) > 3
            and word.endswith(("e", "en", "em", "er", "es"))):
        return False
    from pipeline.facts.lemmas import lemma

    base = lemma(word, lang)
    return base != word and not base.endswith(("en", "ern", "eln"))


def inflected_noun(word: str, lang: str) -> bool:
    """A capitalised word that simplemma knows as an inflection of another capitalised word
    ("Aufträge" -> "Auftrag", "Busse" -> "Bus"): a plural or case form of a noun."""
    import simplemma

    word = respelled(word, lang)
    try:
        found = simplemma.lemmatize(word, lang=lang)
    except ValueError:
        return False
    return found != word and found[:1].isupper() and simplemma.is_known(found, lang=lang)


@lru_cache(maxsize=1 << 14)
def known_word(word: str, lang: str) -> bool:
    """Whether simplemma's word list has the word, or the last part of a compound
    ("Kampfhelme" <- "Helme", "U-Bahn-Züge" <- "Züge"): nouns and their plurals, and the
    best-known names of its corpus ("Telekom"); a rarer name ("Aeroflot", "Implenia") is not."""
    import simplemma

    word = respelled(word.rsplit("-", 1)[-1], lang)
    try:
        return any(simplemma.is_known(word[k].upper() + word[k + 1:], lang=lang)
                   for k in range(len(word) - 3))
    except ValueError:
        return False


@lru_cache(maxsize=1 << 14)
def common_word(word: str, lang: str) -> bool:
    """Whether a capitalised word is a common word of the language written with a capital:
    simplemma knows it lower-cased ("Servicios", "Material") or, where nouns are
    capitalised, as a noun with a plural ("Anlagen")."""
    import simplemma

    if not word[:1].isupper() or not word.isalpha() or word.isupper():
        return False
    if rules(lang).noun_plurals:
        return dictionary_noun(word, lang)
    try:
        low = respelled(word.lower(), lang)
        return simplemma.is_known(low, lang=lang) and \
            simplemma.lemmatize(low, lang=lang)[:1].islower()
    except ValueError:
        return False


_UMLAUT = str.maketrans("aouAOU", "äöüÄÖÜ")


@lru_cache(maxsize=1 << 14)
def dictionary_noun(word: str, lang: str) -> bool:
    """Whether a capitalised word is a common noun by its paradigm: simplemma knows a plural
    of it ("Auftrag" -> "Aufträge", "Truppe" -> "Truppen", "Fest" -> "Feste"). Names have
    none, at most a genitive "-s" ("Bosch", "Volkswagens"), even when simplemma knows them."""
    import simplemma

    r = rules(lang)
    if not r.noun_plurals or not word[:1].isupper() or not word.isalpha() or word.isupper():
        return False
    word = respelled(word, lang)
    last = max(word.rfind(v) for v in "aou")
    stems = {word} | ({word[:last] + word[last].translate(_UMLAUT) + word[last + 1:]}
                      if last > 0 else set())
    try:
        return any(simplemma.is_known(form, lang=lang)
                   and simplemma.lemmatize(form, lang=lang) == word
                   for stem in stems for end in r.noun_plurals for form in (stem + end,))
    except ValueError:
        return False


@lru_cache(maxsize=1 << 14)
def genitive_noun(word: str, lang: str) -> bool:
    """A common noun in its genitive ("Skiverbands", "Typs"): the word less a case ending
    in -s (companies.toml `case_endings`) is its lemma, and that lemma is a noun with a
    plural (`compound_noun`). A name's genitive has no plural ("Volkswagens")."""
    import simplemma

    r = rules(lang)
    if not r.genitive_articles or not word[:1].isupper() or not word.isalpha():
        return False
    try:
        found = simplemma.lemmatize(respelled(word, lang), lang=lang)
    except ValueError:
        return False
    return any(e.endswith("s") and word.endswith(e) and found == word[:-len(e)]
               for e in r.case_endings) and compound_noun(found, lang)


@lru_cache(maxsize=1 << 14)
def compound_noun(word: str, lang: str) -> bool:
    """A dictionary noun, or a compound whose last part (five letters or more) is one
    ("Werftengruppe" <- "Gruppe", "Medienunternehmen" <- "Unternehmen")."""
    if dictionary_noun(word, lang):
        return True
    return any(dictionary_noun(word[k].upper() + word[k + 1:], lang)
               for k in range(3, len(word) - 4))


def lower_lemma(word: str, lang: str) -> bool:
    """Whether simplemma's lemma of a capitalised word is lower-case: an adverb or adjective
    ("Demnach" -> "demnach"), not a noun or name ("Versicherer", "Siemens")."""
    import simplemma

    if not word[:1].isupper() or not word.isalpha():
        return False
    try:
        found = simplemma.lemmatize(respelled(word, lang), lang=lang)
    except ValueError:
        return False
    return found[:1].islower()


@cache
def dashed_suffixes(lang: str) -> tuple[str, ...]:
    """Descriptor suffixes as hyphenated word ends ("-based"): "New York-based"."""
    return tuple(suf if suf[0] == "-" else "-" + suf for suf in rules(lang).descriptor_suffixes)


@cache
def month_names(lang: str) -> frozenset[str]:
    """Month names and their abbreviations as CLDR writes them (Babel): a date after a
    name ends it ("Oracle Ende Juni", "Siemens March")."""
    from babel.dates import get_month_names

    out: set[str] = set()
    for width in ("wide", "abbreviated"):
        for name in get_month_names(width, locale=lang).values():
            out.update({name, name.rstrip("."), name[:1].upper() + name[1:]})
    return frozenset(out)


def starts_date(toks: list[Token], k: int, r: CompanyRules, lang: str) -> bool:
    """Whether token k opens a date: a month name, or "Ende"/"Anfang" before one."""
    months = month_names(lang)
    if toks[k].text in months:
        return True
    return toks[k].text in r.date_openers and k + 1 < len(toks) and toks[k + 1].text in months


def person_name(words: list[str], lang: str) -> bool:
    """Whether a name reads as a person's: a given name (rules/<lang>/given_names.txt,
    from Faker's person providers) followed by another capitalised word ("Florentino
    Pérez", "Defence Minister Bill Graham")."""
    given = load_words(f"{lang}/given_names.txt")
    return any(words[k] in given and words[k + 1][:1].isupper()
               for k in range(len(words) - 1))

