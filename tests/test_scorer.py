"""The candidate scorer (pipeline/facts/scorer.py) and its training script."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.facts import scorer
from pipeline.facts.extractor import Extractor

ROOT = Path(__file__).resolve().parents[1]


def test_the_shipped_model_loads_and_scores_between_0_and_1() -> None:
    m = scorer.model()
    assert m is not None and 0 < m.threshold < 1 and 0 <= m.veto <= m.threshold
    assert 0.0 < scorer.probability({"rule": 1.0, "trig_agree": 1.0}, m) < 1.0


def test_every_reading_is_scored_and_the_right_one_wins() -> None:
    a = Extractor(prefer_statistical=False).analyse(
        "Orvane pays Telmark $3 million a month for forecasts.", "en")
    pairs = {(s.payer.name, s.payee.name): s.score for s in a.scored}
    assert set(pairs) == {("Orvane", "Telmark"), ("Telmark", "Orvane")}
    assert pairs[("Orvane", "Telmark")] > pairs[("Telmark", "Orvane")]
    assert [(f.payer, f.payee) for f in a.extraction.facts] == [("Orvane", "Telmark")]


def test_features_are_language_independent_classes() -> None:
    a = Extractor(prefer_statistical=False).analyse(
        "Orvane paga a Telmark 3 milioni di euro l'anno.", "it")
    feats = next(s.features for s in a.scored if s.payer.name == "Orvane")
    assert feats["ym:to"] == 1.0 and feats["xm:none"] == 1.0 and "tk:pay" in feats


def test_select_keeps_one_reading_per_amount() -> None:
    a = Extractor(prefer_statistical=False).analyse(
        "Orvane pays Telmark $3 million a month, and Brixby $1 million a year.", "en")
    chosen = scorer.select(a.scored)
    assert len({(s.amount.start, s.amount.end) for s in chosen}) == len(chosen)


def test_a_cue_class_with_a_raised_veto_drops_the_rules_low_reading() -> None:
    """rules/class_vetoes.json raises the veto for cue classes whose low-scored readings
    were nearly always wrong ("pay"); a class it does not list keeps the model's veto."""
    m = scorer.model()
    assert m is not None
    raised = scorer.class_vetoes()
    assert raised.get("pay", 0.0) > m.veto and "flow" not in raised
    pay = next(s for s in Extractor(prefer_statistical=False).analyse(
        "Orvane pays Telmark $3 million a month for forecasts.", "en").scored
        if s.rule is not None)
    flow = next(s for s in Extractor(prefer_statistical=False).analyse(
        "Die Bahn-Tochter Orvane hat einen Cloud-Vertrag: 3 Mio. Euro pro Monat fließen an "
        "Telmark.", "de").scored
        if s.rule is not None)
    assert pay.rule.rule_id == "en.pay" and flow.rule.rule_id.startswith("de.flow")
    assert scorer.rule_veto(pay, m.veto) == raised["pay"]
    assert scorer.rule_veto(flow, m.veto) == m.veto
    between = (m.veto + raised["pay"]) / 2  # above the model's veto, under the class's
    pay.score = flow.score = between
    assert scorer.select([pay]) == [] and scorer.select([flow]) == [flow]


def test_class_vetoes_are_written_from_the_sets(tmp_path: Path) -> None:
    out = tmp_path / "class_vetoes.json"
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "class_vetoes.py"), "--sets",
         "corpora/gold/en.jsonl", "--support", "1", "--precision", "1.01", "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    data = json.loads(out.read_text())
    assert data["raise_to"] == 0.3 and set(data["vetoes"].values()) <= {0.3}
    assert "right of" in run.stdout or data["vetoes"] == {}


def test_training_writes_a_model_that_reads_like_the_shipped_one(tmp_path: Path) -> None:
    out = tmp_path / "scorer.json"
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_scorer.py"), "--sets",
         "corpora/gold/en.jsonl", "corpora/gold/it.jsonl", "--folds", "3", "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    model = json.loads(out.read_text())
    assert model["weights"] and 0 < model["threshold"] < 1
    assert "cross-validated" in run.stdout


