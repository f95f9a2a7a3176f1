"""Payment-verb frames: which words trigger a payment in a language, and with what roles.

Rows of rules/<lang>/verbs.jsonl become `Frame`s. A row lists `lemmas` (every inflected
form reaches them through simplemma, so "pagherà", "sborsò" and "bezahlte" need no typing)
and literal `forms` for multiword verbs. A lemma trigger inflected as a participle after a
passive auxiliary of the clause (rules/<lang>/cues.toml `passive_aux`) takes the passive of
its frame: the roles swap and the agent markers (`agent_markers`) mark the other party
("Y was awarded a contract by X"). A row with `aux` (German "wird ... von X bezahlt")
applies only when its auxiliary stands in the clause; a form with "..." is a separable verb
("gibt ... aus"): the finite verb triggers when its particle closes the clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.facts.lemmas import lemma, participle_infinitives
from pipeline.facts.lexicon import lang_jsonl, lang_toml


@dataclass(frozen=True)
class Frame:
    id: str
    subject: str  # payer | payee
    markers: tuple[str, ...]
    gap: int
    strength: float
    through: bool = False  # the marker may govern a phrase around the name ("en los servicios de X")
    owners: tuple[str, ...] = ()  # cost frames: what marks the owner of the thing paid for
    aux: tuple[str, ...] = ()  # passive frames: an auxiliary in the clause selects this frame
    sources: tuple[str, ...] = ()  # flow frames: what marks the payer ("da X", "von X")
    kind: str = "pay"  # cue class: pay, receive, spend, buy, supply, award, win, charge, cost...
    # markers of the other party only when what changes hands follows its name ("compra a
    # Microsoft capacidad": the seller; "compra a Mediapro por": the company bought)
    object_markers: tuple[str, ...] = ()


@dataclass
class Trigger:
    start: int
    end: int
    text: str
    frame: Frame


@cache
def frames(lang: str) -> tuple[re.Pattern[str] | None, dict[str, Frame]]:
    """One regex over every verb form of `lang`, and form -> frame.

    Rows with `aux` (German "wird ... bezahlt") only apply when their auxiliary is in the
    clause (see `_passive`); forms with "..." are separable verbs (see `_split_verbs`).
    """
    by_form: dict[str, Frame] = {}
    extra: set[str] = set()
    for row in lang_jsonl(lang, "verbs"):
        fr = _frame(row)
        for form in row.get("forms", []):
            if "..." in form:
                continue
            if fr.aux:
                extra.add(form.lower())
            else:
                by_form.setdefault(form.lower(), fr)
    for form in extra - set(by_form):
        by_form[form] = next(f for f in _passive(lang).get(form, []))
    if not by_form:
        return None, {}
    alts = "|".join(phrase(f) for f in sorted(by_form, key=len, reverse=True))
    return re.compile(rf"(?<![\w'’])(?:{alts})(?![\w])", re.IGNORECASE), by_form


def _frame(row: dict) -> Frame:
    return Frame(row["id"], row["subject"], tuple(row.get("markers", [])),
                 int(row.get("gap", 4)), float(row.get("strength", 0.8)),
                 bool(row.get("through", False)), tuple(row.get("owners", [])),
                 tuple(w.lower() for w in row.get("aux", [])),
                 tuple(row.get("sources", [])), row.get("kind", row["id"].split(".")[1]),
                 tuple(row.get("object_markers", [])))


@cache
def frames_by_id(lang: str) -> dict[str, Frame]:
    """Rule id -> frame of every row of `lang`'s verbs."""
    return {fr.id: fr for fr in (_frame(row) for row in lang_jsonl(lang, "verbs"))}


@cache
def lemma_frames(lang: str) -> dict[str, Frame]:
    """Lemma -> frame of every row's `lemmas` (the first row that lists a lemma wins)."""
    out: dict[str, Frame] = {}
    for row in lang_jsonl(lang, "verbs"):
        if row.get("aux"):
            continue
        fr = _frame(row)
        for lem in row.get("lemmas", []):
            out.setdefault(lem.lower(), fr)
    return out


