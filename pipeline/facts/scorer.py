"""A learned scorer over every (payer, payee, amount) a sentence can state.

The rule layer (relations.py, deals.py) reads who pays whom where a cue says so. Real news
often says it less plainly, and the rules' readings are sometimes wrong. So every ordered
pair of parties in a sentence (and in the sentence before, when the sentence names fewer
than two) with every amount becomes a candidate, described by language-independent
features: what the rules made of it, the class of the preposition or case that marks each
party (to, from, by, with, of, ...), where each stands against the amount and the nearest
payment cue and that cue's class, public bodies, sports clubs and leagues, sides, deal
nouns, cancelling cues, distances. A logistic model (`rules/scorer.json`, trained by
`scripts/train_scorer.py` on the annotated corpora) turns the features into a
probability; per amount the best candidate above the threshold is a fact. A "choice"
model (conditional logit) shares each amount's probability among its readings and "no
fact", so a reading is likely only when it beats its rivals: the rivals of an amount are
scored together, not one by one. Weights are data: the model has no code of its own, and a
missing file falls back to the rules' own readings.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from functools import cache

from pipeline.facts.clauses import (
    cue,
    legal_cause,
    parenthetical,
    period_of,
    resolve,
    takeover,
    with_currency,
)
from pipeline.facts.companies import Mention
from pipeline.facts.deals import _noun_of, _nouns, deal_roles_without_amount, is_public
from pipeline.facts.deals import _side as party_side
from pipeline.facts.deals import rules as deal_rules
from pipeline.facts.frames import Trigger
from pipeline.facts.gazetteer import fold, same_company
from pipeline.facts.lexicon import lang_toml, rules_dir
from pipeline.facts.money import Amount
from pipeline.facts.name_shapes import common_word, person_name
from pipeline.facts.places import city_names, country_names
from pipeline.facts.relations import _openers_re, roles_without_amount
from pipeline.facts.sports import is_sports_body
from pipeline.facts.view import Candidate, Party, Scored, SentenceView


@dataclass(frozen=True)
class Model:
    weights: dict[str, float]
    bias: float
    threshold: float  # a reading the rules did not make needs this probability
    veto: float  # a reading the rules made stands unless its probability is below this
    version: str
    margin: float = 0.0  # a reading the rules did not make must lead the next one by this
    choice: bool = False  # an amount's readings and "no fact" share one probability


@cache
def model() -> Model | None:
    """The shipped model (rules/scorer.json), or None when there is none."""
    data = _load_json("scorer.json")
    if not data:
        return None
    return Model({k: float(v) for k, v in data["weights"].items()}, float(data["bias"]),
                 float(data["threshold"]), float(data.get("veto", data["threshold"])),
                 str(data.get("version", "")), float(data.get("margin", 0.0)),
                 data.get("kind") == "choice")


@cache
def class_vetoes() -> dict[str, float]:
    """Per cue class ("pay", "award": a rule's id less its language), a veto higher than
    the model's, where the rules' readings it scores low were nearly always wrong on the
    training sets (rules/class_vetoes.json, written by scripts/class_vetoes.py)."""
    data = _load_json("class_vetoes.json") or {}
    return {str(k): float(v) for k, v in data.get("vetoes", {}).items()}


def rule_veto(s: Scored, veto: float) -> float:
    """The veto the rules' reading `s` must pass: its cue class's, or the model's."""
    if s.rule is None:
        return veto
    cls = s.rule.rule_id.split(".", 1)[-1]
    return max(veto, class_vetoes().get(cls, veto))


def _load_json(rel: str) -> dict | None:
    path = rules_dir() / rel
    if not path.exists():
        return None
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def logit(features: dict[str, float], m: Model) -> float:
    z = m.bias + sum(m.weights.get(k, 0.0) * v for k, v in features.items())
    return max(-30.0, min(30.0, z))


def probability(features: dict[str, float], m: Model) -> float:
    """One reading's probability on its own (a pointwise model)."""
    return 1.0 / (1.0 + math.exp(-logit(features, m)))


def shares(logits: list[float]) -> list[float]:
    """The probabilities of one amount's readings under a choice model: each reading's
    share against all of them and "no fact" (whose logit is 0)."""
    es = [math.exp(z) for z in logits]
    total = 1.0 + sum(es)
    return [e / total for e in es]


# --- candidates --------------------------------------------------------------------------


def parties(view: SentenceView, prev: SentenceView | None, cued: bool = True,
            context: bool = True) -> list[Party]:
    """The companies a sentence can make a party: its names, its back-references resolved,
    and, when it holds a payment cue or a deal noun (`cued`), the names of the sentence
    before: always when that sentence was read anyway (`context`), else only when this one
    names fewer than two itself (then the sentence before is read for it)."""
    out: list[Party] = []

    def add(name: str | None, m: Mention, origin: str) -> None:
        if name and not any(same_company(name, p.name) for p in out):
            out.append(Party(name, m, origin))

    for m in view.mentions:
        if m.kind == "name":
            add(m.name, m, "here")
        elif m.kind in ("coref", "latter", "relative"):
            add(resolve(m, view, prev, None), m, "ref")
    if cued and prev is not None and (context or len(out) < 2):
        for m in prev.mentions:
            if m.kind == "name" and not _place(m, prev.lang):
                add(m.name, m, "prev")
    return out


def reads_before(view: SentenceView) -> bool:
    """Whether the sentence before can give this one its parties: it holds an amount and a
    payment cue or a deal noun ("Die Autobahn GmbH hat Strabag mit dem Ausbau beauftragt.
    Der Auftrag hat ein Volumen von 100 Millionen Euro."), so the scorer pairs its names."""
    return bool(view.amounts) and bool(view.triggers or _nouns(view))


def _place(m: Mention, lang: str) -> bool:
    """A country or city under a preposition ("en una fundición de Taiwán", "in Madrid"):
    where something happens, never the actor the next sentence speaks of."""
    name = fold(m.name)
    return bool(m.marker) and not m.known and (name in country_names(lang)
                                               or name in city_names(lang))


def candidates(view: SentenceView, prev: SentenceView | None,
               rule_cands: list[Candidate], context: bool = True) -> list[Scored]:
    """Every (payer, payee, amount) reading of a sentence, with its features; `context`
    False when the sentence before has not been read (see `parties`)."""
    text = view.text
    if text.rstrip().endswith("?"):
        return []
    nouns = _nouns(view)
    ps = parties(view, prev, bool(view.triggers or nouns), context)
    for c in rule_cands:  # every reading of the rules is scored, whatever it refers to
        for name in (c.payer, c.payee):
            if name and not any(same_company(name, p.name) for p in ps):
                ps.append(Party(name, Mention(-1, -1, name, name, kind="dropped"), "prev"))
    if len(ps) < 2:
        return []
    salience = _salience(view, ps)
    roles = roles_before(prev) if prev is not None else ()
    out = []
    for raw in view.amounts:
        if parenthetical(view, raw):
            continue
        amount = with_currency(view, raw)
        if amount is None:
            continue
        ctx = _AmountContext.of(view, amount, nouns, rule_cands)
        if not ctx.rules and takeover(view, *ctx.clause):
            continue  # "Telefónica compra a Mediapro por 1.000 millones": a company bought
        readings = []
        for x in ps:
            for y in ps:
                if x is y:
                    continue
                feats = _features(view, amount, x, y, ps, ctx, salience)
                if prev is not None and prev.triggers:
                    _prev_cue(prev, x, y, feats)
                if prev is not None and prev.near:
                    _farther(prev, x, y, feats)
                if roles:
                    _prev_roles(roles, x, y, feats)
                readings.append(Scored(x, y, amount, feats, ctx.rule_for(x.name, y.name)))
        out.extend(score_amount(readings))
    return out


def score_amount(readings: list[Scored], m: Model | None = None) -> list[Scored]:
    """Score the readings of one amount (all of them: a choice model weighs them together)
    with `m`, by default the shipped model."""
    m = m or model()
    if m is None:  # no model: the rules' readings only
        for s in readings:
            s.score = s.rule.confidence if s.rule is not None else 0.0
    elif m.choice:
        for s, p in zip(readings, shares([logit(s.features, m) for s in readings]),
                        strict=True):
            s.score = p
    else:
        for s in readings:
            s.score = probability(s.features, m)
    return readings


def select(scored: list[Scored], m: Model | None = None) -> list[Scored]:
    """Per amount, one reading: the rules' own when the model (`m`, by default the shipped
    one) does not veto it, else the model's best when its probability reaches the threshold
    and leads the amount's next reading by the model's margin (two close readings: the text
    does not settle who pays whom, and no fact beats a wrong one)."""
    m = m or model()
    th, veto, margin = (m.threshold, m.veto, m.margin) if m else (0.5, 0.5, 0.0)
    ranked = ranked_scores(((s.amount.start, s.amount.end), s.score) for s in scored) \
        if margin else {}
    reversed_ = overruled((((s.amount.start, s.amount.end), s, s.score) for s in scored),
                          th) if m else set()
    best: dict[tuple[int, int], tuple[float, Scored]] = {}
    for s in scored:
        ruled = s.rule is not None and s.score >= rule_veto(s, veto) and \
            (s.amount.start, s.amount.end) not in reversed_
        if s.score < th and not ruled:
            continue
        if not ruled and cancelled(s):
            continue  # a denial, a condition or a fine cancels what no rule read
        if not ruled and margin and \
                lead(s.score, ranked[(s.amount.start, s.amount.end)]) < margin:
            continue
        key = (s.amount.start, s.amount.end)
        rank = s.score + (1.0 if ruled else 0.0)
        if key not in best or rank > best[key][0]:
            best[key] = (rank, s)
    return sorted((s for _, s in best.values()), key=lambda s: s.amount.start)


def cancelled(s: Scored) -> bool:
    """Whether a cancelling cue (a denial, a condition, a fine) stands in the reading's
    clause: no reading the rules did not make survives one."""
    return any(k.startswith("cue:") for k in s.features)


def overruled(items: Iterable[tuple[Hashable, Scored, float]], threshold: float = 0.5
              ) -> set[Hashable]:
    """The amounts (keys) whose rules' reading the model reverses: it reads the reverse at
    or above the threshold and the rules' own below it ("El Consejo entregó a Televisa
    1.400 millones": a supply verb's rule, but the money is what was handed over). There
    the rules' reading loses the veto's protection. Held out one set at a time (realnews24
    to 32, 2,406 facts), 4 wrong facts of 1,179 become right."""
    reverse, kept = set(), set()
    for key, s, p in items:
        if p >= threshold and "rule_reverse" in s.features:
            reverse.add(key)
        if p >= threshold and s.rule is not None:
            kept.add(key)
    return reverse - kept


def ranked_scores(pairs: Iterable[tuple[Hashable, float]]) -> dict[Hashable, list[float]]:
    """Per key (an amount), the probabilities of its readings, highest first."""
    out: dict[Hashable, list[float]] = defaultdict(list)
    for key, p in pairs:
        out[key].append(p)
    for scores in out.values():
        scores.sort(reverse=True)
    return out


def lead(score: float, ranked: list[float]) -> float:
    """How far a reading's probability stands above the best other reading of its amount
    (`ranked`: all of them, highest first); negative when another stands higher."""
    if score < ranked[0]:
        return score - ranked[0]
    return score - (ranked[1] if len(ranked) > 1 else 0.0)


def to_candidate(s: Scored, view: SentenceView) -> Candidate:
    """A fact-ready candidate: the rule's own reading when the rules made this one (period,
    term, product, rule id), else the scorer's with the period nearest the amount."""
    conf = round(s.score, 3)
    if s.rule is not None:
        r = s.rule
        return Candidate(r.payer, r.payee, r.amount, r.period, r.term_months, r.product,
                         conf, r.rule_id, view, r.notes + [f"scorer {conf}"])
    left, right = _clause_bounds(view.text, s.amount.start)
    trig = _nearest_trigger(view, s.amount, left, right)
    # money that changes hands ("dass Google im Jahr 2022 20 Mrd. an Apple gezahlt hat") is
    # dated by a calendar year anywhere in its clause; a deal's value is not
    kind = trig.frame.kind if trig is not None else "deal"
    period, term = period_of(view, s.amount, left, right, kind)
    return Candidate(s.payer.name, s.payee.name, s.amount, period, term, None, conf,
                     f"{view.lang}.scorer", view, [f"scorer {conf}"])


# --- features ----------------------------------------------------------------------------


@dataclass
class _AmountContext:
    rules: list[Candidate]
    trigger: object | None  # the nearest payment cue in the amount's clause
    noun: str
    clause: tuple[int, int]
    cues: tuple[str, ...]
    halves: tuple[Candidate, ...] = ()  # the rules' readings that found one side only

    @classmethod
    def of(cls, view: SentenceView, amount: Amount, nouns: list, rule_cands: list[Candidate]
           ) -> _AmountContext:
        text = view.text
        left, right = _clause_bounds(text, amount.start)
        trig = _nearest_trigger(view, amount, left, right)
        if trig is None and text[right:right + 1] == ":" and \
                not any(left <= m.start < right for m in view.mentions):
            # "Quasi 4 milioni al trimestre: è quanto A versa a B": a clause of an amount
            # and no party; the clause after the colon says who pays it
            trig = _nearest_trigger(view, amount, right + 1, _clause_bounds(text, right + 1)[1])
        noun = _noun_of(view, amount, [n for n in nouns if n.kind != "value"],
                        deal_rules(view.lang))  # the model was trained without value nouns
        scope = text[left:right]
        cues = tuple(k for k in ("negation", "hypothetical", "non_payment")
                     if cue(view.lang, k, scope)) + (
            ("legal_cause",) if legal_cause(view, amount.end) else ())
        here = [c for c in rule_cands if (c.amount.start, c.amount.end) ==
                (amount.start, amount.end)]
        rules = [c for c in here if c.payer and c.payee]
        halves = tuple(c for c in here if bool(c.payer) != bool(c.payee))
        return cls(rules, trig, noun.kind if noun else "none", (left, right), cues, halves)

    def rule_for(self, payer: str, payee: str) -> Candidate | None:
        return next((c for c in self.rules if same_company(c.payer or "", payer)
                     and same_company(c.payee or "", payee)), None)


def _nearest_trigger(view: SentenceView, amount: Amount, left: int, right: int
                     ) -> Trigger | None:
    """The payment cue of the clause [left, right) nearest the amount, or None."""
    return min((t for t in view.triggers if left <= t.start < right),
               key=lambda t: abs(t.start - amount.start), default=None)


def _clause_bounds(text: str, pos: int) -> tuple[int, int]:
    left = max(text.rfind(";", 0, pos), text.rfind(":", 0, pos)) + 1
    right = min((i for i in (text.find(";", pos), text.find(":", pos)) if i >= 0),
                default=len(text))
    return left, right


@cache
def _marker_classes(lang: str) -> dict[str, str]:
    return {k.lower(): v for k, v in lang_toml(lang, "cues").get("marker_classes", {}).items()}


def _marker(p: Party, lang: str) -> str:
    return "prev" if p.origin == "prev" else _mark_class(p.mention, lang)


def _mark_class(m: Mention, lang: str) -> str:
    """The class of the word that governs a mention (to, from, with, by...), per language."""
    if m.kind == "clitic":
        return "clitic"
    if not m.marker:
        return "none"
    return _marker_classes(lang).get(m.marker.lower(), "other")


def _bin(n: int, edges: tuple[int, ...] = (10, 30, 80)) -> str:
    return str(next((i for i, e in enumerate(edges) if n <= e), len(edges)))


def _rule_family(rule_id: str) -> str:
    return rule_id.split(".", 1)[1] if "." in rule_id else rule_id


def _features(view: SentenceView, amount: Amount, x: Party, y: Party, ps: list[Party],
              ctx: _AmountContext, salience: dict[str, str]) -> dict[str, float]:
    lang = view.lang
    f: dict[str, float] = {}

    def on(key: str, value: float = 1.0) -> None:
        f[key] = value

    rule = ctx.rule_for(x.name, y.name)
    if rule is not None:
        fam = _rule_family(rule.rule_id)
        on("rule")
        on(f"rule:{fam.split('.')[0]}")
        if ".passive" in fam or ".coordinated" in fam or ".value" in fam:
            on(f"rule+{fam.split('.')[-1]}")
        on("rule_conf", rule.confidence)
    elif ctx.rule_for(y.name, x.name) is not None:
        on("rule_reverse")
    elif ctx.rules:
        on("rule_other")
    else:
        on("rule_none")
    for c in ctx.halves:  # "Lotte will pay $2.64 million": the rules found the payer only
        if same_company(c.payer or "", x.name) or same_company(c.payee or "", y.name):
            on("half")
        elif same_company(c.payer or "", y.name) or same_company(c.payee or "", x.name):
            on("half_reverse")
    xm, ym = _marker(x, lang), _marker(y, lang)
    on(f"xm:{xm}")
    on(f"ym:{ym}")
    on(f"xym:{xm}|{ym}")
    xs, ys = _start(x), _start(y)
    on("x_first" if xs < ys else "y_first")
    prev = [p for p in (x, y) if p.origin == "prev" and p.mention.start >= 0]
    if prev:  # what this sentence has of its own, against a name of the sentence before
        here = sum(p.origin != "prev" for p in ps)
        first = next((q for q in ps if q.origin == "prev" and q.mention.start >= 0
                      and not q.mention.marker), None)
        subj_here = any(q.origin == "here" and _first_unmarked(view, q, ctx) for q in ps)
        refs = any(q.origin == "ref" for q in ps)
        kind = ctx.trigger.frame.kind if ctx.trigger is not None else "none"
    for tag, p, pos in (("x", x, xs), ("y", y, ys)):
        on(f"{tag}o:{p.origin}")
        if any(p is q for q in prev):
            # a name of the sentence before: how it stood there (its subject, or marked
            # by which word) and what this sentence has of its own (a subject, a reference)
            on(f"{tag}o:prev|here{min(here, 3)}")
            mk = _mark_class(p.mention, lang)
            on(f"{tag}pm:{mk}")
            role = "subj" if first is p else mk
            on(f"{tag}psubj:{role}")
            on(f"{tag}prev|subjhere:{subj_here}|ref:{refs}")
            on(f"{tag}prev|{kind}|{role}|{ctx.noun}")
        if p.origin != "prev":
            on(f"{tag}a:{'before' if pos < amount.start else 'after'}")
            on(f"{tag}d:{_bin(abs(pos - amount.start))}")
        if p.mention.known:
            on(f"{tag}known")
        else:
            for shape in _shapes(p, lang):
                on(f"{tag}shape:{shape}")
        if is_public(p.mention, lang) or (p.origin != "here" and _public_name(p.name, lang)):
            on(f"{tag}pub")
        if is_sports_body(p.name, lang):  # a club or league: paid by sponsors, broadcasters
            on(f"{tag}sport")
        side = party_side(view, p.mention, deal_rules(lang)) if p.origin == "here" else None
        if side:
            on(f"{tag}side:{side}")
        if p.origin == "here" and _first_unmarked(view, p, ctx):
            on(f"{tag}subj")
    for tag, p in (("x", x), ("y", y)):
        if p.name in salience:
            on(f"{tag}freq:{salience[p.name]}")
    trig = ctx.trigger
    if trig is not None:
        kind, subj = trig.frame.kind, trig.frame.subject
        on(f"tk:{kind}")
        for tag, pos, mk in (("x", xs, xm), ("y", ys, ym)):
            side = "prev" if pos < 0 else ("L" if pos < trig.start else "R")
            on(f"tk:{kind}|{tag}{side}")
            on(f"tk:{kind}|{tag}m:{mk}")
            if side != "prev" and _next_to(trig, pos, ps):
                on(f"tk:{kind}|{tag}{side}next")  # "... pagati a Datacorte": the name the
                # cue governs, not one further off
        agree = (subj == "payer" and 0 <= xs < trig.start <= ys) or \
            (subj == "payee" and 0 <= ys < trig.start <= xs)
        disagree = (subj == "payer" and 0 <= ys < trig.start <= xs) or \
            (subj == "payee" and 0 <= xs < trig.start <= ys)
        if agree:
            on("trig_agree")
        if disagree:
            on("trig_disagree")
    else:
        on("tk:none")
    on(f"noun:{ctx.noun}")
    carried = rule is not None and _rule_family(rule.rule_id).endswith(".value")
    _structure(view, amount, x, y, ps, trig, on, carried)
    for c in ctx.cues:
        on(f"cue:{c}")
    on(f"nparties:{min(len(ps), 4)}")
    on(f"namounts:{min(len(view.amounts), 3)}")
    if amount.approx:
        on("approx")
    return f


def _farther(prev: SentenceView, x: Party, y: Party, f: dict[str, float]) -> None:
    """Which of the pair the sentence two before names (and not the one before)."""
    for tag, p in (("x", x), ("y", y)):
        if p.origin == "prev" and 0 <= p.mention.start < prev.near:
            f[f"{tag}far"] = 1.0
            f[f"{tag}far|{_mark_class(p.mention, prev.lang)}"] = 1.0


def roles_before(prev: SentenceView) -> tuple[tuple[str, str], ...]:
    """Who pays whom in the sentence before, as the rules read a payment verb or a deal
    that states no amount ("Siemens has signed a contract with Israel Railways for 60
    trains. The order has a total value of about EUR 900 million"): the next sentence often
    gives the value, and its reading should agree."""
    if prev.amounts:
        return ()  # its amounts are its own payments' (both readers say so too)
    found = roles_without_amount(prev)  # a verb first, as in a sentence with its amount:
    # "ordered 40 trains from X" is no deal won from X
    if not found and sum(n.kind in ("deal", "order") for n in _nouns(prev)) == 1:
        found = deal_roles_without_amount(prev)  # one deal: two ("X signed a contract with
        # Y, and Z one with W") leave open whose value follows
    return tuple(dict.fromkeys((payer, payee) for payer, payee, _ in found))


def _prev_roles(roles: tuple[tuple[str, str], ...], x: Party, y: Party,
                f: dict[str, float]) -> None:
    """Whether (x, y) is, or reverses, a pair the sentence before states (`roles_before`)."""
    kind = "one" if len(roles) == 1 else "many"
    for payer, payee in roles:
        if same_company(x.name, payer) and same_company(y.name, payee):
            f[f"prole:agree|{kind}"] = 1.0
        elif same_company(x.name, payee) and same_company(y.name, payer):
            f[f"prole:reverse|{kind}"] = 1.0
        elif same_company(x.name, payer) or same_company(y.name, payee):
            f["prole:half"] = 1.0


def _prev_cue(prev: SentenceView, x: Party, y: Party, f: dict[str, float]) -> None:
    """How names of the sentence before stood against that sentence's own payment cue: a
    story often states the roles first and the amount after ("X hat Y mit ... beauftragt.
    Der Auftrag hat ein Volumen von N"; "X awarded Y a contract. The deal is worth N")."""
    trig = prev.triggers[0]
    kind, subj = trig.frame.kind, trig.frame.subject
    sides: dict[str, str] = {}
    for tag, p in (("x", x), ("y", y)):
        if p.origin != "prev" or p.mention.start < 0:
            continue
        side = sides[tag] = "L" if p.mention.start < trig.start else "R"
        f[f"ptk:{kind}|{tag}{side}"] = 1.0
        f[f"ptk:{kind}|{tag}{side}|{_mark_class(p.mention, prev.lang)}"] = 1.0
    if len(sides) == 2:
        payer_first = sides["x"] == "L" and sides["y"] == "R"
        payee_first = sides["y"] == "L" and sides["x"] == "R"
        if (subj == "payer" and payer_first) or (subj == "payee" and payee_first):
            f["ptrig_agree"] = 1.0
        elif (subj == "payer" and payee_first) or (subj == "payee" and payer_first):
            f["ptrig_disagree"] = 1.0
    elif sides:
        f[f"ptk:one|{subj}|{''.join(t + s for t, s in sides.items())}"] = 1.0


def _structure(view: SentenceView, amount: Amount, x: Party, y: Party, ps: list[Party],
               trig, on, carried: bool = False) -> None:
    """Where payer (X), payee (Y), amount (A) and cue (T) stand against each other, what
    separates them (commas, other parties), and the words that mark them."""
    text, lang = view.text, view.lang
    xs, ys = _start(x), _start(y)
    pts = [(amount.start, "A")] + [(p, t) for p, t in ((xs, "X"), (ys, "Y")) if p >= 0]
    if trig is not None:
        pts.append((trig.start, "T"))
    order = "".join(t for _, t in sorted(pts))
    on(f"ord:{order}")
    if trig is not None:
        on(f"ord:{order}|{trig.frame.kind}")
        on(f"cw:{lang}:{fold(trig.text)}")
    for tag, p, pos in (("x", x, xs), ("y", y, ys)):
        if pos < 0:
            continue
        lo, hi = sorted((pos, amount.start))
        on(f"{tag}comma:{min(text.count(',', lo, hi), 2)}")
        if any(q is not x and q is not y and q.origin == "here" and lo < q.mention.start < hi
               for q in ps):
            on(f"{tag}sep")
        run = p.mention.run_start or pos  # the name with its descriptors
        before = text[max(0, run - 30):run].split()
        if before:
            on(f"{tag}w:{lang}:{fold(before[-1])}")
            if len(before) > 1:
                on(f"{tag}w2:{lang}:{fold(before[-2])}")  # "junto con", "together with"
        if not carried and _clause_break(text, *sorted((pos, amount.start)), lang):
            # (a deal's value the rules carried from the clause before: there by design)
            on(f"{tag}clause")  # "..., while law firm X received": another clause's party
        if trig is not None:
            lo, hi = sorted((pos, trig.start))
            on(f"{tag}tcomma:{min(text.count(',', lo, hi), 2)}")
            if _clause_break(text, lo, hi, lang):
                on(f"{tag}tclause")
    for w in _window_words(text, amount.start, amount.end):
        on(f"aw:{lang}:{w}")
    for tag, p, pos in (("x", x, xs), ("y", y, ys)):
        if pos < 0:
            continue
        lo, hi = (p.mention.end, amount.start) if pos < amount.start else (amount.end, pos)
        for w in _WORDS.findall(text[lo:hi])[:8]:
            on(f"b{tag}:{lang}:{fold(w)}")


_WORDS = re.compile(r"[^\W\d_]{3,}")


def _clause_break(text: str, start: int, end: int, lang: str) -> bool:
    """A semicolon, or a comma and a word that opens a clause of its own (cues.toml
    `clause_openers`: "while", "mentre", "tandis que", "mientras", "während"), between
    `start` and `end`."""
    if ";" in text[start:end]:
        return True
    rx = _openers_re(lang)
    return rx is not None and rx.search(text, start, end) is not None


def _window_words(text: str, start: int, end: int, n: int = 6) -> set[str]:
    """The words around an amount, folded: what the amount is (a contract's value, a
    revenue, a fine) is said there, in any language's words."""
    before = _WORDS.findall(text[max(0, start - 80):start])[-n:]
    after = _WORDS.findall(text[end:end + 80])[:n]
    return {fold(w) for w in before + after}


def _salience(view: SentenceView, ps: list[Party]) -> dict[str, str]:
    """Per party, "top" when the article names it more often than the sentence's other
    parties, "below" when less often than one of them (equal counts say nothing: a
    one-sentence text); counted once per sentence. The parties of a story's payment are its
    protagonists, named again and again; a town, a person quoted or a product is named once."""
    article = view.article or view.text
    counts = {p.name: _mentions_in(article, p) for p in ps}
    top = max(counts.values(), default=0)
    alone = sum(v == top for v in counts.values()) == 1
    return {name: "top" if n == top else "below" for name, n in counts.items()
            if n < top or alone}


def _mentions_in(article: str, p: Party) -> int:
    """Times `article` names a party: its name or the words it was found as."""
    forms = {p.name, p.mention.text} if p.mention.kind == "name" else {p.name}
    return max((article.count(f) for f in forms if f), default=0)


def _shapes(p: Party, lang: str) -> list[str]:
    """What an unknown name looks like: an acronym, one word opening the sentence,
    lower-case words inside (an institution), a place, and a single word's ending (a German
    noun, a demonym), a person, common words: a party is seldom a common word, a town or a
    person."""
    name = f"{p.mention.organ} {p.name}" if p.mention.organ else p.name  # as written
    words = name.split()
    out = ["acronym"] if name.replace("-", "").isupper() else []
    if len(words) > 1 and any(w.islower() for w in words[1:]):
        out.append("lowerword")
    if "-" in name:
        out.append("hyphen")
    if p.origin == "here" and p.mention.start == 0 and len(words) == 1:
        out.append("initial")
    folded = fold(name)
    if folded in city_names(lang) or folded in country_names(lang):
        out.append("place")
    if len(words) == 1 and not name.isupper() and len(name) > 4:
        out.append(f"end:{lang}:{folded[-3:]}")
    if person_name(words, lang):
        out.append("person")  # "Florentino Pérez": people are seldom the parties
    caps = [w for w in words if w[:1].isupper()]
    if caps and all(common_word(w, lang) for w in caps):
        out.append("common")  # "Changement", "Sponsoring": a word, not a company
    return out


def _next_to(trig: Trigger, pos: int, ps: list[Party]) -> bool:
    """Whether no party of this sentence stands between the cue and the name at `pos`."""
    lo, hi = (trig.end, pos) if pos >= trig.end else (pos, trig.start)
    return not any(q.origin == "here" and lo < q.mention.start < hi for q in ps)


def _start(p: Party) -> int:
    return -1 if p.origin == "prev" else p.mention.start


def _first_unmarked(view: SentenceView, p: Party, ctx: _AmountContext) -> bool:
    left, right = ctx.clause
    first = next((m for m in view.mentions if left <= m.start < right and m.kind == "name"
                  and not m.marker), None)
    return first is p.mention


@cache
def _public_name(name: str, lang: str) -> bool:
    return fold(name) in deal_rules(lang).countries


__all__ = ["Model", "Party", "Scored", "candidates", "lead", "logit", "model", "overruled",
           "probability", "ranked_scores", "reads_before", "score_amount", "select", "shares",
           "to_candidate"]