def test_cross_validation_can_leave_one_set_out() -> None:
    """--by-set holds each corpus folder out in turn (two folders here: two folds)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from train_scorer import load
    sets: list[str] = []
    passages = load(["corpora/gold/en.jsonl", "corpora/heldout/en.jsonl"], sets)
    assert len(sets) == len(passages) and set(sets) == {"gold", "heldout"}
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_scorer.py"), "--sets",
         "corpora/gold/en.jsonl", "corpora/heldout/en.jsonl", "--by-set", "--cv-only"],
        capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "cross-validated" in run.stdout


def test_hold_out_scores_the_shipped_and_a_retrained_model_on_a_set() -> None:
    """--hold-out trains without the named folder and prints both models' figures on it."""
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_scorer.py"), "--sets",
         "corpora/gold/en.jsonl", "corpora/heldout/en.jsonl", "--hold-out", "heldout"],
        capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    rows = re.findall(r"^heldout\s+(shipped|retrained c=1.5 t=0.5)\s+P ([\d.]+)\s+R ([\d.]+)"
                      r"\s+F1 ([\d.]+)", run.stdout, re.M)
    assert [r[0] for r in rows] == ["shipped", "retrained c=1.5 t=0.5"]
    assert all(0 < float(r[3]) <= 1 for r in rows)
    several = subprocess.run(  # strengths and thresholds tried, the gold set's loss counted
        # three times, word features dropped from a copy of the rows
        [sys.executable, str(ROOT / "scripts" / "train_scorer.py"), "--sets",
         "corpora/gold/en.jsonl", "corpora/heldout/en.jsonl", "--hold-out", "heldout",
         "--try-c", "0.01", "3", "--weight", "gold=3", "--thresholds", "0.5", "0.9",
         "--word-dropout", "0.5"],
        capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert several.returncode == 0, several.stderr
    tried = re.findall(r"^heldout\s+retrained c=([\d.]+) t=([\d.]+)\s+P [\d.]+\s+"
                       r"R ([\d.]+)\s+F1 [\d.]+\s+\((\d+)/(\d+)\)", several.stdout, re.M)
    assert [(c, t) for c, t, *_ in tried] == [("0.01", "0.5"), ("0.01", "0.9"), ("3", "0.5"),
                                               ("3", "0.9")]
    for c in ("0.01", "3"):  # a higher threshold keeps no more facts
        (_, _, _, right5, pred5), (_, _, _, right9, pred9) = [x for x in tried if x[0] == c]
        assert int(pred9) <= int(pred5) and int(right9) <= int(pred9)


def test_weighting_a_set_changes_the_model(tmp_path: Path) -> None:
    """--weight multiplies a set's loss: the weights learnt move."""
    models = []
    for extra in ([], ["--weight", "gold=5"]):
        out = tmp_path / f"m{len(models)}.json"
        run = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "train_scorer.py"), "--sets",
             "corpora/gold/it.jsonl", "corpora/heldout/it.jsonl", "--folds", "2", "--out",
             str(out), *extra], capture_output=True, text=True, cwd=ROOT, timeout=300)
        assert run.returncode == 0, run.stderr
        models.append(json.loads(out.read_text(encoding="utf-8"))["weights"])
    shared = set(models[0]) & set(models[1])
    assert shared and any(abs(models[0][k] - models[1][k]) > 1e-3 for k in shared)
    missing = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_scorer.py"), "--sets",
         "corpora/gold/en.jsonl", "--hold-out", "realnews"],
        capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert missing.returncode != 0 and "realnews" in missing.stderr


def test_a_blind_half_is_never_training_data(tmp_path: Path) -> None:
    blind = tmp_path / "en.blind1.jsonl"  # a blind half no round has used yet
    blind.write_text((ROOT / "corpora" / "gold" / "en.jsonl").read_text(encoding="utf-8"),
                     encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_scorer.py"), "--sets",
         str(blind), "--out", str(tmp_path / "m.json")],
        capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode != 0 and "blind" in run.stderr


@pytest.mark.parametrize("flag", ["--errors", "--save-predictions=x.jsonl"])
def test_eval_refuses_to_show_a_blind_half_case_by_case(flag: str) -> None:
    from click.testing import CliRunner

    from pipeline.cli import cli

    res = CliRunner().invoke(cli, ["eval", "--gold", "corpora/realnews/en.blind1.jsonl", flag])
    assert res.exit_code == 2 and "aggregate" in res.output


