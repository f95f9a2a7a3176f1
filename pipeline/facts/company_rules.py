"""The company-name rules of one language (rules/<lang>/companies.toml and cues.toml),
loaded once: legal suffixes, descriptors, connectors, back-reference phrases, heads.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pipeline.facts.gazetteer import all_legal_suffixes
from pipeline.facts.lexicon import lang_toml, load_words


@dataclass(frozen=True)
class CompanyRules:
    legal: frozenset[str]
    coref: tuple[str, ...]
    latter: tuple[str, ...]
    connectors: frozenset[str]
    not_companies: frozenset[str]
    descriptors: frozenset[str]
    descriptor_suffixes: tuple[str, ...]
    stopwords: frozenset[str]
    prepositions: tuple[str, ...]
    case_markers: frozenset[str]
    link_cues: tuple[str, ...]
    articles: frozenset[str]
    barriers: frozenset[str]
    nouns_capitalised: bool
    relatives: tuple[str, ...]
    genitives: frozenset[str]
    partner_markers: frozenset[str]  # deals.toml: "with" marks a deal's partner
    coref_heads: tuple[str, ...]
    parent_cues: tuple[str, ...]
    coref_determiners: tuple[str, ...]
    coref_contractions: tuple[str, ...] = ()
    name_heads: frozenset[str] = frozenset()
    noun_determiners: frozenset[str] = frozenset()
    initial_noun_before: frozenset[str] = frozenset()
    initial_common_before: frozenset[str] = frozenset()  # "Reports say": a common word, no name
    initial_participle_endings: tuple[str, ...] = ()  # "Having committed to ...": a verb form
    relative_words: frozenset[str] = frozenset()
    head_connectors: frozenset[str] = frozenset()
    name_coordinators: frozenset[str] = frozenset()  # "Servicios y Proyectos"
    loan_adjective_endings: tuple[str, ...] = ()  # "Rosenbauer International": English words
    numbered_heads: frozenset[str] = frozenset()  # "Consorcio Ruta 10": a number ends it
    family_words: frozenset[str] = frozenset()  # "et Fils", "and Sons": a firm's own name
    coordinated_tails: frozenset[str] = frozenset()  # "Billiards and Snooker Association"
    institution_heads: frozenset[str] = frozenset()
    adverb_initials: bool = False
    agentive_nouns: bool = False
    noun_modifiers: bool = False  # "the flour miller X": lower-case nouns before a name
    case_endings: tuple[str, ...] = ()  # "des Anbieters": endings a noun takes in a case
    genitive_articles: frozenset[str] = frozenset()  # "des Typs Tramlink": a noun's genitive
    agentive_suffixes: tuple[tuple[str, str], ...] = ()  # ("eur", "ieren"): importeur
    creator_heads: frozenset[str] = frozenset()
    lower_heads: frozenset[str] = frozenset()
    # lower heads that make a body only with a name after them ("le centre hospitalier de X")
    named_heads: frozenset[str] = frozenset()
    article_nouns: bool = False
    place_heads: frozenset[str] = frozenset()
    place_heads_first: frozenset[str] = frozenset()  # "Salón de Le Bourget": a place, an event
    coref_heads_lower: frozenset[str] = frozenset()
    # "the university", "le club": heads that stand only for the one name holding them
    institution_corefs: frozenset[str] = frozenset()
    country_corefs: tuple[str, ...] = ()  # "the country", "das land": lower-cased, longest first
    town_corefs: tuple[str, ...] = ()  # "la ville", "der gemeinderat": lower-cased, longest first
    town_heads: frozenset[str] = frozenset()  # "ville", "comune": lower-cased
    # "Leipheimer Feuerwehr": a town's adjective ending and the nouns of what a town owns
    town_adjective_endings: tuple[str, ...] = ()
    town_adjective_nouns: frozenset[str] = frozenset()
    town_from_first_place: bool = False  # "In X ...: Der Gemeinderat": X is the council's town
    source_markers: tuple[str, ...] = ()  # "according to", "laut": the report's source follows
    source_after: tuple[str, ...] = ()  # "Reuters zufolge": the source comes before
    source_documents: frozenset[str] = frozenset()  # "according to X's annual report": X owns it
    source_verbs: tuple[str, ...] = ()  # ", révèle L'Echo": a report verb before its source
    ally_markers: tuple[str, ...] = ()  # "together with": a partner on the same side follows
    owner_heads: frozenset[str] = frozenset()  # "the TikTok owner": a product names its owner
    self_heads: frozenset[str] = frozenset()  # "der VW-Konzern": the company itself
    index_words: frozenset[str] = frozenset()  # "der Dax-Konzern": an index, not a name
    date_openers: frozenset[str] = frozenset()  # "Ende Juni": a date starts, a name ends
    product_heads: frozenset[str] = frozenset()  # "vom Typ Puma": a product's name follows
    person_markers: tuple[str, ...] = ()  # "CEO", "led by": a person's name follows
    # titles end compounds ("Verteidigungsminister", "Konzernchef"): a word ending in a
    # one-word person marker is one too
    compound_titles: bool = False
    subordinators: frozenset[str] = frozenset()  # "after X signed": a clause opens
    locatives: frozenset[str] = frozenset()  # "en España": a country there is a place
    noun_plurals: tuple[str, ...] = ()  # "Aufträge": a capitalised word with a plural is a noun
    plural_endings: tuple[str, ...] = ()  # "40 bennes": a count before a plural noun
    adjective_endings: tuple[str, ...] = ()  # after an institution head: "Marina militare"
    demonym_endings: tuple[str, ...] = ()  # before one: "the British government"
    agent_endings: tuple[str, ...] = ()  # "state arms exporter": a description's head noun
    public_adjective_endings: tuple[str, ...] = ()  # "die bayerische Polizei": one name
    city_locatives: frozenset[str] = frozenset()  # "a New York": a city, not a party
    street_words: frozenset[str] = frozenset()  # "viale Mazzini": an address, not a party
    possessive_ranks: frozenset[str] = frozenset()  # "South Korea's biggest/first/top ..."
    field_articles: frozenset[str] = frozenset()  # "Autorité de la concurrence"
    purpose_connectors: frozenset[str] = frozenset()  # "per", "pour": no field on a bare head
    attributive_names: bool = False  # "the Hawk T Mk2 jet trainer": a name before its noun
    seat_phrases: tuple[str, ...] = ()  # "based in", "con sede en": a place follows
    seat_suffixes: tuple[str, ...] = ()  # "Bethesda, Maryland-based": the town before
    origin_words: tuple[str, ...] = ()  # "der Sender aus Unterföhring": a place right after
    # "le conseil (municipal) de Varennes": a town's organ, which acts for the town
    town_organs: frozenset[str] = frozenset()
    town_organ_adjectives: frozenset[str] = frozenset()
    organ_heads: tuple[str, ...] = ()  # "Junta de Gobierno" (del Ayuntamiento de X): acts for it
    named_organs: frozenset[str] = frozenset()  # "conseil départemental": names its body
    board_organs: frozenset[str] = frozenset()  # "junta directiva": a company's organ too
    acting_organs: frozenset[str] = frozenset()  # organ_heads lower-cased, less named_organs
    name_forms: frozenset[str] = frozenset()  # "Hamburger SV": a club's form ends a name
    name_abbreviations: frozenset[str] = frozenset()  # "St. Helena": a dot inside a name
    ruler_heads: frozenset[str] = frozenset()  # "the Trump administration": any name before
    country_words: frozenset[str] = frozenset()  # "of America": a country CLDR names otherwise
    moments: frozenset[str] = frozenset()  # "a inizio febbraio X", "alla firma X": a date or
    # a moment (dates.toml `months`, `moment_nouns`), not X, is governed
    determiners: frozenset[str] = frozenset()  # articles and possessives (cues.toml)


@cache
def rules(lang: str) -> CompanyRules:
    c = lang_toml(lang, "companies")
    cues = lang_toml(lang, "cues")
    return CompanyRules(
        legal=frozenset(s.lower().rstrip(".") for s in all_legal_suffixes()),
        coref=tuple(sorted(c.get("coref", []), key=len, reverse=True)),
        country_corefs=tuple(sorted({w.lower() for w in c.get("country_corefs", [])}, key=len,
                                    reverse=True)),
        town_corefs=tuple(sorted({w.lower() for w in c.get("town_corefs", [])}, key=len,
                                 reverse=True)),
        town_heads=frozenset(w.lower() for w in c.get("town_heads", [])),
        town_adjective_endings=tuple(c.get("town_adjective_endings", [])),
        town_adjective_nouns=frozenset(c.get("town_adjective_nouns", [])),
        town_from_first_place=bool(c.get("town_from_first_place", False)),
        latter=tuple(sorted(c.get("coref_latter", []), key=len, reverse=True)),
        connectors=frozenset(c.get("connectors", [])),
        not_companies=frozenset(c.get("not_companies", [])) | load_words("technology_terms.txt"),
        descriptors=frozenset(d.lower() for d in c.get("descriptors", [])),
        descriptor_suffixes=tuple(s.lower() for s in c.get("descriptor_suffixes", [])),
        stopwords=_stopwords(lang),
        prepositions=tuple(sorted(cues.get("prepositions", []), key=len, reverse=True)),
        case_markers=frozenset(cues.get("case_markers", [])),
        link_cues=tuple(sorted(c.get("link_cues", []), key=len, reverse=True)),
        articles=frozenset(c.get("articles", [])),
        nouns_capitalised=bool(c.get("nouns_capitalised", False)),
        relatives=tuple(sorted(c.get("relative_datives", []), key=len, reverse=True)),
        genitives=frozenset(cues.get("genitives", [])),
        partner_markers=frozenset(w.lower() for w in
                                  lang_toml(lang, "deals").get("partner_markers", [])),
        coref_heads=tuple(c.get("coref_heads", [])),
        attributive_names=bool(c.get("attributive_names", False)),
        seat_phrases=tuple(c.get("seat_phrases", [])),
        seat_suffixes=tuple(c.get("seat_suffixes", [])),
        origin_words=tuple(c.get("origin_words", [])),
        town_organs=frozenset(c.get("town_organs", [])),
        town_organ_adjectives=frozenset(c.get("town_organ_adjectives", [])),
        organ_heads=tuple(sorted(c.get("organ_heads", []), key=lambda o: -len(o.split()))),
        named_organs=frozenset(o.lower() for o in c.get("named_organs", [])),
        board_organs=frozenset(o.lower() for o in c.get("board_organs", [])),
        acting_organs=frozenset(o.lower() for o in c.get("organ_heads", [])) -
        frozenset(o.lower() for o in c.get("named_organs", [])),
        name_forms=frozenset(c.get("name_forms", [])),
        name_abbreviations=frozenset(c.get("name_abbreviations", [])),
        parent_cues=tuple(c.get("parent_cues", [])),
        coref_determiners=tuple(c.get("coref_determiners", [])),
        coref_contractions=tuple(w.lower() for w in c.get("coref_contractions", [])),
        name_heads=frozenset(w.lower() for w in c.get("name_heads", [])),
        noun_determiners=frozenset(w.lower() for w in c.get("noun_determiners", [])),
        initial_noun_before=frozenset(w.lower() for w in c.get("initial_noun_before", [])),
        initial_common_before=frozenset(w.lower() for w in c.get("initial_common_before", [])),
        initial_participle_endings=tuple(c.get("initial_participle_endings", [])),
        relative_words=frozenset(w.lower() for w in cues.get("relatives", [])),
        head_connectors=frozenset(c.get("head_connectors", [])),
        name_coordinators=frozenset(c.get("name_coordinators", [])),
        family_words=frozenset(w.lower() for w in c.get("family_words", [])),
        numbered_heads=frozenset(w.lower() for w in c.get("numbered_heads", [])),
        loan_adjective_endings=tuple(c.get("loan_adjective_endings", [])),
        coordinated_tails=frozenset(w.lower() for w in c.get("coordinated_tails", [])),
        institution_heads=frozenset(w.lower() for w in c.get("institution_heads", [])),
        adverb_initials=bool(c.get("adverb_initials", False)),
        agentive_nouns=bool(c.get("agentive_nouns", False)),
        noun_modifiers=bool(c.get("noun_modifiers", False)),
        case_endings=tuple(c.get("case_endings", [])),
        genitive_articles=frozenset(w.lower() for w in c.get("genitive_articles", [])),
        agentive_suffixes=tuple((a, b) for a, b in c.get("agentive_suffixes", [])),
        creator_heads=frozenset(w.lower() for w in c.get("creator_heads", [])),
        lower_heads=frozenset(w.lower() for w in c.get("lower_institution_heads", [])
                              + c.get("named_institution_heads", [])),
        named_heads=frozenset(w.lower() for w in c.get("named_institution_heads", [])),
        article_nouns=bool(c.get("article_nouns", False)),
        place_heads=frozenset(w.lower() for w in c.get("place_heads", [])),
        place_heads_first=frozenset(w.lower() for w in c.get("place_heads_first", [])),
        coref_heads_lower=frozenset(w.lower() for w in c.get("coref_heads", [])),
        institution_corefs=frozenset(w.lower() for w in c.get("institution_corefs", [])),
        ally_markers=tuple(sorted((w.lower() for w in c.get("ally_markers", [])),
                                  key=len, reverse=True)),
        source_markers=tuple(sorted((w.lower() for w in c.get("source_markers", [])),
                                    key=len, reverse=True)),
        source_after=tuple(w.lower() for w in c.get("source_after", [])),
        source_documents=frozenset(w.lower() for w in c.get("source_documents", [])),
        source_verbs=tuple(sorted((w.lower() for w in c.get("source_verbs", [])),
                                  key=len, reverse=True)),
        owner_heads=frozenset(w.lower() for w in c.get("owner_heads", [])),
        self_heads=frozenset(w.lower() for w in c.get("self_heads", [])),
        index_words=frozenset(w.lower() for w in c.get("index_words", [])),
        adjective_endings=tuple(c.get("adjective_endings", [])),
        demonym_endings=tuple(c.get("demonym_endings", [])),
        agent_endings=tuple(c.get("agent_endings", [])),
        public_adjective_endings=tuple(c.get("public_adjective_endings", [])),
        city_locatives=frozenset(c.get("city_locatives", [])),
        street_words=frozenset(w.lower() for w in c.get("street_words", [])),
        possessive_ranks=frozenset(w.lower() for w in c.get("possessive_ranks", [])),
        field_articles=frozenset(c.get("field_articles", [])),
        purpose_connectors=frozenset(c.get("purpose_connectors", [])),
        plural_endings=tuple(c.get("plural_endings", [])),
        noun_plurals=tuple(c.get("noun_plurals", [])),
        locatives=frozenset(c.get("locatives", [])),
        subordinators=frozenset(cues.get("subordinators", [])),
        person_markers=tuple(w.lower() for w in c.get("person_markers", [])),
        compound_titles=bool(c.get("compound_titles", False)),
        product_heads=frozenset(w.lower() for w in c.get("product_heads", [])),
        date_openers=frozenset(c.get("date_openers", [])),
        ruler_heads=frozenset(w.lower() for w in c.get("ruler_heads", [])),
        country_words=frozenset(c.get("country_words", [])),
        moments=frozenset(m.lower() for names in lang_toml(lang, "dates").get("months", [])
                         for m in names) | frozenset(
            w.lower() for w in lang_toml(lang, "dates").get("moment_nouns", [])),
        determiners=frozenset(w.lower() for w in cues.get("determiners", [])),
        barriers=frozenset(w for w in cues.get("relatives", []) + cues.get("coordinators", [])
                           if " " not in w and w not in c.get("articles", [])),
    )


def _stopwords(lang: str) -> frozenset[str]:
    import importlib

    try:
        mod = importlib.import_module(f"spacy.lang.{lang}.stop_words")
        return frozenset(mod.STOP_WORDS)
    except ImportError:
        return frozenset()

