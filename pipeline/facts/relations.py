"""Role assembly: from verbs, names, amounts and periods in a sentence to payment facts.

A payment verb (rules/<lang>/verbs.jsonl) has a frame: the role of its subject (payer or
payee) and the words that mark the other party ("to", "a", "von", "à", "por"; "" = a bare
object between the verb and the amount). The subject is the nearest unmarked name before
the verb (appositions skipped), or the first one after it when nothing precedes (German
verb-second); back-references ("the company", "it", "celui-ci", "le") take the name they
point to. Negation, hypothetical, question and non-payment cues (rules/<lang>/cues.toml)
cancel a fact: a wrong fact costs more than a missed one.

Confidence = frame strength x certainty of each party (gazetteer/ORG 1.0, other name 0.95,
back-reference 0.85, left-out subject 0.8) x 0.9 when the amount is hedged x 0.9 when the
amount precedes the verb or lies far from it x 0.9 for a subject after the verb.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.facts.clauses import (
    STAKE,
    certainty,
    cue,
    cue_re,
    cues,
    head_named,
    legal_cause,
    named_reference,
    other_clause,
    parenthetical,
    period_of,
    product_after,
    product_marker_re,
    resolve,
    takeover,
    with_currency,
)
from pipeline.facts.companies import Mention, find_mentions, participle, resolve_nicknames
from pipeline.facts.company_rules import rules
from pipeline.facts.deal_words import deal_noun
from pipeline.facts.frames import Frame, Trigger, deal_nouns, find_triggers, frames
from pipeline.facts.frames import phrase as _phrase
from pipeline.facts.gazetteer import model_makers, same_company
from pipeline.facts.lemmas import lemma
from pipeline.facts.lexicon import lang_toml
from pipeline.facts.links import find_links
from pipeline.facts.money import Amount, find_amounts
from pipeline.facts.periods import find_periods
from pipeline.facts.phrases import alternation
from pipeline.facts.sides import rules as deal_rules
from pipeline.facts.sides import side
from pipeline.facts.view import Candidate, SentenceView
from pipeline.records import CompanyLink

FAR = 80  # characters between verb and amount beyond which confidence drops


def _companies(lang: str) -> dict:
    return lang_toml(lang, "companies")


# --- sentence analysis -----------------------------------------------------------------


def analyse_sentence(text: str, lang: str, offset: int = 0,
                     org_spans: list[tuple[int, int]] = (),
                     amounts: list[Amount] | None = None,
                     article: str = "") -> SentenceView:
    """Amounts, periods, payment verbs and company mentions of one sentence (`amounts`:
    what find_amounts already returned for this sentence, if known; `article`: the whole
    text it belongs to, which says what club a nickname stands for)."""
    if amounts is None:
        amounts = find_amounts(text, lang)
    masks = [(a.start, a.end) for a in amounts]  # "(N3.68 billion)": no name in any amount
    amounts = [a for a in amounts if not a.per_unit and not a.restated]  # a unit's price,
    # or another amount restated in a currency not known, is no sum paid
    periods = [p for p in find_periods(text, lang, amounts)
               if not any(a.start < p.end and p.start < a.end for a in amounts)]
    triggers = [t for t in find_triggers(text, lang)  # "3.2 billion won": a currency
                if not any(a.start < t.end and t.start < a.end for a in amounts)]
    masks += [(t.start, t.end) for t in triggers]
    stops = [(t.start, t.end) for t in triggers]
    mentions = resolve_nicknames(
        find_mentions(text, lang, masks=masks, stops=stops, org_spans=org_spans), lang,
        article or text)
    return SentenceView(text, offset, lang, amounts, periods, triggers, mentions, article)


def links_in(view: SentenceView) -> list[CompanyLink]:
    return find_links(view.text, view.lang, view.mentions, view.offset)


# --- role assembly ---------------------------------------------------------------------


def assemble(view: SentenceView, prev: SentenceView | None = None) -> list[Candidate]:
    """Payment candidates of one sentence; `prev` (the sentence before) resolves references."""
    out: list[Candidate] = []
    text = view.text
    if text.rstrip().endswith("?") or cue(view.lang, "question", text):
        return out
    used: set[tuple[int, int]] = set()
    for n, trig in enumerate(view.triggers):
        right_bound = _right_bound(view, n)
        left_bound = _clause_start(view, trig, _left_bound(text, trig.start))
        prev_end = view.triggers[n - 1].end if n else 0
        amount, before = _pick_amount(view, trig, right_bound, prev_end)
        if amount is None or (amount.start, amount.end) in used:
            continue  # an amount belongs to one verb: the first that claimed it
        if _purpose_after_deal(view, trig):
            continue  # "X firmó con Y para construir ...": the deal's words decide
        if not before and _aside_verb(view, n, amount):
            continue  # "adjudicó a X, el astillero que Y compró en 2009, ... por N": the
            # relative clause closed before the amount, which is the main verb's
        # a verb that closes its clause ("Vodafone muss 2,1 Mrd. Euro zahlen, die Telekom
        # 1,8 Mrd."): its complements stand before it
        roles_bound = trig.end if before and _closes_clause(view, trig) else right_bound
        cand = _roles(view, prev, trig, amount, before, left_bound, roles_bound)
        if cand is None:
            continue
        out.append(cand)
        out.extend(_coordinated(view, cand, trig, right_bound))
        # a partial reading (no payee) leaves its amount to a later verb ("destinó 4
        # millones a pagar a X")
        used.update((c.amount.start, c.amount.end) for c in out if c.payer and c.payee)
    # an amount no verb took may belong to an earlier verb across a later one that found
    # no reading ("ha adjudicado a X un contrato para suministrar ..., por 29,6 millones")
    for trig in view.triggers:
        if any(c.sentence is view and c.rule_id.startswith(trig.frame.id) and
               c.amount.start > trig.start for c in out) or _closes_clause(view, trig):
            continue
        clause_end = _right_bound(view, len(view.triggers) - 1)
        rest = [a for a in view.amounts if trig.end <= a.start < clause_end
                and (a.start, a.end) not in used and not parenthetical(view, a)]
        if not rest or trig.frame.subject not in ("payer", "payee") or \
                _purpose_after_deal(view, trig):
            continue
        amount = with_currency(view, rest[0])
        if amount is None:
            continue
        cand = _roles(view, prev, trig, amount, False, _left_bound(text, trig.start),
                      clause_end)
        if cand is not None:
            cand.confidence = round(cand.confidence * 0.9, 3)
            cand.notes.append("amount past a later verb")
            out.append(cand)
            used.add((amount.start, amount.end))
    return out


def roles_without_amount(view: SentenceView, prev: SentenceView | None = None,
                         boundary: int | None = None) -> list[tuple[str, str, str]]:
    """(payer, payee, rule id) of the payment verbs before `boundary` (the whole sentence by
    default) when no amount stands there: "SNCF a choisi Alstom pour ses trains." (the next
    sentence may give the deal's value: "Le contrat s'élève à 600 millions d'euros"), or "X
    hat Y mit dem Ausbau beauftragt; der Auftragswert beläuft sich auf 63 Mio. Euro" (the
    clause after the ";" gives it)."""
    text = view.text
    whole = boundary is None
    boundary = len(text) if boundary is None else boundary
    if any(a.start < boundary for a in view.amounts) or text.rstrip().endswith("?"):
        return []
    out = []
    end = Amount(boundary, boundary, "", 0.0, None)  # stands past every party
    # a verb-final clause before a ";" ("X hat Y mit ... beauftragt; der Auftrag ..."): both
    # names stand before the verb, as they do before an amount that comes first (a whole
    # sentence before keeps the plain reading)
    final = not whole and bool(cues(view.lang).get("verb_final"))
    for n, trig in enumerate(view.triggers):
        if trig.start >= boundary or trig.frame.subject not in ("payer", "payee"):
            continue
        cand = _roles(view, prev, trig, end, final, _left_bound(text, trig.start),
                      min(_right_bound(view, n), boundary))
        if cand is not None and cand.payer and cand.payee:
            out.append((cand.payer, cand.payee, trig.frame.id))
    return out


def _without_asides(view: SentenceView, start: int, amount_start: int, end: int) -> str:
    """`text[start:end]` with the relative clauses set off by commas between the verb and
    the amount blanked: "ha affidato a X, la ditta che Y ha rilevato nel 2019, la
    manutenzione per 3 milioni" (the takeover describes X; it cancels no payment)."""
    text = view.text[start:end]
    if cues(view.lang).get("relatives_are_articles") or amount_start <= start:
        return text
    rel = _relative_word_re(view.lang)
    out = text
    for m in re.finditer(r",[^,;:]*,", view.text[start:amount_start]):
        if rel.search(m.group()):
            out = out[:m.start()] + " " * (m.end() - m.start()) + out[m.end():]
    return out