def test_a_spent_blind_half_is_tuning_data() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from train_scorer import spent
    assert spent(str(ROOT / "corpora" / "realnews" / "en.blind1.jsonl"))  # listed as spent
    assert not spent(str(ROOT / "corpora" / "realnews4" / "en.tune.blind9.jsonl"))


def test_a_cancelling_cue_stops_a_reading_no_rule_made() -> None:
    """A denial, a condition or a fine in the clause: the scorer alone never makes a fact."""
    ex = Extractor(prefer_statistical=False)
    text = "Orvane denied reports that it pays Telmark $500 million a year for data labelling."
    a = ex.analyse(text, "en")
    assert a.scored and all("cue:negation" in s.features for s in a.scored)
    assert a.extraction.facts == []


def test_a_party_two_sentences_back_is_a_reading_marked_as_farther() -> None:
    """"Dem Vantor Racing Team bricht ein Geldgeber weg. ... . Dell hatte dem Rennstall
    zehn Millionen Euro gezahlt": when the sentence before was read for a payment, the one
    before it is read too, and its names are readings with features that say so."""
    ex = Extractor(prefer_statistical=False)
    a = ex.analyse("Dem Vantor Racing Team bricht ein weiterer Geldgeber weg. Nach langem "
                   "Zögern hat Dell sein Engagement beendet. Dell hatte dem Rennstall bislang "
                   "zehn Millionen Euro pro Jahr gezahlt.", "de")
    assert a.considered == [0, 1, 2]
    team = [s for s in a.scored if "Vantor Racing Team" in (s.payer.name, s.payee.name)]
    assert team and all("xfar" in s.features or "yfar" in s.features for s in team)
    assert not any("xfar" in s.features or "yfar" in s.features for s in a.scored
                   if "Vantor Racing Team" not in (s.payer.name, s.payee.name))
    a = ex.analyse("Orvane opened an office. Orvane reported sales of $1 million. Telmark "
                   "raised $2 million.", "en")
    assert a.considered == [1, 2]  # no payment cue: nothing is read for it
    # a name two sentences back under a genitive says whose people, not who pays
    a = ex.analyse("La empresa fue fundada por investigadores de la Universidad de Norvela. "
                   "Con el nuevo capital, Telmark prevé duplicar su plantilla. La compañía "
                   "facturó el año pasado 4 millones de euros en contratos de diseño.", "es")
    assert not any("Universidad de Norvela" in (s.payer.name, s.payee.name) for s in a.scored)


def test_structure_features_say_where_the_parties_stand() -> None:
    a = Extractor(prefer_statistical=False).analyse(
        "Orvane, the insurer, pays Telmark $3 million a month.", "en")
    feats = next(s.features for s in a.scored if s.payer.name == "Orvane")
    assert feats["ord:XTYA"] == 1.0 and feats["xcomma:2"] == 1.0 and feats["ycomma:0"] == 1.0


def test_a_party_in_another_clause_is_a_feature() -> None:
    a = Extractor(prefer_statistical=False).analyse(
        "Orvane paid Telmark $2 million, while Brinmoor received $1 million.", "en")
    s = next(s for s in a.scored if s.payer.name == "Orvane" and s.amount.value == 1e6)
    assert {"xclause", "xtclause"} <= set(s.features)
    s = next(s for s in a.scored if s.payer.name == "Orvane" and s.amount.value == 2e6)
    assert "xclause" not in s.features


def test_the_words_around_an_amount_are_features() -> None:
    a = Extractor(prefer_statistical=False).analyse(
        "Orvane pays Telmark a licence fee of $3 million a month.", "en")
    feats = next(s.features for s in a.scored if s.payer.name == "Orvane")
    assert "aw:en:licence" in feats and "aw:en:month" in feats