@cache
def _passive_of(frame: Frame, lang: str) -> Frame | None:
    """The passive reading of an active frame: roles swap, agent markers mark the other."""
    if frame.subject not in ("payer", "payee"):
        return None
    agents = tuple(lang_toml(lang, "cues").get("agent_markers", []))
    if not agents:
        return None
    flipped = "payee" if frame.subject == "payer" else "payer"
    return Frame(frame.id + ".passive", flipped, agents, frame.gap, frame.strength * 0.95,
                 kind=frame.kind)


@cache
def _passive_setup(lang: str) -> tuple[frozenset[str], int]:
    cues = lang_toml(lang, "cues")
    return frozenset(w.lower() for w in cues.get("passive_aux", [])), \
        int(cues.get("passive_window", 3))


@cache
def _participle_suffixes(lang: str) -> tuple[str, ...]:
    return tuple(lang_toml(lang, "cues").get("participle_suffixes", []))


@cache
def _gerund_suffixes(lang: str) -> tuple[str, ...]:
    return tuple(lang_toml(lang, "cues").get("gerund_suffixes", []))


@cache
def deal_nouns(lang: str) -> frozenset[str]:
    """Lemmas of the nouns that name a deal or an order (rules/<lang>/deals.toml)."""
    d = lang_toml(lang, "deals")
    return frozenset(w.lower() for key in ("nouns", "order_nouns") for w in d.get(key, []))


@cache
def _determiners(lang: str) -> frozenset[str]:
    return frozenset(w.lower() for w in lang_toml(lang, "cues").get("determiners", []))


_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def _is_passive(text: str, start: int, word: str, lang: str) -> bool:
    """Whether `word` at `start` is a participle after a passive auxiliary ("was paid",
    "è stato pagato", "wird ... bezahlt"): inflected, and an auxiliary lemma among the
    words before it in its clause, within the language's window."""
    aux, window = _passive_setup(lang)
    low = word.lower()
    if not aux or lemma(word, lang) == low or low.endswith(_gerund_suffixes(lang)) or \
            not low.endswith(_participle_suffixes(lang)):
        return False
    left = max(text.rfind(c, 0, start) for c in ",;:") + 1
    before = _WORD_RE.findall(text[left:start])[-window:]
    return any(w.lower() in aux or lemma(w, lang) in aux for w in before)


@cache
def _passive(lang: str) -> dict[str, list[Frame]]:
    """Form -> frames that need an auxiliary ("bezahlt" after "wird ... von X")."""
    out: dict[str, list[Frame]] = {}
    for row in lang_jsonl(lang, "verbs"):
        if row.get("aux"):
            fr = _frame(row)
            for form in row.get("forms", []):
                out.setdefault(form.lower(), []).append(fr)
    return out


@cache
def _split_verbs(lang: str) -> list[tuple[re.Pattern[str], Frame]]:
    """Separable verbs ("gibt ... aus"): the finite verb is the trigger when its particle
    closes the clause ("gibt täglich 20.000 Euro für die Cloud von X aus.")."""
    out = []
    for row in lang_jsonl(lang, "verbs"):
        for form in row.get("forms", []):
            if "..." not in form:
                continue
            head, tail = (part.strip() for part in form.split("...", 1))
            out.append((re.compile(
                rf"(?<![\w'’]){phrase(head)}(?![\w])(?=(?:[^.;:!?]|[.](?=\w))*?\s{phrase(tail)}"
                rf"(?=\s*(?:[.,;:!?)]|$|und\b|oder\b)))", re.IGNORECASE), _frame(row)))
    return out


def _clause_has(text: str, start: int, end: int, words: tuple[str, ...]) -> bool:
    """Whether one of `words` stands in the clause around text[start:end]."""
    left = max(text.rfind(c, 0, start) for c in ",;:") + 1
    right = min((i for i in (text.find(c, end) for c in ",;:") if i >= 0), default=len(text))
    return bool(_words_re(words).search(text[left:right]))


