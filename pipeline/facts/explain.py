"""Say why: what the extractor saw in a text (sentences, names, amounts, periods, facts)."""

from __future__ import annotations

from typing import Any

from pipeline.facts.view import Analysis
from pipeline.money_format import format_amount, format_money


def analysis_to_dict(analysis: Analysis, text: str) -> dict[str, Any]:
    """JSON-ready view of one analysis; offsets are character offsets into `text`."""
    companies, amounts, periods, verbs = [], [], [], []
    for i in analysis.considered:
        view = analysis.views.get(i)
        if view is None:
            continue
        o = view.offset
        for m in view.mentions:
            companies.append({"text": m.text, "name": m.name, "kind": m.kind,
                              "marker": m.marker, "start": o + m.start, "end": o + m.end,
                              "known": m.known})
        for a in view.amounts:
            amounts.append({"text": a.text, "start": o + a.start, "end": o + a.end,
                            "value": a.value, "currency": a.currency, "approx": a.approx,
                            "rule_id": a.rule_id})
        for p in view.periods:
            periods.append({"text": p.text, "start": o + p.start, "end": o + p.end,
                            "period": p.period, "term_months": p.term_months,
                            "rule_id": p.rule_id})
        for t in view.triggers:
            verbs.append({"text": t.text, "start": o + t.start, "end": o + t.end,
                          "rule_id": t.frame.id})
    ex = analysis.extraction
    sentences = [{"index": i, "start": s, "end": e, "text": text[s:e]}
                 for i, (s, e) in enumerate(analysis.sentences) if i in analysis.considered]
    partial = [{"payer": c.payer, "payee": c.payee, "amount": c.amount.value,
                "currency": c.amount.currency, "rule_id": c.rule_id}
               for c in analysis.candidates if not (c.payer and c.payee)]
    return {
        "lang": analysis.lang,
        "pipeline": analysis.pipeline,
        "sentences_total": len(analysis.sentences),
        "sentences": sentences,
        "companies": companies,
        "amounts": amounts,
        "periods": periods,
        "verbs": verbs,
        "facts": [f.to_dict() for f in ex.facts] if ex else [],
        "partial": partial,
        "links": [x.to_dict() for x in ex.links] if ex else [],
        "shares": [x.to_dict() for x in ex.shares] if ex else [],
    }


def render_text(d: dict[str, Any]) -> str:
    """Human-readable summary of `analysis_to_dict` output."""
    lines = [f"language: {d['lang']} ({d['pipeline']}); sentences considered: "
             f"{len(d['sentences'])} of {d['sentences_total']}"]
    for s in d["sentences"]:
        lines.append(f"  [{s['index']}] {s['text']}")
    lines.append("companies: " + (", ".join(
        f"{c['name']}" + (f" <{c['marker']}>" if c["marker"] else "") +
        (f" ({c['kind']})" if c["kind"] != "name" else "") for c in d["companies"]) or "-"))
    lines.append("amounts: " + (", ".join(
        f"{a['text']!r} = {format_money(a['value'], a['currency'], a['approx'])} "
        f"[{a['start']}:{a['end']}]" for a in d["amounts"]) or "-"))
    lines.append("periods: " + (", ".join(f"{p['text']!r} = {p['period']}" +
                                          (f"/{p['term_months']}m" if p["term_months"] else "")
                                          for p in d["periods"]) or "-"))
    lines.append("verbs: " + (", ".join(f"{v['text']!r} ({v['rule_id']})"
                                        for v in d["verbs"]) or "-"))
    if not d["facts"]:
        lines.append("facts: none")
    for f in d["facts"]:
        amount = format_amount(f["amount"], f["currency"], f["period"], f["term_months"],
                               f["approx"])
        lines.append(
            f"fact: {f['payer']} -> {f['payee']}: {amount}"
            + (f" for {f['product']}" if f["product"] else "")
            + f"  (confidence {f['confidence']:.2f}, rule {f['rule_id']})")
        lines.append(f"  evidence [{f['evidence']['start']}:{f['evidence']['end']}]: "
                     f"{f['evidence']['sentence']}")
    for x in d["links"]:
        lines.append(f"link: {x['child']} is part of {x['parent']}")
    for x in d["shares"]:
        lines.append(f"share: {'~' if x['approx'] else ''}{x['share']}% of {x['company']}'s "
                     f"revenue" + (f" ({x['segment']})" if x["segment"] else ""))
    return "\n".join(lines)
