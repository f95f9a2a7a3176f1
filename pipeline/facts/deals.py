"""Deals: a contract, order or agreement worth an amount between two parties.

The commonest way news states a payment is not a payment verb but a deal: "X signed a
$N contract with Y", "un contratto da N con Y", "einen Vertrag über N mit Y". The deal
noun (rules/<lang>/deals.toml `nouns`, matched by lemma) ties the amount to two parties:
its signer (the clause's subject, or the possessor: "X's deal with Y") and its partner
(marked by "with", "con", "avec", "mit"). A deal alone does not say who pays, so a fact
needs a direction from the text:

- a directional word read by the verb frames (buy, supply, award, win: see frames.py)
  claims the amount first; this module only reads amounts no verb frame took;
- a public body (a ministry, an army, a city, a state: `public_heads`, country names from
  CLDR) pays the company it contracts with;
- a descriptor of one party says its side: "the planemaker Avialta", "Alstom, the train
  maker," (`seller_heads`) or "the customer" (`buyer_heads`).

Nominal payments carry their direction in the noun: "Snap's commitment to AWS", "i
pagamenti di A a B", "A's annual bill from B" (`payment_nouns`, `bill_nouns`): the
possessor pays, the marked party is paid.
Where nothing gives the direction, no fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.facts.clauses import (
    certainty,
    cue,
    parenthetical,
    period_of,
    product_after,
    resolve,
    takeover,
    with_currency,
)
from pipeline.facts.companies import Mention
from pipeline.facts.deal_words import deal_noun
from pipeline.facts.gazetteer import same_company
from pipeline.facts.money import Amount
from pipeline.facts.sides import _WORD, _Rules, is_public, rules
from pipeline.facts.sides import side as _side
from pipeline.facts.view import Candidate, SentenceView

NEAR = 90  # characters between a deal noun and its amount


def deal_candidates(view: SentenceView, prev: SentenceView | None,
                    claimed: set[tuple[int, int]]) -> list[Candidate]:
    """Payments stated as deals or nominal payments, for amounts no verb frame claimed."""
    r = rules(view.lang)
    if not (r.nouns or r.order_nouns or r.payment_nouns or r.bill_nouns or r.value_nouns):
        return []
    text = view.text
    if text.rstrip().endswith("?") or cue(view.lang, "question", text):
        return []
    nouns = _nouns(view)
    if not nouns:
        return []
    out: list[Candidate] = []
    for amount in view.amounts:
        if (amount.start, amount.end) in claimed or parenthetical(view, amount):
            continue
        amount = with_currency(view, amount)
        if amount is None:
            continue
        noun = _noun_of(view, amount, nouns, r)
        if noun is None:
            continue
        cand = _read(view, prev, amount, noun, r)
        if cand is not None:
            out.append(cand)
            claimed.add((amount.start, amount.end))
    return out


@dataclass(frozen=True)
class _Noun:
    start: int
    end: int
    word: str
    kind: str  # deal | order | payment | bill | value


def _nouns(view: SentenceView) -> list[_Noun]:
    """The deal, order, payment, bill and value nouns of a sentence."""
    out = []
    values = rules(view.lang).value_nouns
    for m in _WORD.finditer(view.text):
        kind = deal_noun(m.group(0), view.lang)
        if kind is None and m.group(0).lower() in values:
            kind = "value"
        if kind is not None:
            out.append(_Noun(m.start(), m.end(), m.group(0), kind))
    return out


def _noun_of(view: SentenceView, amount: Amount, nouns: list[_Noun], r: _Rules) -> _Noun | None:
    """The deal noun the amount is the value of: "a $5bn deal" (the noun follows within a
    few words), "a contract worth $5bn", "un contratto da 5 miliardi", "ein Auftrag im
    Wert von 5 Mrd." (the amount follows the noun, value words between)."""
    text = view.text
    best: tuple[int, _Noun] | None = None
    for n in nouns:
        if n.kind != "value" and _governed_by_value(text, n, nouns):
            continue  # "Il valore dell'ordine è pari a N": the value noun heads the phrase
        if n.end <= amount.start:
            between = text[n.end:amount.start]
            if len(between) > NEAR or re.search(r"[;:.!?]", between):
                continue
            words = [w.lower() for w in _WORD.findall(between)]
            if words and not any(w in r.value_words for w in words):
                continue
            if any(a.start >= n.end and a.end <= amount.start for a in view.amounts
                   if a is not amount and not parenthetical(view, a)):
                continue  # another amount is this noun's value
            dist = len(between)
        elif n.start >= amount.end:
            between = text[amount.end:n.start]
            if len(_WORD.findall(between)) > 3 or re.search(r"[,;:.!?()]", between):
                continue
            dist = len(between)
        else:
            continue
        # a deal noun before a value noun: "Verträge im Gesamtwert von X mit Y"
        if best is None or (n.kind == "value", dist) < (best[1].kind == "value", best[0]):
            best = (dist, n)
    return best[1] if best else None