def _aside_verb(view: SentenceView, n: int, amount: Amount) -> bool:
    """Whether trigger `n` is the verb of a relative clause set off by a comma and closed by
    another before `amount`, after a payment verb of the main clause: "ha adjudicado a X,
    el astillero que Y compró en 2009, el diseño ... por 795 millones" (the amount is the
    award's, not the purchase's)."""
    trig, text = view.triggers[n], view.text
    if cues(view.lang).get("relatives_are_articles"):
        return False  # German "die": no sure relative clause
    opened = text.rfind(",", 0, trig.start)
    if opened < 0 or "," not in text[trig.end:amount.start]:
        return False
    if not _relative_word_re(view.lang).search(text, opened, trig.start):
        return False
    return any(t.end <= opened and t.frame.subject in ("payer", "payee")
               for t in view.triggers[:n])


def _right_bound(view: SentenceView, n: int) -> int:
    text = view.text
    end = len(text)
    if n + 1 < len(view.triggers):
        end = view.triggers[n + 1].start
    semi = text.find(";", view.triggers[n].end)
    return min(end, semi) if semi >= 0 else end


def _period_bound(view: SentenceView, amount: Amount, right_bound: int) -> int:
    """Where the amount's period may stand: past the next cue when nothing parts it from the
    amount ("paid Unity $3.1 million in licence fees in 2023": "licence" is a cue of its own,
    the year still dates the payment), up to the next semicolon."""
    text = view.text
    if right_bound >= len(text) or amount.end > right_bound or \
            other_clause(view, amount.end, right_bound):
        return right_bound
    semi = text.find(";", right_bound)
    return semi if semi >= 0 else len(text)


def _clause_start(view: SentenceView, trig: Trigger, left_bound: int) -> int:
    """"X erhält von Y 9 Mio., während Z dem W 5 Mio. überweist", "X pays Y $5m, while Z
    pays W $3m": after a comma and a coordinator a clause with a subject of its own starts;
    names before it belong to the other clause. Without a name of its own ("..., and pays
    W") the clause shares the first one's subject."""
    rx = _coordinated_re(view.lang)
    if rx is None:
        return left_bound
    starts = [m.end() for m in rx.finditer(view.text, left_bound, trig.start)]
    if not starts:
        return left_bound
    start = starts[-1]
    subject_articles = set(cues(view.lang).get("subject_articles", []))
    own = any(start <= m.start and m.end <= trig.start and m.kind == "name"
              and (m.marker == "" or m.marker in subject_articles) for m in view.mentions)
    return start if own else left_bound


@cache
def _coordinated_re(lang: str) -> re.Pattern[str] | None:
    words = cues(lang).get("coordinators", [])
    if not words:
        return None
    return re.compile(rf",\s*(?:{alternation(words)})(?!\w)", re.IGNORECASE)


def _left_bound(text: str, pos: int) -> int:
    cut = max(text.rfind(";", 0, pos), text.rfind(":", 0, pos))
    return cut + 1 if cut >= 0 else 0


def _closes_clause(view: SentenceView, trig: Trigger) -> bool:
    """Whether the verb ends its clause in a verb-final language (cues.toml `verb_final`):
    a comma right after it, so what follows is another clause's."""
    return bool(cues(view.lang).get("verb_final")) and \
        view.text[trig.end:].lstrip().startswith(",")


def _pick_amount(view: SentenceView, trig: Trigger, right_bound: int, prev_end: int
                 ) -> tuple[Amount | None, bool]:
    after = [a for a in view.amounts if trig.end <= a.start < right_bound
             and not parenthetical(view, a)]
    flow_after: list[Amount] = []
    if trig.frame.subject == "flow":  # the money is the subject: "3 Mio. Euro fließen an X"
        after, flow_after = [], after if trig.frame.sources else []
    before = [a for a in view.amounts if prev_end <= a.start and a.end <= trig.start
              and not parenthetical(view, a)]
    if after and before and _closes_clause(view, trig) and \
            "," not in view.text[before[-1].end:trig.start]:
        # "das 110 Mio. Euro an Microsoft zahlte, gefolgt vom Innenministerium mit 40 Mio.
        # Euro": the verb's amount is the one before it
        return with_currency(view, before[-1]), True
    if after:
        return with_currency(view, after[0]), False
    if before:
        return with_currency(view, before[-1]), True
    if flow_after:  # inverted: "An X fließen von Y monatlich 250.000 Euro"
        return with_currency(view, flow_after[0]), False
    return None, False


def _participle_subject(view: SentenceView, trig: Trigger, parties: list[Mention]
                        ) -> Mention | None:
    """The subject of a sentence a participle's clause opens, when the cue stands in that
    clause: "Having committed to pay the NFL $1 billion a year ..., Amazon is now ...". The
    clause ends at its first comma; the name right after it, unmarked, is who acts."""
    text = view.text
    first = re.match(r"\s*([^\W\d_]+)", text)
    if first is None or not participle(first.group(1), view.lang):
        return None
    comma = text.find(",", trig.end)
    if comma < 0 or any(c in text[:trig.start] for c in ",;:"):
        return None
    after = next((m for m in parties if m.start > comma), None)
    if after is None or after.marker or after.kind != "name" or \
            text[comma + 1:after.run_start if after.run_start > comma else after.start].strip():
        return None
    return after