@cache
def _words_re(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of `words` as a whole word, case-insensitive, compiled once per word list."""
    alts = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.IGNORECASE)


def phrase(p: str) -> str:
    return r"\s+".join(re.escape(w) for w in p.split())



def find_triggers(text: str, lang: str) -> list[Trigger]:
    """Payment-verb triggers of one sentence, in text order."""
    rx, by_form = frames(lang)
    triggers = []
    if rx is not None:
        for m in rx.finditer(text):
            if m.group(0)[0].isupper() and text[:m.start()].strip():
                continue  # "Kestrel Pay": a name, not a verb
            single = " " not in m.group(0)
            if single and _noun_use(text, m.start(), m.end(), lang):
                continue
            form = re.sub(r"\s+", " ", m.group(0).lower())
            frame = by_form[form]
            for alt in _passive(lang).get(form, []):
                if _clause_has(text, m.start(), m.end(), alt.aux):
                    frame = alt
                    break
            else:
                if frame.aux:
                    continue  # a passive-only form without its auxiliary
                if single and _is_passive(text, m.start(), m.group(0), lang):
                    frame = _passive_of(frame, lang) or frame  # "is charged ... by X"
            triggers.append(Trigger(m.start(), m.end(), m.group(0), frame))
    for rx_split, frame in _split_verbs(lang):
        for m in rx_split.finditer(text):
            if not any(t.start < m.end() and m.start() < t.end for t in triggers):
                triggers.append(Trigger(m.start(), m.end(), m.group(0), frame))
    by_lemma = lemma_frames(lang)
    if by_lemma:
        for m in _WORD_RE.finditer(text):
            word = m.group(0)
            frame = by_lemma.get(lemma(word, lang)) or by_lemma.get(word.lower()) or \
                _by_participle(word, lang, by_lemma)
            if frame is None or any(t.start < m.end() and m.start() < t.end for t in triggers):
                continue
            if word[0].isupper() and text[:m.start()].strip():
                continue  # "Kestrel Pay": a name, not a verb
            if _noun_use(text, m.start(), m.end(), lang):
                continue
            if _is_passive(text, m.start(), word, lang):
                frame = _passive_of(frame, lang) or frame
            triggers.append(Trigger(m.start(), m.end(), word, frame))
    triggers.sort(key=lambda t: t.start)
    return triggers


def _by_participle(word: str, lang: str, by_lemma: dict[str, Frame]) -> Frame | None:
    """A participle simplemma does not know ("encargado", "won"): its ending rewritten to
    an infinitive's, when that infinitive is a cue lemma."""
    return next((by_lemma[v] for v in participle_infinitives(word, lang) if v in by_lemma),
                None)


def _noun_use(text: str, start: int, end: int, lang: str) -> bool:
    """A cue word used as a noun or a modifier, not a verb: after a determiner ("a $300
    million charge", "the order") or before a deal noun ("a licensing agreement")."""
    after = _WORD_RE.match(text, end + 1) if text[end:end + 1] == " " else None
    if after and lemma(after.group(0), lang) in deal_nouns(lang):
        return True
    word_here = text[start:end].lower()
    if _after_amount(text, start, lang) and not word_here.endswith(_participle_suffixes(lang)):
        return True  # "a $150.4 million award from X": the amount's noun, not a verb
    before = _WORD_RE.findall(text[max(0, start - 20):start])
    if not before or before[-1].lower() not in _determiners(lang):
        return False
    # an article may also be an object pronoun ("le versa", "la paie"): a verb goes on
    # with its object, an amount, a name or a determiner
    nxt = re.match(r"\s+(\S+)", text[end:])
    if nxt is None:
        return True
    word = nxt.group(1)
    return not (word[0].isdigit() or word[0].isupper() or word[0] in "$€£¥"
                or word.lower() in _determiners(lang) or _hedged_amount(text, end, lang))


def _hedged_amount(text: str, end: int, lang: str) -> bool:
    """Whether a hedge and an amount follow `end` ("gli paga circa 20 milioni", "le versa
    quasi 2 millones"): the verb's object, hedged."""
    from pipeline.facts.hedges import hedge_before
    from pipeline.facts.money import find_amounts

    window = text[end:end + 60]
    found = find_amounts(window, lang)
    if not found:
        return False
    hedge = hedge_before(window, found[0].start, lang)
    return hedge is not None and window[:found[0].start].strip().lower() == hedge.lower()


def _after_amount(text: str, start: int, lang: str) -> bool:
    """Whether an amount ends right before `start` ("$150.4 million award"). Not where
    verbs close their clause after the amount (German: "80 Mio. Euro zahlen")."""
    if lang_toml(lang, "cues").get("verb_final"):
        return False
    from pipeline.facts.money import find_amounts

    window = text[max(0, start - 40):start]
    if not window.endswith(" "):
        return False
    found = find_amounts(window, lang)
    return bool(found) and not window[found[-1].end:].strip()