def _governed_by_value(text: str, n: _Noun, nouns: list[_Noun]) -> bool:
    """Whether a value noun governs the deal noun `n` as its complement, one or two short
    words between ("the value of the order", "der Wert des Auftrags", "il valore
    dell'ordine", "el importe del contrato"): the phrase is the value's, and its
    article says whether the deal was named before."""
    for v in nouns:
        if v.kind == "value" and v.end <= n.start and n.start - v.end <= 12 and \
                len(_WORD.findall(text[v.end:n.start])) <= 2 and \
                not re.search(r"[,;:.!?()]", text[v.end:n.start]):
            return True
    return False


def _clause(text: str, pos: int) -> tuple[int, int]:
    left = max(text.rfind(";", 0, pos), text.rfind(":", 0, pos)) + 1
    right = min((i for i in (text.find(";", pos), text.find(":", pos)) if i >= 0),
                default=len(text))
    return left, right


def _read(view: SentenceView, prev: SentenceView | None, amount: Amount, noun: _Noun,
          r: _Rules) -> Candidate | None:
    text, lang = view.text, view.lang
    left, right = _clause(text, noun.start)
    if noun.kind == "value":  # "Der Auftragswert beläuft sich auf X": the value of the deal
        # the clause or sentence before stated; a name beside it reports or describes it
        return _carried(view, prev, amount, left, right) if _definite(text, noun, r) else None
    names = [m for m in view.mentions if left <= m.start < right and m.kind != "relative"]
    if noun.kind in ("payment", "bill"):
        return _nominal(view, prev, amount, noun, names, r, left, right)
    markers = r.partner_markers | (r.order_markers if noun.kind == "order" else frozenset())
    partner = next((m for m in names if m.marker in markers and m.marker), None)
    if noun.kind == "order":  # "un pedido de 100 aviones 737 MAX-10": the goods' maker
        from pipeline.facts.relations import goods_maker

        maker = goods_maker(view, noun.end, max(amount.start, noun.end) if amount.start >
                            noun.end else right)
        if maker is not None and (partner is None or maker.start < partner.start):
            partner = maker
    signer = next((m for m in names if m is not partner and m.start < noun.start
                   and (m.marker == "" or m.possessive) and m.kind == "name"), None)
    if noun.kind == "order" and signer is None:  # "die Bestellung der Airline bei Airbus"
        signer = next((m for m in names if m is not partner and m.start >= noun.end
                       and m.marker in r.owner_markers and m.marker
                       and (partner is None or m.start < partner.start)), None)
    if signer is None and partner is None and _definite(text, noun, r):
        return _carried(view, prev, amount, left, right)
    if signer is None and partner is not None and _definite(text, noun, r) \
            and prev is not None:
        signer = next((m for m in prev.mentions if m.kind == "name" and m.marker == ""
                       and m.name != partner.name), None)  # "the contract with Y ..."
    if signer is None or partner is None:
        return None
    signer_name = resolve(signer, view, prev, avoid=partner.name)
    partner_name = resolve(partner, view, prev, avoid=signer_name, role="other")
    if not signer_name or not partner_name or same_company(signer_name, partner_name):
        return None
    if noun.kind == "order":  # "placed an order with Y": the one who orders pays, but
        # "won an order from Y": Y ordered
        direction = "partner" if partner.marker in r.from_markers else "signer"
    else:
        direction = _direction(view, prev, signer, partner, r)
    if direction is None:
        return None
    payer, payee = (signer_name, partner_name) if direction == "signer" else \
        (partner_name, signer_name)
    if _cancelled(view, left, max(amount.end, noun.end, partner.end),
                  signer.run_start if signer.start >= left else None):
        return None
    period, term = period_of(view, amount, left, right, "deal")
    conf = 0.75 * certainty(signer) * certainty(partner) * (0.9 if amount.approx else 1.0)
    return Candidate(payer, payee, amount, period, term,
                     product_after(view, max(amount.end, noun.end, partner.end)), round(conf, 3),
                     f"{lang}.deal", view, [f"deal: the {direction} pays"])


def _definite(text: str, noun: _Noun, r: _Rules) -> bool:
    """"the contract", "der Vertrag", "il contratto": the deal was named before."""
    det = _WORD.findall(text[max(0, noun.start - 12):noun.start])
    return bool(det) and det[-1].lower() in r.definite


