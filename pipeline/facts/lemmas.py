"""Lemmas of single words through simplemma's dictionaries, cached per (word, language).

Lexicons list lemmas ("pagare", "liefern"), so every inflected form of a cue word is found
without typing it; simplemma covers the five languages with one pure-Python lookup.
"""

from __future__ import annotations

from functools import lru_cache

from pipeline.facts.lexicon import lang_toml


@lru_cache(maxsize=1 << 16)
def respelled(word: str, lang: str) -> str:
    """`word` in the spelling simplemma's word list carries, when it knows the word only
    under another spelling (nlp.toml `respellings`: Swiss "Strassenbahnen" ->
    "Straßenbahnen"); else the word itself. Every occurrence is respelled first, then one
    at a time ("Verkehrsstrassen")."""
    pairs = lang_toml(lang, "nlp").get("respellings", [])
    if not any(old in word for old, _ in pairs):
        return word
    import simplemma

    if simplemma.is_known(word, lang=lang):
        return word
    for old, new in pairs:
        spots = [k for k in range(len(word)) if word.startswith(old, k)]
        forms = [word.replace(old, new)]
        if len(spots) > 1:
            forms += [word[:k] + new + word[k + len(old):] for k in spots[:3]]
        for form in forms:
            if simplemma.is_known(form, lang=lang):
                return form
    return word


@lru_cache(maxsize=1 << 17)
def lemma(word: str, lang: str) -> str:
    """Lower-case lemma of `word` in `lang` (the word itself, lower-cased, when unknown)."""
    import simplemma

    low = respelled(word.lower(), lang)
    try:
        return simplemma.lemmatize(low, lang=lang).lower()
    except ValueError:  # a language simplemma does not know
        return low


@lru_cache(maxsize=1 << 16)
def participle_infinitives(word: str, lang: str) -> tuple[str, ...]:
    """The infinitives a past participle may come from, by its ending (cues.toml
    `participles`: "encargado" -> "encargar", "versati" -> "versare"; an irregular form
    listed whole: "won" -> "win"); German strips "ge-" too. simplemma does not know many
    participles, or lemmatises them to a participle ("versati" -> "versato"). Cached: the
    trigger scan asks it of every word a cue lemma does not take."""
    low = word.lower()
    out: list[str] = []
    for ending, infinitive in lang_toml(lang, "cues").get("participles", []):
        if low.endswith(ending) and len(low) > len(ending) + 2:
            stem = low[:-len(ending)]
            out.append(stem + infinitive)
            if lang == "de" and stem.startswith("ge"):
                out.append(stem[2:] + infinitive)
        elif low == ending:
            out.append(infinitive)
    return tuple(out)