def test_the_words_between_a_party_and_the_amount_are_features() -> None:
    a = Extractor(prefer_statistical=False).analyse(
        "Orvane agreed to hand Telmark a monthly royalty of $3 million.", "en")
    s = next(s for s in a.scored if s.payer.name == "Orvane" and s.payee.name == "Telmark")
    assert {"bx:en:agreed", "bx:en:royalty", "by:en:monthly", "by:en:royalty"} <= set(s.features)
    assert "bx:en:orvane" not in s.features  # the party itself is no word between


def test_the_sentence_before_gives_parties_when_it_was_read_anyway() -> None:
    """Two cued sentences in a row: the first's names are readings of the second even
    though the second names two parties itself ("Nordbank" is no party here, but the
    scorer may weigh "Orvane" as the payer the second sentence leaves out)."""
    ex = Extractor(prefer_statistical=False)
    text = ("Orvane signed a $40 million contract with Telmark. "
            "Separately, Nordbank pays Kestrel $2 million a month.")
    a = ex.analyse(text, "en")
    assert a.considered == [0, 1]
    second = [s for s in a.scored if s.amount.value == 2e6]
    assert {s.payer.name for s in second} == {"Orvane", "Telmark", "Nordbank", "Kestrel"}
    assert {s.payer.origin for s in second if s.payer.name == "Orvane"} == {"prev"}


def test_the_sentence_before_a_payment_offers_its_parties() -> None:
    """A story often states the roles first and the amount after: a sentence with an amount
    and a payment cue or deal noun has spaCy read the one before it, whose names become
    readings even when this one names two parties itself, with how they stood against that
    sentence's own cue."""
    ex = Extractor(prefer_statistical=False)
    a = ex.analyse("Velmora awarded Kestrel a contract to run its data centres. Kestrel said "
                   "the deal with Nordbank is worth $2 million.", "en")
    assert a.considered == [0, 1]
    velmora = [s for s in a.scored if s.payer.name == "Velmora" and s.payee.name == "Kestrel"]
    assert velmora and all(s.payer.origin == "prev" for s in velmora)
    assert all(s.features.get("ptrig_agree") == 1.0 for s in velmora)
    reverse = [s for s in a.scored if s.payer.name == "Kestrel" and s.payee.name == "Velmora"]
    assert all("ptrig_agree" not in s.features for s in reverse)
    assert not scorer.reads_before(ex.analyse("Orvane reported sales of $1 million.",
                                              "en").views[0])


def test_the_shipped_threshold_never_stores_a_reading_more_likely_wrong_than_right() -> None:
    m = scorer.model()
    assert m is not None and m.threshold >= 0.5


def test_a_place_in_the_sentence_before_is_no_party() -> None:
    """A country under a preposition ("una fundición de Taiwán") says where, not who: the
    next sentence's readings never take it as a payer (it once gave a revenue a payer)."""
    ex = Extractor(prefer_statistical=False)
    a = ex.analyse("Velmora fabricará sus chips en una fundición de Taiwán. La compañía "
                   "cobró el año pasado 4 millones de euros.", "es")
    assert "Taiwán" not in {s.payer.name for s in a.scored} | {s.payee.name for s in a.scored}


def test_a_reading_only_the_scorer_made_is_dated_like_money_that_changes_hands() -> None:
    """No rule reads "le service ... lui a versé l'an dernier 1,63 milliard" (a clitic payee,
    an appositive payer); the scorer does, and its pay verb makes "l'an dernier" that year's
    sum, as a rule's reading would be, not a deal's total."""
    ex = Extractor(prefer_statistical=False)
    facts = ex.extract("Orvane n'a pas traîné pour renouveler son accord de licence avec "
                       "Telmark : le service suédois de streaming lui a versé l'an dernier "
                       "1,63 milliard d'euros en royalties.", "fr").facts
    assert [(f.payer, f.payee, f.period, f.rule_id) for f in facts] == [
        ("Telmark", "Orvane", "year", "fr.scorer")]


def test_how_often_the_article_names_a_party_is_a_feature() -> None:
    """The payment's parties are the story's protagonists; a one-sentence text says
    nothing either way."""
    ex = Extractor(prefer_statistical=False)
    text = ("Orvane renewed its forecasting deal. Orvane pays Telmark $3 million a month, "
            "Brixby said. Orvane also hired staff.")
    s = next(s for s in ex.analyse(text, "en").scored
             if s.payer.name == "Orvane" and s.payee.name == "Telmark")
    assert s.features.get("xfreq:top") == 1.0 and "yfreq:below" in s.features
    alone = next(s for s in ex.analyse("Orvane pays Telmark $3 million a month.", "en").scored
                 if s.payer.name == "Orvane")
    assert not [k for k in alone.features if "freq:" in k]