def _carried(view: SentenceView, prev: SentenceView | None, amount: Amount, left: int,
             right: int) -> Candidate | None:
    """The value of "the contract" here, the parties of the one payment verb that stated
    none: in the clause before the ";" or ":" ("X hat Y mit dem Ausbau beauftragt; der
    Auftrag hat ein Volumen von 63 Mio. Euro"), else in the sentence before ("Bordeaux
    Métropole a choisi Veolia. Le contrat s'élève à 417 millions d'euros")."""
    from pipeline.facts.relations import roles_without_amount

    for source, roles, conf, where in (
            (view, roles_without_amount(view, prev, left - 1) if left > 0 else [], 0.75,
             "clause"),
            (prev, roles_without_amount(prev) if prev is not None else [], 0.7, "sentence"),
            (prev, deal_roles_without_amount(prev) if prev is not None else [], 0.65,
             "deal")):
        if len(roles) != 1 or _cancelled(view, 0 if source is view else left, amount.end):
            continue
        payer, payee, rule_id = roles[0]
        period, term = period_of(view, amount, left, right, "deal")
        return Candidate(payer, payee, amount, period, term, None,
                         round(conf * (0.9 if amount.approx else 1.0), 3), rule_id + ".value",
                         view, [f"the deal's parties from the {where} before"])
    return None


def deal_roles_without_amount(view: SentenceView) -> list[tuple[str, str, str]]:
    """(payer, payee, rule id) of the deals a sentence without an amount states: "Babcock
    has signed a seven-year contract with the Ministry of Defence." (the next sentence may
    give its value: "The deal is worth about £107 million"). Read as `_read` reads a deal,
    with the clause's end standing in for the amount."""
    if view.amounts or view.text.rstrip().endswith("?"):
        return []
    r = rules(view.lang)
    out = []
    for noun in _nouns(view):
        if noun.kind not in ("deal", "order") or _definite(view.text, noun, r):
            continue  # "the contract" refers to a deal stated before, not this one
        _, right = _clause(view.text, noun.start)
        cand = _read(view, None, Amount(right, right, "", 0.0, None), noun, r)
        if cand is not None and cand.payer and cand.payee:
            out.append((cand.payer, cand.payee, cand.rule_id))
    return out if len({(p, q) for p, q, _ in out}) == 1 else []


def _direction(view: SentenceView, prev: SentenceView | None, signer: Mention,
               partner: Mention, r: _Rules) -> str | None:
    """"signer" when the signer pays, "partner" when the partner pays, else None."""
    pub_s, pub_p = is_public(signer, view.lang), is_public(partner, view.lang)
    if pub_s != pub_p:
        return "signer" if pub_s else "partner"
    side_s, side_p = _side(view, signer, r), _side(view, partner, r)
    if side_s == "seller" or side_p == "buyer":
        return None if side_p == "seller" or side_s == "buyer" else "partner"
    if side_s == "buyer" or side_p == "seller":
        return "signer"
    return None


def _nominal(view: SentenceView, prev: SentenceView | None, amount: Amount, noun: _Noun,
             names: list[Mention], r: _Rules, left: int, right: int) -> Candidate | None:
    """"Snap's commitment to AWS", "i pagamenti di A a B", "A's bill from B": the owner
    of the noun pays, the party marked after it is paid."""
    text = view.text
    markers = r.from_markers if noun.kind == "bill" else r.payee_markers
    after = [m for m in names if m.start >= noun.end]
    payee = next((m for m in after if m.marker in markers and m.marker), None)
    owner = next((m for m in reversed(names) if m.end <= noun.start and m.possessive
                  and not text[m.end:noun.start].strip(" ’'s").count(",")), None)
    if owner is None:
        owner = next((m for m in after if m.marker in r.owner_markers and m.marker
                      and (payee is None or m.start < payee.start)), None)
    if owner is None and payee is None and noun.kind == "payment":
        # "Snap firmó con AWS un compromiso de gasto de ...": the subject commits, the
        # partner is paid
        payee = next((m for m in names if m.marker in r.partner_markers), None)
        owner = next((m for m in names if m.end <= noun.start and m.marker == ""
                      and m.kind == "name" and m is not payee), None)
    if owner is None or payee is None:
        return None
    payer_name = resolve(owner, view, prev, avoid=None)
    payee_name = resolve(payee, view, prev, avoid=payer_name, role="other")
    if not payer_name or not payee_name or same_company(payer_name, payee_name):
        return None
    if _cancelled(view, left, max(amount.end, payee.end)):
        return None
    period, term = period_of(view, amount, left, right, "pay")
    conf = 0.8 * certainty(owner) * certainty(payee) * (0.9 if amount.approx else 1.0)
    return Candidate(payer_name, payee_name, amount, period, term, None, round(conf, 3),
                     f"{view.lang}.deal.{noun.kind}", view, ["nominal payment"])


def _cancelled(view: SentenceView, start: int, end: int, subject: int | None = None) -> bool:
    """Negation and hypotheticals in the clause; non-payments (takeovers, funding, fines)
    from its subject on (`subject`), so that a lead-in before it ("Shares of X rose after
    the ministry signed ...") cancels nothing."""
    scope = view.text[start:end]
    if any(cue(view.lang, k, scope) for k in ("negation", "hypothetical")):
        return True
    if subject is not None and subject > start:
        start, scope = subject, view.text[subject:end]
    return cue(view.lang, "non_payment", scope) is not None or takeover(view, start, end)