def _roles(view: SentenceView, prev: SentenceView | None, trig: Trigger, amount: Amount,
           amount_before: bool, left_bound: int, right_bound: int) -> Candidate | None:
    lang, text, frame = view.lang, view.text, trig.frame
    notes: list[str] = []
    subject_articles = set(cues(lang).get("subject_articles", []))
    parties = [m for m in view.mentions if not (m.possessive and not m.marker)]
    left = [m for m in parties if left_bound <= m.start and m.end <= trig.start]
    right = [m for m in parties if trig.end <= m.start < right_bound]

    if frame.subject == "flow":
        return _flow(view, trig, amount, right, left_bound)
    if frame.subject == "cost":
        return _cost(view, trig, amount, left_bound, right_bound)
    # verb-final clauses: names between the amount and the verb are in its complements
    # amount and verb in one clause, the verb last (German): names between them are its
    # complements; English and Romance word order put the subject right before the verb
    final = amount_before and amount.start >= left_bound and bool(cues(lang).get("verb_final"))
    if _after_and(view, trig):  # "X pays Y $5m and pays Z $1m": the first clause's subject
        subject = next((m for m in left if m.marker == "" and m.kind == "name"), None)
    else:
        subject = _left_subject(view, [m for m in left if not final or m.end <= amount.start],
                                trig)
    if subject is None and subject_articles:  # "dass der Fahrdienst X dem Y ... zahlt"
        subject = next((m for m in reversed(left) if m.marker in subject_articles
                        and m.end <= amount.start and final), None)
    inverted = False
    if subject is None:
        subject = _participle_subject(view, trig, parties)
        if subject is not None:
            right = [m for m in right if m is not subject]
            notes.append("subject of the participle's clause")
    if subject is None and right and (right[0].marker == "" or
                                      right[0].marker in subject_articles):
        if amount_before or right[0].end <= amount.start or len(right) > 1:
            subject, right, inverted = right[0], right[1:], True
            notes.append("subject after verb")
    other = None
    closes = bool(cues(lang).get("verb_final")) and \
        re.match(r"\s*(?:[,;:.!?]|$)", text[trig.end:]) is not None
    if subject is not None and (amount_before or closes) and "" in frame.markers and \
            not _relative_between(text, subject.end, trig.start, lang):
        # verb-final clause with two bare names: "Strela wird Pixwerk ... 80 Mio. Euro zahlen"
        # (not when the subject is a relative pronoun's antecedent: "Größter Kunde war X, das
        # 110 Mio. Euro an Y zahlte"); also with the amount in a later clause, the verb
        # closing its own ("hat der Gemeinderat die EMB beauftragt, der Auftragswert ...")
        earlier = [m for m in left if m.end <= subject.start and m.marker == ""
                   and "," not in text[m.end:subject.start]]
        between = [m for m in left if earlier and earlier[-1].end <= m.start < trig.start]
        if earlier and subject.end <= amount.start and \
                (amount_before or (len(earlier) == 1 and between == [subject])):
            # (the later clause's amount: only two names, the subject and the object)
            subject, other = earlier[-1], subject
    other = other or _other(right, left, frame, amount, subject, amount_before, view,
                            trig.start)
    if other is None and frame.subject == "payer" and frame.kind in ("buy", "award"):
        other = goods_maker(view, trig.end, right_bound, subject)
        if other is not None:
            notes.append("seller: the maker of the goods")
    if _shared(view, subject, other, amount):
        return None
    sure = {"subject": 1.0, "other": 1.0}
    if other is None:
        other = _clitic(view, trig, prev, subject)
        if other is not None:
            sure["other"] = 0.8
            notes.append("clitic payee")
    if other is None and frame.kind == "pay" and frame.subject == "payer":
        other = _described_other(view, prev, trig, amount, subject)
        if other is not None:
            sure["other"] = 0.7
            notes.append("payee by description")
    if other is None and frame.kind == "pay" and frame.subject == "payer":
        other = _deal_partner(view, trig, subject) or _prior_deal_partner(view, prev, subject)
        if other is not None:
            sure["other"] = 0.8
            notes.append("payee: the partner of the deal it pays under")
    if subject is None and "payee by description" not in notes:
        subject = _dropped_subject(view, prev, trig, left_bound, other)
        if subject is not None:
            sure["subject"] = 0.8
            notes.append("left-out subject")
    other_hint = other.name if other is not None and other.kind == "name" else \
        named_reference(other, view, prev)  # "pay the university", "dalla banca": its name
    subj_name = resolve(subject, view, prev, avoid=other_hint)
    other_name = resolve(other, view, prev, avoid=subj_name, role="other")
    if subject is not None and subj_name is None:
        return None
    if subj_name and other_name and same_company(subj_name, other_name):
        return None
    if subj_name is None:
        return None

    scope_start = min(left_bound, subject.start) if subject.start >= 0 else left_bound
    scope_start = _clause_opened(view, scope_start, min(trig.start, subject.start)
                                 if subject.start >= 0 else trig.start)
    scope_end = max(amount.end, other.end if other is not None and other.start >= 0 else 0)
    comma = text.find(",", scope_end)
    scope_end = _purpose_start(view, scope_end, comma if comma >= 0 else len(text))
    scope = text[max(scope_start, 0):scope_end]
    if any(cue(lang, key, scope) for key in ("negation", "hypothetical")):
        return None
    np_start = min(trig.start, max(0, amount.start - 25))
    np_end = max(amount.end, trig.end)
    clause_end = re.search(r"[,;:.](?:\s|$)", text[amount.end:])
    extra = min(clause_end.start(), 60) if clause_end else 60  # not past the amount's phrase
    np_end = max(np_end, min(len(text), amount.end + extra))
    if other is not None and other.start >= 0:
        np_end = max(np_end, other.start)
    window = text[np_start:trig.start] + " " * (trig.end - trig.start) + \
        _without_asides(view, trig.end, amount.start, np_end)
    if cue(lang, "non_payment", window) or takeover(view, np_start, np_end) or \
            STAKE.search(window) or _paid_for_before(view, left_bound, np_start) or \
            legal_cause(view, amount.end):
        return None  # the verb itself is masked: "agreed to buy $1bn of storage from X" stays

    period, term = period_of(view, amount, min(left_bound, amount.start),
                             _period_bound(view, amount, right_bound), frame.kind)
    conf = frame.strength
    for m, key in ((subject, "subject"), (other, "other")):
        if m is not None:
            conf *= sure[key] * certainty(m)
    if amount.approx:
        conf *= 0.9
    if amount_before or abs(amount.start - trig.end) > FAR:
        conf *= 0.9
    if inverted:
        conf *= 0.9
    pays = frame.subject == "payer"
    if frame.kind in ("award", "win") and _rights(view, trig, amount):
        pays = not pays  # "awarded Dazn the TV rights", "won the rights": the winner pays
        notes.append("rights change hands")
    payer, payee = (subj_name, other_name) if pays else (other_name, subj_name)
    product = product_after(view, max(amount.end, trig.end,
                                 other.end if other is not None and other.start >= 0 else 0))
    return Candidate(payer, payee, amount, period, term, product, round(conf, 3), frame.id,
                     view, notes)


def goods_maker(view: SentenceView, start: int, end: int, avoid: Mention | None = None
                ) -> Mention | None:
    """"Delta ordered 100 737 MAX-10s for $13.5bn": with no seller named, the maker of the
    model designator in the goods (gazetteer `models`) sells; the first one between `start`
    and `end`, never the buyer itself."""
    for s, e, maker in model_makers(view.text[start:end]):
        if avoid is not None and same_company(maker, avoid.name):
            continue
        return Mention(start + s, start + e, view.text[start + s:start + e], maker, known=True,
                       run_start=start + s)
    return None


def _flow(view: SentenceView, trig: Trigger, amount: Amount, right: list[Mention],
          left_bound: int) -> Candidate | None:
    """Money as subject: "3 Mio. Euro pro Monat fließen an X", "90.000 euro versati a X".

    The payee is marked after the verb; the payer is the first unmarked name earlier in
    the sentence ("Die Bahn-Tochter Y hat zwei Verträge: ..."), or the only name before,
    in a genitive ("nel bilancio di Y": whose accounts), never a guess from elsewhere.
    With `sources`, the payee may be fronted and the payer marked after the verb ("A X
    vanno 3 milioni di euro da Y"); when the amount follows the verb only a marked payer
    counts.
    """
    marked = [m for m in trig.frame.markers if m]
    payee = next((m for m in right if m.kind == "name" and m.marker in marked), None)
    earlier = [m for m in view.mentions if m.kind == "name"
               and m.end <= min(trig.start, amount.start)]
    payer = next((m for m in earlier if m.marker == ""), None)
    others = [m for m in earlier if m.marker not in marked]  # not a payee listed before
    owner = payer is None and len(others) == 1 and \
        others[0].marker in rules(view.lang).genitives
    if owner:  # "Nel bilancio di X compaiono ... 90.000 euro versati a Y": whose accounts
        payer = others[0]  # the money leaves, when no other name comes before it
    if trig.frame.sources and (payee is None or payer is None or amount.start > trig.start):
        # a payer marked after the verb: "A X vanno ogni anno 3 milioni di euro da Y",
        # "An X fließen von der Y monatlich 250.000 Euro", "fließen 5 Mio. Euro von Y an X"
        clause_end = view.text.find(",", trig.end)
        clause_end = clause_end if clause_end >= 0 else len(view.text)
        source = next((m for m in right if m.kind == "name" and m.start < clause_end
                       and m.marker in trig.frame.sources), None)
        first = next((m for m in view.mentions if m.kind == "name"
                      and left_bound <= m.start < trig.start), None)
        if payee is None and first is not None and first.marker in marked and \
                not re.search(r"[,;:]", view.text[left_bound:trig.start]):
            payee = first  # fronted payee
        if amount.start > trig.start:  # inverted order: only a marked payer counts, and
            payer = source  # a payee after the verb comes after it ("von Y an X")
            if payer is not None and payee is not None and trig.end <= payee.start < payer.start:
                payer = None
        elif payer is None:  # a participle's agent: "22 millions d'euros annuels payés par
            payer = source  # Etihad à Manchester City", "pagados por X a Y"
    if payee is None or payer is None or same_company(payer.name, payee.name):
        return None
    coord = cue_re(view.lang, "coordinators")
    if coord is not None and coord.match(view.text[payee.end:payee.end + 8].lstrip()) and \
            any(x.kind == "name" and payee.end < x.start <= payee.end + 20
                for x in view.mentions):
        return None  # "fließen vom Bund an Microsoft und Oracle": one sum, two payees
    scope = view.text[:max(amount.end, payee.end)]
    if any(cue(view.lang, k, scope) for k in ("negation", "hypothetical")):
        return None
    if cue(view.lang, "non_payment", view.text[max(0, amount.start - 25):
                                                max(payee.start, amount.end + 30)]):
        return None
    period, term = period_of(view, amount, left_bound, len(view.text))
    conf = trig.frame.strength * certainty(payer) * certainty(payee)
    conf *= 0.9 if amount.approx else 1.0
    owner = owner and payer is others[0]  # not a payer marked after the verb instead
    conf *= 0.8 if owner else 1.0
    return Candidate(payer.name, payee.name, amount, period, term,
                     product_after(view, payee.end), round(conf, 3), trig.frame.id, view,
                     ["payer: whose accounts" if owner else "payer from the sentence"])