@pytest.mark.parametrize("text,lang,club", [
    # a club the nicknames lexicon lists, in another language's news
    ("Velmora versa all'Arsenal 40 milioni di euro a stagione.", "it", "Arsenal"),
    # a word only sports bodies' names hold (companies.toml `sports_name_words`)
    ("Velmora versera à la Ligue nationale de volley 3 millions d'euros par an.", "fr",
     "Ligue nationale de volley"),
])
def test_a_sports_club_or_league_is_a_feature(text: str, lang: str, club: str) -> None:
    """Sponsors and broadcasters pay clubs and leagues: which side of a reading the club is
    on is a feature; a company is none."""
    scored = Extractor(prefer_statistical=False).analyse(text, lang).scored
    paid = next(s for s in scored if s.payee.name == club)
    paying = next(s for s in scored if s.payer.name == club)
    assert "ysport" in paid.features and "xsport" not in paid.features
    assert "xsport" in paying.features and "ysport" not in paying.features


def test_the_shape_of_an_unknown_name_is_a_feature() -> None:
    a = Extractor(prefer_statistical=False).analyse(
        "Dazu zahlt die Landesverwaltung an Velmora 3 Millionen Euro im Jahr.", "de")
    feats = {f"{s.payer.name}>{s.payee.name}": s.features for s in a.scored}
    payer = next(f for k, f in feats.items() if k.startswith("Landesverwaltung>"))
    assert "xshape:end:de:ung" in payer


@pytest.mark.parametrize("text,lang,party,shape", [
    # a given name (rules/<lang>/given_names.txt) before another capitalised word: a person
    ("Florentino Pérez pagará a Velmora 3 millones de euros al año.", "es", "Florentino Pérez",
     "person"),
    ("Valérie Plante versera à Velmora 3 millions d'euros par an.", "fr", "Valérie Plante",
     "person"),
    # capitalised common words only: a word, not a company
    ("Harvest will pay Velmora $3 million a year.", "en", "Harvest", "common"),
])
def test_a_person_or_a_common_word_is_a_shape(text: str, lang: str, party: str,
                                              shape: str) -> None:
    scored = Extractor(prefer_statistical=False).analyse(text, lang).scored
    paying = next(s for s in scored if s.payer.name == party)
    paid = next(s for s in scored if s.payee.name == party)
    assert f"xshape:{shape}" in paying.features and f"yshape:{shape}" in paid.features
    assert not [k for k in paying.features if k in ("yshape:person", "yshape:common")]


def test_an_amount_alone_before_a_colon_takes_the_cue_after_it() -> None:
    """"Quasi 4 milioni al trimestre: è quanto A versa a B": the clause of the amount names
    no party, the clause after the colon says who pays."""
    a = Extractor(prefer_statistical=False).analyse(
        "Quasi 4 milioni di dollari al trimestre: è quanto Orvane versa a Telmark.", "it")
    s = next(s for s in a.scored if s.payer.name == "Orvane")
    assert "tk:pay" in s.features and "tk:none" not in s.features


def test_a_reading_no_rule_made_must_lead_the_next_one_by_the_margin() -> None:
    """Two close readings of one amount: the text does not settle who pays whom, so the
    scorer alone makes no fact; a clear lead makes one. A rule's reading is not held to it."""
    from dataclasses import replace

    shipped = scorer.model()
    assert shipped is not None
    m = replace(shipped, margin=0.2)  # a pointwise model's margin (the shipped one may have none)
    a = Extractor(prefer_statistical=False).analyse(
        "Orvane pays Telmark $3 million a month for forecasts.", "en")
    first, second = sorted(a.scored, key=lambda s: -s.score)[:2]
    lead = m.threshold + m.margin / 2
    close = [replace(first, rule=None, score=lead), replace(second, rule=None, score=lead - m.margin / 2)]
    assert scorer.select(close, m) == []
    clear = [replace(first, rule=None, score=lead), replace(second, rule=None, score=0.0)]
    assert scorer.select(clear, m) == [clear[0]]
    ruled = [replace(first, score=lead), replace(second, rule=None, score=lead - m.margin / 2)]
    assert first.rule is not None and scorer.select(ruled, m) == [ruled[0]]


