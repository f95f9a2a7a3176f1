"""The fast component search finds exactly the components of comparing every pair."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.clustering import Observation, components, same_payment


def reference_components(observations):
    """The original algorithm: `same_payment` on every pair, union-find, by first id."""
    obs = sorted(observations, key=lambda o: o.evidence_id)
    parent = list(range(len(obs)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(obs)):
        for j in range(i + 1, len(obs)):
            if same_payment(obs[i], obs[j]):
                parent[find(j)] = find(i)
    groups = defaultdict(list)
    for i, o in enumerate(obs):
        groups[find(i)].append(o)
    return list(groups.values())


def obs(i, amount=20e6, currency="USD", period="month", usd=240e6, as_of=None, kind="payment",
        share=None, segment=None):
    return Observation(i, 0, kind, i, amount, currency, period, None, False, None, as_of, usd,
                       share, segment, 0.8, 0, None, None)


# Values around the tolerances (2% same currency, 5% across currencies, 0.5 pp shares), the
# date rule's edges (New Year, 92 days, unparseable text) and values the fast path sets aside.
_AMOUNTS = [20e6, 20.4e6, 20.41e6, 20.8e6, 19.6e6, 240e6, 0.0, -1e6, None, float("nan"),
            float("inf")]
_USD = [240e6, 244.8e6, 245e6, 252e6, 228.6e6, 12e6, 0.0, None, float("nan")]
_DATES = [None, "", "2025", "2025-01-01", "2025-01-02", "2025-01-15", "2025-10-01",
          "2025-12-30", "2026-01-03",
          "2026-04-04", "2026-04-05", "2024-10-01", "2024-12-31T10:00:00Z", "someday",
          "2025-13-01"]
_SHARES = [25.0, 25.5, 25.51, 26.0, 24.5, None, float("nan")]

_payment = st.builds(
    lambda a, c, p, u, d: dict(amount=a, currency=c, period=p, usd=u, as_of=d),
    st.sampled_from(_AMOUNTS), st.sampled_from(["USD", "EUR", None]),
    st.sampled_from(["month", "year", None]), st.sampled_from(_USD), st.sampled_from(_DATES))
_share = st.builds(
    lambda s, g, d: dict(kind="revenue_share", amount=None, currency=None, period=None,
                         usd=None, share=s, segment=g, as_of=d),
    st.sampled_from(_SHARES), st.sampled_from([None, "AI", "ai", "cloud"]),
    st.sampled_from(_DATES))


def ids(groups):
    return [[o.evidence_id for o in g] for g in groups]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_payment, _payment, _share), max_size=30), st.randoms())
def test_components_equal_the_all_pairs_reference(fields, rnd):
    observations = [obs(i, **f) for i, f in enumerate(fields)]
    rnd.shuffle(observations)
    assert ids(components(observations)) == ids(reference_components(observations))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(1e6, 2e6), st.sampled_from(["USD", "EUR"]),
                          st.sampled_from(_DATES)), max_size=40))
def test_components_equal_the_reference_on_dense_amounts(values):
    observations = [obs(i, amount=a, currency=c, usd=a * 12 * (1.0 if c == "USD" else 1.08),
                        as_of=d) for i, (a, c, d) in enumerate(values)]
    assert ids(components(observations)) == ids(reference_components(observations))


def test_chains_merge_through_the_middle_value():
    # 20.0 and 20.8 are 3.8% apart, but each is within 2% of 20.4
    groups = components([obs(1, 20e6, usd=None), obs(2, 20.8e6, usd=None),
                         obs(3, 20.4e6, usd=None)])
    assert ids(groups) == [[1, 2, 3]]
    assert ids(components([obs(1, 20e6, usd=None), obs(2, 20.8e6, usd=None)])) == [[1], [2]]


def test_dates_chain_across_new_year_but_not_across_a_gap():
    groups = components([obs(1, as_of="2025-12-30"), obs(2, as_of="2026-01-03"),
                         obs(3, as_of="2024-06-01"), obs(4, as_of="2026-04-05")])
    assert ids(groups) == [[1, 2, 4], [3]]  # 4 is 2026 like 2; 3 is far from all
    unknown = components([obs(1, as_of="2025-12-30"), obs(2, as_of="2024-06-01"), obs(3)])
    assert ids(unknown) == [[1, 2, 3]]  # an unknown date matches every date


def test_the_92_day_window_is_inclusive_within_and_across_values():
    for other in (obs(2, as_of="2025-01-01"), obs(2, 240e6, period="year", as_of="2025-01-01")):
        assert ids(components([obs(1, as_of="2024-10-01"), other])) == [[1, 2]]  # 92 days
        late = other._replace(as_of="2025-01-02")  # 93 days
        assert ids(components([obs(1, as_of="2024-10-01"), late])) == [[1], [2]]


def test_cross_currency_usd_rule_and_irregular_values():
    eur = obs(2, amount=18.5e6, currency="EUR", usd=250e6)  # 4.0% from 240M: cross-currency
    assert ids(components([obs(1), eur])) == [[1, 2]]
    same_ccy = obs(2, amount=240e6, period="year", usd=250e6)  # same currency: 2% applies
    assert ids(components([obs(1), same_ccy])) == [[1], [2]]
    nan_amount = obs(2, amount=float("nan"), currency="EUR", usd=240e6)
    assert (ids(components([obs(1), nan_amount, obs(3, amount=float("nan"), usd=None)]))
            == [[1, 2], [3]])