def _cost(view: SentenceView, trig: Trigger, amount: Amount, left_bound: int,
          right_bound: int) -> Candidate | None:
    """"N Euro kostet den X die Schnittstelle von Y": X pays Y (the thing's owner)."""
    frame = trig.frame
    names = [m for m in view.mentions if m.kind == "name" and left_bound <= m.start < right_bound]
    payer = next((m for m in names if m.marker in frame.markers and m.marker
                  and m.start > trig.end), None)
    owners = set(frame.owners) | set(cues(view.lang).get("genitives", []))
    reflexive = _reflexive_cost(view, trig, left_bound)
    if reflexive is not None:  # "X lässt sich die Cloud von Y 5 Mio. Euro kosten": X pays
        subject_articles = set(cues(view.lang).get("subject_articles", []))
        payer = next((m for m in names if m.start < trig.start and m.kind == "name" and
                      (m.marker == "" or m.marker in subject_articles)), None)
    payee = next((m for m in names if (m.marker in frame.owners or (
        reflexive is not None and m.marker in owners)) and m is not payer
        and (reflexive is None or m.start > reflexive)), None)
    if payer is None or payee is None or same_company(payer.name, payee.name):
        return None
    scope = view.text[left_bound:max(amount.end, payee.end, payer.end)]
    if any(cue(view.lang, k, scope) for k in ("negation", "hypothetical", "non_payment")):
        return None
    period, term = period_of(view, amount, left_bound, right_bound, "cost")
    conf = frame.strength * certainty(payer) * certainty(payee)
    conf *= 0.9 if amount.approx else 1.0
    return Candidate(payer.name, payee.name, amount, period, term, None, round(conf, 3),
                     frame.id, view, ["payee owns what is paid for"])


def _reflexive_cost(view: SentenceView, trig: Trigger, left_bound: int) -> int | None:
    """Where "lässt sich" ends before a cost verb ("X lässt sich das Logo 10 Mio. Euro
    kosten": X pays), from cues.toml `reflexive_cost`; else None."""
    words = cues(view.lang).get("reflexive_cost", [])
    if not words:
        return None
    alts = "|".join(re.escape(w).replace("\\ ", r"\s+") for w in words)
    hits = list(re.finditer(rf"(?<!\w)(?:{alts})(?!\w)", view.text[left_bound:trig.start]))
    return left_bound + hits[-1].end() if hits else None


@cache
def _and_res(lang: str) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """("and" + optional adverb right before a verb, "and" joining two names) for `lang`."""
    words = cues(lang).get("and_words", [])
    if not words:
        return None
    alts = "|".join(_phrase(w) for w in words)
    return (re.compile(rf"(?<!\w)(?:{alts})\s+(?:(?-i:[a-zß-ÿ]+)\s+)?$", re.IGNORECASE),
            re.compile(rf"\s+(?:{alts})\s+(?:\w+['’]?\s*){{0,1}}", re.IGNORECASE))


def _after_and(view: SentenceView, trig: Trigger) -> bool:
    """Whether the verb opens a coordinated clause without its own subject ("and pays")."""
    rx = _and_res(view.lang)
    return rx is not None and rx[0].search(view.text[:trig.start]) is not None


def _shared(view: SentenceView, subject: Mention | None, other: Mention | None,
            amount: Amount) -> bool:
    """"X and Y pay Z $5m", "X pays Y and Z a combined $5m": the amount is shared."""
    rx = _and_res(view.lang)
    if rx is None:
        return False
    joint = rx[1]
    names = [m for m in view.mentions if m.kind == "name"]
    for party in (subject, other):
        if party is None or party.start < 0:
            continue
        for m in names:
            if m is party:
                continue
            a, b = (m, party) if m.end <= party.start else (party, m)
            if b.start > amount.start and b.start >= party.start and party.start < amount.start:
                continue  # a name after the amount belongs to another clause
            if b is m and _gapped_subject(view, a, b):
                continue  # "... da Lumia e il Brentano 3 milioni da Sarfa": a new clause
                # with the verb left out, not a co-party
            if joint.fullmatch(view.text[a.end:b.start]):
                return True
    return False


def _gapped_subject(view: SentenceView, a: Mention, b: Mention) -> bool:
    """Whether `b`, joined to `a` by a coordinator, subjects a clause without its verb: an
    amount right after it, and a comma or an article before it ("..., e il Sassuolo 18
    milioni"); not "Maple Leaf Sports and Entertainment C$800 million"."""
    if not any(x.start >= b.end and not view.text[b.end:x.start].strip()
               for x in view.amounts):
        return False
    between = view.text[a.end:b.start]
    words = between.lower().replace("'", "' ").split()
    return "," in between or (bool(words) and words[-1] in rules(view.lang).articles)


@cache
def _relative_ends(lang: str) -> list[tuple[str, re.Pattern[str]]]:
    """(relative word, regex for it ending a text), longest first: "X, which pays Y",
    "X, which already pays Y", "X, che per i diritti aveva pagato" (up to four lower-case
    words between)."""
    relatives = sorted(cues(lang).get("relatives", []), key=len, reverse=True)
    return [(rel, re.compile(rf"(?<!\w)(?i:{re.escape(rel)})(?:\s+[a-zà-öø-ÿß]+){{0,4}}$"))
            for rel in relatives]


def _clause_opened(view: SentenceView, start: int, end: int) -> int:
    """Where the clause of a subject or verb at `end` opens after a comma and a word that
    starts a clause of its own ("Arsenal n'est pas en reste, puisque X s'est engagé à lui
    payer ...": cues.toml `clause_openers`); a negation before it is another clause's."""
    rx = _openers_re(view.lang)
    if rx is None or end <= start:
        return start
    found = [m.start() for m in rx.finditer(view.text, start, end)]
    return found[-1] if found else start


@cache
def _openers_re(lang: str) -> re.Pattern[str] | None:
    words = cues(lang).get("clause_openers", [])
    return re.compile(rf",\s+(?:{alternation(words)})(?!\w)", re.IGNORECASE) if words else None


def _left_subject(view: SentenceView, left: list[Mention], trig: Trigger) -> Mention | None:
    text = view.text
    prefix = text[:trig.start].rstrip()
    relative = False
    for _rel, rel_rx in _relative_ends(view.lang):
        found = rel_rx.search(prefix)
        if found:
            prefix = prefix[:found.start()].rstrip()
            relative = True
            break
    skip: tuple[int, int] | None = None
    if relative and prefix.endswith(","):  # "X, which pays Y": the antecedent is the subject
        # whatever governs it in its own clause ("a portfolio at Apple, which pays")
        ante = [m for m in left if m.kind == "name"
                and not prefix[m.end:len(prefix) - 1].strip()]
        genitives = set(cues(view.lang).get("genitives", []))
        if ante and ante[-1].marker in genitives:
            # "C'est X, filiale du groupe Y, qui paie": Y qualifies an apposition to X (set
            # off by a comma; "la Serie B è stata un'esclusiva di Sky, che ha versato": no
            # apposition, Sky is the antecedent)
            if "," in prefix[:ante[-1].start]:
                ante = [m for m in left if m.kind == "name" and m.marker == ""
                        and m.end <= ante[-1].start]
        if ante:
            return ante[-1]
    if prefix.endswith(","):
        open_comma = text.rfind(",", 0, len(prefix) - 1)
        if open_comma < 0:
            return None  # "Wie Insider berichten, zahlt X": the name before is another clause
        skip = (open_comma, len(prefix))
    for m in reversed(left):
        if skip and skip[0] < m.start < skip[1]:
            continue
        if m.marker == "" and not _in_relative_aside(text, m, view.lang, trig.start):
            return m
    return None