def test_a_choice_model_shares_an_amount_between_its_readings_and_no_fact() -> None:
    """Under a choice model a reading is likely only against its rivals: two readings the
    features cannot tell apart share the amount, so neither reaches the threshold that
    each would reach alone; the shares and "no fact" add up to one."""
    from dataclasses import replace

    shipped = scorer.model()
    assert shipped is not None and shipped.choice
    a = Extractor(prefer_statistical=False).analyse(
        "Orvane pays Telmark $3 million a month for forecasts.", "en")
    assert 0.99 > sum(s.score for s in a.scored) > 0.5
    right = max(a.scored, key=lambda s: s.score)
    assert (right.payer.name, right.payee.name) == ("Orvane", "Telmark")
    twin = replace(right, payer=right.payee, payee=right.payer, rule=None)
    alone = scorer.score_amount([replace(right, rule=None)])[0].score
    pair = scorer.score_amount([replace(right, rule=None), twin])
    assert alone >= shipped.threshold
    assert pair[0].score == pair[1].score < min(alone, 0.5)
    pointwise = replace(shipped, choice=False)
    assert scorer.score_amount([replace(right, rule=None), twin], pointwise)[0].score == \
        scorer.probability(right.features, pointwise)


def test_the_pair_the_sentence_before_states_is_a_feature() -> None:
    """A deal stated without an amount, its value in the next sentence: the reading that
    agrees with the direction the rules read there says so, its reverse that it reverses
    it; the verb's reading comes first ("ordered ... from" is no order won from)."""
    ex = Extractor(prefer_statistical=False)
    a = ex.analyse("Telmark Railways has ordered 40 trainsets from Orvane. The order has a "
                   "total value of about $700 million.", "en")
    assert scorer.roles_before(a.views[0]) == (("Telmark Railways", "Orvane"),)
    agree = next(s for s in a.scored if s.payer.name == "Telmark Railways")
    reverse = next(s for s in a.scored if s.payer.name == "Orvane")
    assert "prole:agree|one" in agree.features and "prole:reverse|one" in reverse.features
    b = ex.analyse("Orvane opened a plant near Telmark Railways. The order has a total value "
                   "of $700 million.", "en")
    assert b.scored and not any(k.startswith("prole") for s in b.scored for k in s.features)
    c = ex.analyse("Orvane has signed a contract with the Ministry of Defence, and Telmark a "
                   "contract with the Home Office. The deal is worth $9 million.", "en")
    assert scorer.roles_before(c.views[0]) == ()  # two deals: whose value, nothing says


def test_the_word_two_before_a_name_is_a_feature() -> None:
    """"rather than X", "instead of X": the word before the preposition says whether X
    is a party to the deal at all (an ally marker, "together with X", takes X out before)."""
    a = Extractor(prefer_statistical=False).analyse(
        "Telmark, rather than Korvo, won a $700 million contract from Orvane.", "en")
    s = next(s for s in a.scored if s.payee.name == "Korvo")
    assert s.features.get("yw2:en:rather") == 1.0


def test_the_name_a_cue_governs_is_a_feature() -> None:
    """"... pagati a Datacorte": the name right after the cue, with no other party between,
    is the one it governs; a name further off is not."""
    a = Extractor(prefer_statistical=False).analyse(
        "Sestante Media pays Telmark and Brinmoor $2 million a year.", "en")
    near = next(s for s in a.scored if s.payer.name == "Sestante Media"
                and s.payee.name == "Telmark")
    far = next(s for s in a.scored if s.payer.name == "Sestante Media"
               and s.payee.name == "Brinmoor")
    kind = next(k for k in near.features if k.startswith("tk:") and "|" not in k)[3:]
    assert f"tk:{kind}|yRnext" in near.features and f"tk:{kind}|xLnext" in near.features
    assert f"tk:{kind}|yRnext" not in far.features