def _relative_between(text: str, start: int, end: int, lang: str) -> bool:
    """Whether a comma and a relative pronoun open a clause between `start` and `end`."""
    rx = _comma_relative_re(lang)
    return rx is not None and rx.search(text, start, end) is not None


@cache
def _comma_relative_re(lang: str) -> re.Pattern[str] | None:
    words = cues(lang).get("relatives", [])
    return re.compile(rf",\s*(?i:{alternation(words)})(?!\w)") if words else None


def _in_relative_aside(text: str, m: Mention, lang: str, trig_start: int) -> bool:
    """Whether `m` stands in a relative clause set off by commas and closed before the verb
    ("Il gruppo Discovery, che controlla Eurosport, si era assicurato ... versando": the
    subject is Discovery, not Eurosport)."""
    open_at = text.rfind(",", 0, m.start)
    close_at = text.find(",", m.end, trig_start)
    if open_at < 0 or close_at < 0 or "," in text[open_at + 1:m.start]:
        return False
    first = re.findall(r"[^\W\d_]+", text[open_at + 1:m.start].lower())[:1]
    relatives = {w.split()[0].lower() for w in cues(lang).get("relatives", [])}
    return bool(first) and first[0] in relatives and \
        not cues(lang).get("relatives_are_articles")  # German "die": no sure relative clause


def _other(right: list[Mention], left: list[Mention], frame: Frame, amount: Amount,
           subject: Mention | None, amount_before: bool, view: SentenceView | None = None,
           trig_start: int = -1) -> Mention | None:
    found = _other_mention(right, left, frame, amount, subject, amount_before,
                           view.text if view is not None else "", trig_start)
    if found is None or not frame.through or view is None:
        return found
    # "für die Cloud von Amazon", "on the cloud of X": the owner after a genitive is the party
    genitives = cues(view.lang).get("genitives", [])
    later = [m for m in right if m.start >= found.end and m.kind == "name"]
    if later and genitives and re.fullmatch(
            rf"\s*(?:{'|'.join(re.escape(g) for g in genitives)})\s*", view.text[found.end:later[0].start],
            re.IGNORECASE):
        return later[0]
    return found


def _attributive(text: str, m: Mention, lang: str) -> bool:
    """Whether a name qualifies the common noun right after it ("the Hawk T Mk2 jet
    trainer", "TD-LTE equipment", "Air Force One jets"): the goods or a programme, not a
    party; only where names stand before the nouns they qualify (companies.toml
    `attributive_names`)."""
    r = rules(lang)
    if not r.attributive_names:
        return False
    nxt = re.match(r"\s+([a-z][a-z-]+)\b", text[m.end:m.end + 40])
    return nxt is not None and nxt.group(1) not in r.stopwords and \
        nxt.group(1) not in r.prepositions and not nxt.group(1).endswith("ed")


def _other_mention(right: list[Mention], left: list[Mention], frame: Frame, amount: Amount,
                   subject: Mention | None, amount_before: bool, text: str = "",
                   trig_start: int = -1) -> Mention | None:
    marked = [m for m in frame.markers if m]
    lang = frame.id.split(".")[0]
    left = [m for m in left if not (text and trig_start >= 0 and
                                    _in_relative_clause(text, m, subject, lang, trig_start))]
    near_left = [m for m in left if m is not subject and m.marker in marked and m.marker
                 and not (text and 0 <= trig_start and
                          re.search(r"[;:]|,\s", text[m.end:trig_start]))]
    # (a marked name before a comma belongs to another clause: "spending £3m on cameras
    # from Taser, ... after buying devices for £1.8m from B-Cam"; a decimal comma is none)
    if frame.kind in ("win", "receive") and text:
        # "won a £200m Ministry of Defence contract": the name between the amount and the
        # deal noun is the customer
        between = next((m for m in right if m is not subject and m.kind == "name"
                        and not text[amount.end:m.run_start].strip()
                        and _deal_noun_after(text, m, lang)), None)
        if between is not None:
            return between
    for k, m in enumerate(right):
        if m is subject:
            continue
        if near_left and not amount_before and m.start > amount.end:
            break  # "a Nubegrande le paga 600.000 euros ... y a Visionia": the left one
        if frame.through and m.start > amount.end and "," in text[amount.end:m.start]:
            break  # "spent $4bn on data centres, it said in a filing with X"
        if m.marker and m.marker in marked:
            if frame.kind == "win" and not _deal_owner(text, m, lang, trig_start):
                continue  # "un contratto ... per una tratta della Torino-Lione": a place
            if frame.kind in ("supply", "win") and not m.known and _attributive(text, m, lang):
                continue  # "support for the Hawk T Mk2 jet trainer": the goods, no customer
            return m
        if m.marker and m.marker in frame.object_markers and m.end <= amount.start and \
                _object_follows(text, m, lang):
            return m
        if frame.through and m.marker and any(c in marked for c in m.chain):
            return m
        if m.marker == "" and "" in frame.markers and k == 0 and \
                (amount_before or m.end <= amount.start):
            return _recipient_after(m, right[k + 1:], frame, text) or m
        if frame.kind == "buy" and m.marker == "" and m.end <= amount.start and \
                re.search(r"\d\s+$", text[max(0, m.start - 12):m.start]):
            return m  # "agreed to buy 30 Boeing 787s for $11.7bn": the maker sells
    found = [m for m in reversed(left) if _left_other(m, frame, marked, subject, amount,
                                                      amount_before, text, lang)]
    # verb-final: "hat beim Konzern Rheinmetall 367 Lastwagen mit Wechselladersystem
    # bestellt": the frame's first marker ("bei") outranks a later one ("mit"), which
    # also joins goods to their parts; the forms of one preposition rank together, the
    # nearest first ("tracciato da SportEconomy, c'è il Milan, che dalla compagnia Emirates
    # riceve": "dalla", not the farther "da")
    return min(found, key=lambda m: _marker_rank(m.marker, marked)) if found else None


def _recipient_after(m: Mention, later: list[Mention], frame: Frame, text: str
                     ) -> Mention | None:
    """A name the frame's first preposition marks after an unmarked one, in the same clause,
    when the frame lists that preposition before the bare object (verbs.jsonl `markers`):
    the bare name is what is handed over and the marked one receives it ("vergab das
    Hauptlos an die Rosenbauer GmbH")."""
    first = frame.markers[0] if frame.markers else ""
    if not first or frame.subject != "payer":
        return None  # "supplies X to the Navy": who receives goods need not be who pays
        # (the ministry that signed): only a payer's own award names its payee so
    for x in later:
        if re.search(r"[;:]|,\s", text[m.end:x.start]):
            return None
        if x.marker == first:
            return x
    return None


def _marker_rank(marker: str, marked: list[str]) -> int:
    """The rank of a preposition among a frame's markers, the same for all its forms
    ("da", "dal", "dalla"; "bei", "beim"), one's form the start of the other's."""
    return min(k for k, x in enumerate(marked)
               if x == marker or marker.startswith(x) or x.startswith(marker))


def _left_other(m: Mention, frame: Frame, marked: list[str], subject: Mention | None,
                amount: Amount, amount_before: bool, text: str, lang: str) -> bool:
    """Whether a marked name before the verb is its other party."""
    if m is subject or not m.marker or m.marker not in marked:
        return False
    # "Der Chef von X verdiente": a "von X" after the subject belongs to the subject;
    # a fronted one ("Vom Zulieferer X erhält Y") is the other party.
    if frame.subject == "payer" or subject is None or m.start < subject.start or frame.aux \
            or m.marker in _partners(frame):
        return True  # "signed a contract with Y to supply ...": the deal's partner
    if amount_before and m.end <= amount.start and \
            text[subject.end:m.start].strip(" ").startswith(","):
        return True  # "Aerotec, das von Condora ... erhält": inside the verb-final clause
    if _relative_opens(text, subject.end, m.start, lang):
        return True  # "il Milan, che dalla compagnia aerea Emirates riceve": the name stands
        # in the relative clause whose verb this is, not in the subject's noun phrase
    # "FACC hat von Airbus einen Auftrag erhalten": the verb's argument
    return _finite_between(text, subject.end, m.start, lang)


def _relative_opens(text: str, start: int, end: int, lang: str) -> bool:
    """Whether what stands between `start` and `end` is a comma and a relative pronoun
    (`_comma_relative_re`) and then nothing but lower-case words: one relative clause."""
    rx = _comma_relative_re(lang)
    if rx is None or cues(lang).get("relatives_are_articles"):
        return False  # German "der", "die": an article as often as a pronoun
    gap = text[start:end].lstrip()
    opened = rx.match(gap)
    return opened is not None and re.fullmatch(r"[^\W\d_A-Z'’]*(?:['’\s]+[^\W\d_A-Z]*)*",
                                               gap[opened.end():]) is not None


def _finite_between(text: str, start: int, end: int, lang: str) -> bool:
    """A finite auxiliary or modal between the subject and a marked name (cues.toml
    `finite_auxiliaries`): the name depends on the verb, not on the subject's noun."""
    words = _finite_auxiliaries(lang)
    return bool(words) and any(w.lower() in words
                               for w in re.findall(r"[^\W\d_]+", text[start:end]))


@cache
def _finite_auxiliaries(lang: str) -> frozenset[str]:
    return frozenset(w.lower() for w in cues(lang).get("finite_auxiliaries", []))


def _deal_noun_after(text: str, m: Mention, lang: str) -> bool:
    word = re.match(r"\s+([^\W\d_]+)", text[m.end:])
    return bool(word) and deal_noun(word.group(1).lower(), lang) is not None


def _object_follows(text: str, m: Mention, lang: str) -> bool:
    """What is bought follows the seller's name: a lower-case word that is neither a
    function word nor a stop word, after at most an article ("a Microsoft capacidad", "a
    Mediapro los derechos") and a parenthesis ("a Construcciones y Auxiliar de
    Ferrocarriles (CAF) 26 trenes"), not a price ("a Mediapro por 1.000 millones")."""
    r = rules(lang)
    after = re.sub(r"^\s*\([^()]{1,30}\)", "", text[m.end:m.end + 80])  # "CAF (Spain)"
    words = re.findall(r"[^\W\d_]+", after[:40])[:2]
    if words and words[0].lower() in r.articles:
        words = words[1:]
    return bool(words) and words[0].islower() and words[0] not in r.stopwords and \
        words[0] not in r.prepositions


def _deal_owner(text: str, m: Mention, lang: str, trig_start: int) -> bool:
    """A name after a genitive ("la gara della U.S. Navy", "le marché de la SNCF") is the one
    who awards the deal only when the genitive hangs on a deal noun or on the verb itself
    ("en obtenant de Nike"); other marked names stand as they are."""
    genitives = {g.lower() for g in cues(lang).get("genitives", [])}
    if m.marker.lower() not in genitives or (
            0 <= trig_start < m.run_start and len(text[trig_start:m.run_start].split()) <= 3):
        return True
    words = re.findall(r"[^\W\d_]+['’]?", text[max(0, m.run_start - 40):m.run_start])
    articles = deal_rules(lang).definite
    while words and (words[-1].lower() in genitives or words[-1].lower() in articles):
        words.pop()
    if len(words) >= 3 and words[-2].lower() in genitives:  # "l'appel d'offres de l'État",
        words.pop()  # "il contratto di manutenzione della Sncf": the deal noun's complement
        words.pop()
    return bool(words) and deal_noun(words[-1].rstrip("'’"), lang) is not None


def _in_relative_clause(text: str, m: Mention, subject: Mention | None, lang: str,
                        trig_start: int) -> bool:
    """Whether `m` lies in a relative clause set off by commas after the subject and closed
    before the verb: "Qatar Airways, qui a succédé à Accor, verse ...": Accor belongs to the
    relative clause, not to "verse"."""
    if subject is None or subject.start < 0 or m.start < subject.end:
        return False
    between = text[subject.end:m.start]
    open_at = between.find(",")
    if open_at < 0:
        return False
    closes = "," in text[m.end:trig_start] and "," not in between[open_at + 1:]
    words = re.findall(r"[^\W\d_]+", between[open_at + 1:].lower())[:1]
    relatives = {w.split()[0].lower() for w in cues(lang).get("relatives", [])}
    return closes and bool(words) and words[0] in relatives


_PARTNER_WORDS = frozenset({"with", "con", "col", "avec", "mit"})


def _partners(frame: Frame) -> frozenset[str]:
    """The frame's markers that name a deal's partner ("with", "con", "avec", "mit")."""
    return frozenset(m for m in frame.markers if m in _PARTNER_WORDS) \
        if frame.kind in ("supply", "sell", "buy", "win") else frozenset()


def _clitic(view: SentenceView, trig: Trigger, prev: SentenceView | None,
            subject: Mention | None) -> Mention | None:
    clitics = _companies(view.lang).get("clitics", [])
    before = re.findall(r"[\w'’-]+", view.text[:trig.start])
    helpers = _companies(view.lang).get("clitic_auxiliaries", [])
    if len(before) > 1 and before[-1].lower() in helpers:
        before = before[:-1]  # "le ha affidato", "lui a versé": the clitic before the auxiliary
    if not before or before[-1].lower() not in clitics:
        return None
    pos = view.text[:trig.start].lower().rfind(before[-1].lower())
    return Mention(pos, pos + len(before[-1]), before[-1], before[-1], kind="clitic")


def _deal_partner(view: SentenceView, trig: Trigger, subject: Mention | None
                  ) -> Mention | None:
    """"RTVE ha cerrado con la UEFA un acuerdo ..., por el que pagará 100 millones", "X
    signed a deal with Y, under which it pays $5m": a pay verb with no payee of its own,
    in a relative clause after a deal noun, pays that deal's partner (the one name marked
    "with", "con", "avec", "mit" before the noun)."""
    text = view.text
    nouns = [w for w in re.finditer(r"[^\W\d_]+", text[:trig.start])
             if deal_noun(w.group(0), view.lang) == "deal"]
    if not nouns or subject is None or (subject.kind == "name"
                                         and subject.start >= nouns[-1].start()):
        return None
    between = text[nouns[-1].end():trig.start]
    if "," not in between or not _relative_word_re(view.lang).search(between):
        return None
    markers = deal_rules(view.lang).partner_markers
    partners = [m for m in view.mentions if m.end <= nouns[-1].start() and m.kind == "name"
                and m.marker in markers and m.marker and m is not subject]
    return partners[0] if len(partners) == 1 else None


def _prior_deal_partner(view: SentenceView, prev: SentenceView | None,
                        subject: Mention | None) -> Mention | None:
    """"Nike a prolongé son partenariat avec la FFF. ... l'équipementier devra débourser
    100 millions": a pay verb whose sentence names no other party pays the one partner of
    the deal the sentence before made, when its payer is that deal's signer."""
    if prev is None or subject is None or any(
            m.kind == "name" and m is not subject for m in view.mentions):
        return None
    nouns = [w for w in re.finditer(r"[^\W\d_]+", prev.text)
             if deal_noun(w.group(0), prev.lang) == "deal"]
    if not nouns:
        return None
    markers = deal_rules(prev.lang).partner_markers
    partners = [m for m in prev.mentions if m.kind == "name" and m.marker in markers
                and m.marker]
    signers = [m for m in prev.mentions if m.kind == "name" and m.marker == ""
               and m.end <= nouns[-1].start()]
    if len(partners) != 1 or len(signers) != 1:
        return None
    payer = resolve(subject, view, prev, avoid=partners[0].name)
    return partners[0] if payer and same_company(payer, signers[0].name) else None