def test_a_rules_reading_whose_reverse_the_model_believes_loses_the_veto() -> None:
    """The rules' reading stands above the veto, unless the model reads its reverse at the
    threshold and the rules' own below it: then the reverse is the fact."""
    from dataclasses import replace

    m = scorer.model()
    assert m is not None
    a = Extractor(prefer_statistical=False).analyse(
        "Orvane pays Telmark $3 million a month for forecasts.", "en")
    rule = next(s for s in a.scored if s.rule is not None)
    rev = next(s for s in a.scored if s.payer.name == rule.payee.name
               and s.payee.name == rule.payer.name)
    assert "rule_reverse" in rev.features
    low = scorer.rule_veto(rule, m.veto) + 0.01  # its cue class's veto, if higher
    believed = [replace(rule, score=low), replace(rev, score=m.threshold + 0.1)]
    assert scorer.select(believed, m) == [believed[1]]
    doubted = [replace(rule, score=low), replace(rev, score=m.threshold - 0.1)]
    assert scorer.select(doubted, m) == [doubted[0]]
    both = [replace(rule, score=m.threshold), replace(rev, score=m.threshold + 0.1)]
    assert scorer.select(both, m) == [both[0]]


def test_a_deal_value_carried_from_the_clause_before_is_no_other_clause_party() -> None:
    """"X ordered ... from Y; the order is worth N": the rules carry the value to the
    parties before the semicolon, so that they stand in another clause says nothing."""
    a = Extractor(prefer_statistical=False).analyse(
        "Orvane ordered 90 trains from Telmark; the order is worth €4bn.", "en")
    s = next(s for s in a.scored if s.rule is not None)
    assert s.rule.rule_id.endswith(".value") and (s.payer.name, s.payee.name) == (
        "Orvane", "Telmark")
    assert not {"xclause", "yclause"} & set(s.features)
    other = next(s for s in a.scored if s.rule is None)
    assert {"xclause", "yclause"} & set(other.features)


def test_a_rule_that_found_one_side_only_is_a_feature() -> None:
    """"Lotte will pay ...": the rules read the payer and no payee; the readings that keep
    that payer say so, the reversed ones say the opposite."""
    a = Extractor(prefer_statistical=False).analyse(
        "The Guam International Airport Authority extended the concession of Lotte Duty Free. "
        "Under the new terms, Lotte will pay a fixed rent of $2.64 million a year.", "en")
    assert any(c.payer == "Lotte" and c.payee is None for c in a.candidates)
    half = {(s.payer.name, s.payee.name): s.features for s in a.scored}
    assert half[("Lotte", "Guam International Airport Authority")].get("half") == 1.0
    assert half[("Guam International Airport Authority", "Lotte")].get("half_reverse") == 1.0
    assert "half" not in half[("Guam International Airport Authority", "Lotte")]


def test_word_dropout_copies_the_rows_without_their_words() -> None:
    """--word-dropout trains on the rows and a copy whose word features are dropped (all of
    them at P=1): the structure alone must then tell the readings apart."""
    import numpy as np
    import scipy.sparse as sp

    sys.path.insert(0, str(ROOT / "scripts"))
    from train_scorer import WORD_FEATURES, with_dropout

    names = ["aw:en:fee", "rule", "bx:en:to", "xm:to"]
    word_cols = np.array([n.startswith(WORD_FEATURES) for n in names])
    X = sp.csr_matrix(np.array([[1.0, 1.0, 1.0, 0.0], [0.0, 1.0, 1.0, 1.0]]))
    groups = [(0, 5, 9), (0, 5, 9)]
    X2, y2, g2, w2 = with_dropout(X, np.array([1, 0]), groups, None, word_cols, 1.0)
    dense = X2.toarray()
    assert (dense[:2] == X.toarray()).all()
    assert (dense[2:, word_cols] == 0).all() and (dense[2:, ~word_cols] == X.toarray()[:, ~word_cols]).all()
    assert list(y2) == [1, 0, 1, 0] and w2 is None
    assert g2[:2] == groups and len(set(g2[2:]) & set(groups)) == 0 and g2[2] == g2[3]