@cache
def _relative_word_re(lang: str) -> re.Pattern[str]:
    words = cues(lang).get("relatives", [])
    return re.compile(rf"(?<!\w)(?i:{alternation(words)})(?!\w)" if words else "(?!)")


def _described_other(view: SentenceView, prev: SentenceView | None, trig: Trigger,
                     amount: Amount, subject: Mention | None) -> Mention | None:
    """"Chevrolet zahlt dem englischen Rekordmeister 559 Mio. Dollar", "versera au club
    bavarois 900 millions", "has been paying the league $660 million": a definite noun
    phrase right after a paying verb, after its payee's preposition or in its case, names
    a company of the text by description. Not what is paid ("the fee", "au total"). The
    name is the one in apposition ("au détenteur des droits, le studio X"), else a seller
    of the text (a league, a club, a vendor: payees describe the party that sells), else the
    other party "the company" would resolve to."""
    if amount.start < trig.end:
        return None
    tail = view.text[trig.end:amount.start]
    rx = _described_re(view.lang, trig.frame.markers)
    hit = rx.match(tail) if rx is not None else None
    if hit is None and rx is not None:  # "zahlt der Konzern dem Rekordmeister": past the
        hit = rx.search(tail)  # subject that follows the verb (and its article) only
        if hit is not None:
            inverted = [m for m in view.mentions if trig.end <= m.start
                        and m.end <= trig.end + hit.start()]
            rest = view.text[trig.end:trig.end + hit.start()]
            for m in inverted:
                rest = rest.replace(m.text, " ")
            if len(inverted) != 1 or len(rest.split()) > 1:
                hit = None
    if hit is None:
        return None
    start, end = trig.end + hit.start("np"), trig.end + hit.end("np")
    words = hit.group("np").split()
    if any(m.start < end and start < m.end for m in view.mentions) or \
            any(w.lower() in _paid_words(view.lang) for w in words):
        return None
    marker = hit.group("marker").strip().lower()

    def named(m: Mention) -> Mention:
        return Mention(start, end, view.text[start:end], m.name, kind="name", marker=marker,
                       run_start=start, known=m.known)

    appos = next((m for m in view.mentions if m.kind == "name" and m.start >= end
                  and re.fullmatch(r"(?:\s+[^\W\d_]+){0,3},\s*(?:[^\W\d_]+\s+){0,3}",
                                   view.text[end:m.start])),
                 None)
    if appos is not None:
        return named(appos)
    r = deal_rules(view.lang)
    avoid = subject.name if subject is not None and subject.kind == "name" else None

    def sellers(v: SentenceView, ms: list[Mention]) -> list[Mention]:
        return [m for m in ms if m.kind == "name" and side(v, m, r) == "seller"
                and not (avoid and same_company(m.name, avoid))]

    here = sellers(view, [m for m in view.mentions if m.end <= start])
    before = sellers(prev, prev.mentions) if prev is not None else []
    if here or before:
        return named(here[-1] if here else before[0])
    if any(w.lower() in r.seller_name_words for w in words):
        return None  # "the league": only a league of the text
    phrase = Mention(start, end, view.text[start:end], view.text[start:end], kind="coref",
                     marker=marker, run_start=start)
    # otherwise only a name the phrase's head noun points to ("la banca" -> "Banca X")
    pool = [m for m in view.mentions if m.kind == "name" and m.end <= start]
    pool += [m for m in prev.mentions if m.kind == "name"] if prev is not None else []
    name = head_named(phrase, view, prev, pool, avoid)
    return Mention(start, end, phrase.text, name, kind="name", marker=marker,
                   run_start=start) if name else None


@cache
def _described_re(lang: str, markers: tuple[str, ...]) -> re.Pattern[str] | None:
    c = _companies(lang)
    dets = [d for d in c.get("coref_determiners", [])]
    lead = [d for d in c.get("coref_contractions", []) if d in markers or not markers]
    lead += [f"{m} {d}" for m in markers if m for d in dets]
    if "" in markers and not cues(lang).get("subject_articles"):
        lead += dets  # "pays the league": English word order; German puts the subject here
    if not lead:
        return None
    alts = "|".join(re.escape(x).replace("\\ ", r"\s+") for x in
                    sorted(set(lead), key=len, reverse=True))
    word = r"[^\W\d_][\w-]*"
    # one to three words, then the amount (adverbs and dates may come between)
    return re.compile(rf"\s+(?P<marker>{alts})(?:(?<=['’])|\s+)(?P<np>{word}(?:\s+{word}){{0,2}}?)"
                      r"(?=\s|,)", re.IGNORECASE)


@cache
def _paid_words(lang: str) -> frozenset[str]:
    """Words of what is paid (fees, sums, bills, prices): never the payee."""
    r = deal_rules(lang)
    out = set(r.payment_nouns | r.bill_nouns)
    out.update(w.lower() for w in cues(lang).get("paid_words", []))
    return frozenset(out)


def _dropped_subject(view: SentenceView, prev: SentenceView | None, trig: Trigger,
                     left_bound: int, other: Mention | None) -> Mention | None:
    """Pro-drop languages: "Le versa 60.000 euro" -> the subject of the sentence before."""
    if not _companies(view.lang).get("pro_drop"):
        return None
    clause = max(left_bound, view.text.rfind(",", 0, trig.start) + 1)
    words = re.findall(r"\w+", view.text[clause:trig.start])
    if len(words) > 4:
        return None
    pool = [m for m in view.mentions if m.end <= clause and m.kind == "name"]
    if not pool and prev is not None:
        pool = [m for m in prev.mentions if m.kind == "name"]
    pool = [m for m in pool if m.marker == ""]
    if not pool:
        return None
    first = pool[0]
    return Mention(-1, -1, first.text, first.name, kind="dropped", known=first.known)


def _rights(view: SentenceView, trig: Trigger, amount: Amount) -> bool:
    """Whether the thing awarded or won is rights (cues.toml `rights_words`): "ha
    assegnato a Dazn i diritti tv", "won the digital rights"."""
    rx = cue_re(view.lang, "rights_words")
    if rx is None:
        return False
    end = max(amount.start, trig.end + 60)
    return rx.search(view.text, trig.end, min(end, len(view.text))) is not None


def _coordinated(view: SentenceView, first: Candidate, trig: Trigger, right_bound: int
                 ) -> list[Candidate]:
    """"verse 700 000 euros à X et 2 millions d'euros à Y": more amounts, same subject."""
    frame = trig.frame
    marked = [m for m in frame.markers if m]
    used = {first.payee, first.payer}
    out: list[Candidate] = []
    later = [a for a in view.amounts if first.amount.end <= a.start < right_bound
             and a is not first.amount and not parenthetical(view, a)]
    for k, a in enumerate(later):
        nxt = later[k + 1].start if k + 1 < len(later) else right_bound
        prev_end = later[k - 1].end if k else first.amount.end
        cands = [m for m in view.mentions if m.kind == "name" and a.end <= m.start < nxt
                 and m.marker in marked and m.name not in used]
        if not cands:  # "y a Visionia, 150.000 euros semanales"
            cands = [m for m in view.mentions if m.kind == "name" and prev_end <= m.start
                     and m.end <= a.start and m.marker in marked and m.name not in used]
        bare = False
        if not cands and "" in frame.markers:  # "... and Fidelis Data $500,000 a month",
            # "... and the rail operator FerroNorte another 115 million pesos"
            bare = True
            cands = [m for m in view.mentions if m.kind == "name" and prev_end <= m.start
                     and m.end <= a.start and not m.marker and m.name not in used
                     and (not view.text[m.end:a.start].strip() or (
                         _further(view, m.end, a.start)
                         and len(view.text[m.end:a.start].split()) <= 2
                         and not any(o is not m and prev_end <= o.start < m.start
                                     for o in view.mentions)))]
        coord = cue_re(view.lang, "coordinators")
        joined = coord.search(view.text, first.amount.end, a.start) if coord else None
        further = _further(view, prev_end, a.start)
        if joined is None or not (cands or further):
            continue
        prev_end = max(prev_end, joined.start())  # "... $85M a year ... and struck a $2.5bn deal"
        amount = with_currency(view, a)
        if amount is None:
            continue
        period, term = period_of(view, amount, prev_end, nxt, frame.kind)
        if not cands:  # "... 40.000 dólares mensuales y, además, 1,2 millones al año":
            out.append(Candidate(first.payer, first.payee, amount, period, term,  # the same
                                 product_after(view, a.end), round(first.confidence * 0.85, 3),
                                 frame.id + ".further", view, ["a further amount"]))
            continue
        name = cands[0].name
        pays = frame.subject in ("payer", "flow")
        subj = first.payer if pays else first.payee
        gapped = [] if bare else [
            m for m in view.mentions if m.kind == "name" and joined.end() <= m.start
            and m.end <= a.start and not m.marker and m.name not in used]
        if gapped:  # "la Fiorentina incassa 25 milioni da X e il Sassuolo 18 milioni dalla
            subj = gapped[-1].name  # controllante Mapei": a new subject, the verb left out
        payer, payee = (subj, name) if pays else (name, subj)
        if bare and not _bare_object(view, trig, first.amount):
            # "Reliance Jio paid Rs 7,864 crore and Vodafone Idea Rs 1,680 crore": the first
            # clause has no object before its amount, so the bare name is a new subject
            # with the verb left out, and the other party stays
            other = first.payee if pays else first.payer
            if not other:
                continue
            payer, payee = (name, other) if pays else (other, name)
        used.add(name)
        out.append(Candidate(payer, payee, amount, period, term, product_after(view, cands[0].end),
                             round(first.confidence * 0.9, 3), frame.id + ".coordinated",
                             view, ["coordinated"]))
    _share_period(first, out)
    return out


def _purpose_start(view: SentenceView, start: int, end: int) -> int:
    """Where an infinitive of purpose opens between `start` and `end` ("paid X $320,000 to
    work out how many chickens its inspectors should check"): a purpose word of cues.toml
    `purpose` before a lower-case word that is no article or pronoun; a condition or a
    denial inside it is not the payment's. `end` when there is none."""
    rx = _purpose_re(view.lang)
    if rx is None or end <= start:
        return end
    stop = rules(view.lang).stopwords
    for m in rx.finditer(view.text, start, end):
        if m.group(1).lower() not in stop:
            return m.start()
    return end


@cache
def _purpose_re(lang: str) -> re.Pattern[str] | None:
    """A purpose word (cues.toml `purpose`) and the lower-case word after it."""
    words = cues(lang).get("purpose", [])
    return re.compile(rf"(?<!\w)(?:{alternation(words)})\s+([a-zà-ÿ][\w'’-]*)") \
        if words else None


def _paid_for_before(view: SentenceView, start: int, end: int) -> bool:
    """"Für seinen 50-Prozent-Anteil überweist IFM der Telekom 900 Mio.", "For its stake,
    X pays ...": what the money buys, named before the verb, is a stake, a fine or a wage
    (a phrase opened by a product marker, cues.toml `product_markers`, in the clause
    before the verb window)."""
    rx = product_marker_re(view.lang)
    if rx is None or end <= start:
        return False
    hits = list(rx.finditer(view.text, start, end))
    if not hits:
        return False
    phrase = view.text[hits[-1].end():min(end, hits[-1].end() + 50)]
    count = re.search(r"\d[\d.,]*\s+([^\W\d_].*)", phrase)
    percent = tuple(w.lower() for w in cues(view.lang).get("percent_words", []))
    if count and not count.group(1).lower().startswith(percent):
        return False  # "für seinen Anteil von 165 Millionen Dosen": a share of the goods
    return cue(view.lang, "non_payment", phrase) is not None or STAKE.search(phrase) is not None


def _bare_object(view: SentenceView, trig: Trigger, amount: Amount) -> bool:
    """Whether a name stands unmarked between the verb and its first amount ("pays
    Telmark $5m"): then a bare name in a later conjunct is another such object."""
    return any(m.kind == "name" and not m.marker and trig.end <= m.start and m.end <= amount.start
               for m in view.mentions)


def _share_period(first: Candidate, more: list[Candidate]) -> None:
    """Coordinated amounts of one verb share a period stated once: "13.5 millones anuales
    a X y 13 millones a Y" (the later ones lack it), "paid X 72 million and Y 115 million
    in 2024" (the first lacks it)."""
    if not more:
        return
    view = first.sentence
    if first.period != "total" or first.term_months is not None:
        for c in more:
            if c.period == "total" and c.term_months is None and not _deal_value(view, c.amount):
                c.period, c.term_months = first.period, first.term_months
        return
    last = max(c.amount.end for c in more)
    tail = [p for p in view.periods if p.loose and p.start >= last]
    if tail and all(c.period == tail[0].period for c in more):
        first.period = tail[0].period  # "... in 2024": the whole clause's calendar year


def _deal_value(view: SentenceView, amount: Amount) -> bool:
    """"a $2.5 billion deal": the amount is a deal's value (a deal noun right after it)."""
    words = re.findall(r"[^\W\d_]+", view.text[amount.end:amount.end + 30])[:2]
    return any(lemma(w, view.lang) in deal_nouns(view.lang) for w in words)


def _purpose_after_deal(view: SentenceView, trig: Trigger) -> bool:
    """"X signed with Y to supply ...", "X firmó con Y para construir ...": who supplies
    whom in a purpose clause after a deal with a partner is not in the syntax (either side
    may be the subject of the infinitive), so the supply verb stays silent and the deal's
    own evidence (a public body, a seller's descriptor) decides; so does a verb of winning
    in the purpose of any deal ("... to secure gas supplies")."""
    if trig.frame.kind not in ("supply", "win"):
        return False
    purpose = cues(view.lang).get("purpose", [])
    before = view.text[max(0, trig.start - 25):trig.start].lower().split()
    partner = rules(view.lang).partner_markers
    if _relative_after_partner(view, trig, partner):
        return True
    if not before or not any(" ".join(before[-len(p.split()):]) == p for p in purpose):
        return False
    if any(m.marker in partner and m.end <= trig.start for m in view.mentions):
        return True
    # "an agreement worth £20bn ... to secure gas supplies": winning in the purpose of a
    # deal named before it is obtaining the goods, not winning a second deal
    return trig.frame.kind == "win" and any(
        deal_noun(w, view.lang) for w in re.findall(r"[^\W\d_]+", view.text[:trig.start]))


def _relative_after_partner(view: SentenceView, trig: Trigger, partner: frozenset[str]
                            ) -> bool:
    """"an agreement with Axon that will equip officers", "un contrat avec Alstom qui
    fournira": a relative clause right after the deal's partner, whose verb of supplying
    tells no more than a purpose clause would (cues.toml `relatives`; not where relatives
    are articles)."""
    c = cues(view.lang)
    if c.get("relatives_are_articles"):
        return False
    last = max((m for m in view.mentions if m.end <= trig.start), key=lambda m: m.end,
               default=None)
    if last is None or last.marker not in partner or not last.marker:
        return False
    gap = re.findall(r"[^\W\d_]+", view.text[last.end:trig.start].lower())
    relatives = {r for r in c.get("relatives", []) if " " not in r}
    at = next((k for k, w in enumerate(gap[:2]) if w in relatives), None)
    # the name's legal form may stand between ("Axon Enterprises Inc. that will equip")
    return at is not None and len(gap) - at <= 3 and \
        all(w in rules(view.lang).legal for w in gap[:at])


def _further(view: SentenceView, start: int, end: int) -> bool:
    """"and a further $2M a year", "y, además, 1,2 millones", "e altri 25 milioni": a word of
    addition (cues.toml `further`) before the amount, with no other party named."""
    rx = cue_re(view.lang, "further")
    return rx is not None and rx.search(view.text, start, end) is not None


__all__ = ["Candidate", "Frame", "SentenceView", "Trigger", "analyse_sentence", "assemble",
           "frames", "links_in", "roles_without_amount", "rules"]
