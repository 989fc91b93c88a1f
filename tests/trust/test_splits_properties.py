"""Property tests (hypothesis): every way FundOps divides money adds up to the penny.

* ``reporting.calc.money.split_pro_rata`` (largest remainder): the parts sum exactly to the
  total, each is a whole number of pennies, never negative for a positive total, and within
  one penny of its exact share;
* the co-investor split (``reporting.schedule._private_shares``): a round's private money is
  shared between the fund's holdings in it in proportion to the fund's money, summing exactly
  to the round's figure;
* grant claims and payments (``grants.services.claims`` / ``payments``): each claim's grant
  share is the intervention rate × approved costs to the half penny (ROUND_HALF_UP) unless the
  award's headroom caps it; the payments sum exactly to the approved grant shares, never pass
  the award, and the award never passes rate × eligible costs; once a claim is capped the
  payments reach the award to the penny.

Examples are bounded (``max_examples``) and derandomised so CI is quick and repeatable.
"""

from __future__ import annotations

import uuid
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from fundops.api.errors import DomainError
from grants.models import Application, Call, Claim, Payment
from grants.services import claims, payments
from reporting.calc.money import PENNY, split_pro_rata
from reporting.schedule import _private_shares
from tests.grants.conftest import Walk

PURE = settings(max_examples=200, deadline=None, derandomize=True)

pennies = st.integers(min_value=0, max_value=10**12)  # up to £10bn
weights = st.lists(
    st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=12,
).filter(lambda ws: sum(ws) > 0)


def _money(p: int) -> Decimal:
    return Decimal(p) * PENNY


@PURE
@given(total=pennies, ws=weights, negative=st.booleans())
def test_split_pro_rata_sums_to_the_penny_and_each_part_is_within_a_penny(total, ws, negative):
    amount = -_money(total) if negative else _money(total)

    parts = split_pro_rata(amount, ws)

    assert len(parts) == len(ws)
    assert sum(parts, Decimal(0)) == amount
    weight_sum = sum(ws, Decimal(0))
    for part, weight in zip(parts, ws, strict=True):
        assert part == part.quantize(PENNY)
        assert part.as_tuple().exponent == -2
        assert (part <= 0) if negative else (part >= 0)
        exact = Fraction(amount) * Fraction(weight) / Fraction(weight_sum)
        assert abs(Fraction(part) - exact) < Fraction(1, 100)
        if weight == 0:
            assert part == 0


@PURE
@given(total=pennies, ws=weights)
def test_split_pro_rata_mirrors_a_refund(total, ws):
    assert split_pro_rata(-_money(total), ws) == [-p for p in split_pro_rata(_money(total), ws)]


rounds_strategy = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=10**10),  # the round's private money, pennies
        # the fund's holdings in the round, pennies (0 = a converted note's equity)
        st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=6),
    ),
    min_size=1,
    max_size=6,
)


@PURE
@given(rounds=rounds_strategy)
def test_co_investor_money_is_shared_between_holdings_to_the_penny(rounds):
    round_ids, fund, private = [], [], []
    for round_id, (amount, holdings) in enumerate(rounds, start=1):
        round_ids += [round_id] * len(holdings)
        fund += holdings
        private.append(_money(amount))
    investments = pd.DataFrame({"round_id": round_ids})
    round_frame = pd.DataFrame(
        {"round_id": range(1, len(rounds) + 1), "private_same_terms": private}
    )

    shares = _private_shares(investments, np.array(fund, dtype=np.int64), round_frame)

    assert shares.dtype == np.int64
    position = 0
    for amount, holdings in rounds:
        mine = shares[position : position + len(holdings)].tolist()
        position += len(holdings)
        fund_total = sum(holdings)
        if fund_total == 0:
            assert mine == [0] * len(holdings)
            continue
        assert sum(mine) == amount
        for part, held in zip(mine, holdings, strict=True):
            assert part >= 0
            assert abs(Fraction(part) - Fraction(amount * held, fund_total)) < 1
            if held == 0:
                assert part == 0


COST_LINE = Decimal("30000.00")
rates = st.integers(min_value=1, max_value=10_000).map(lambda n: Decimal(n) / 10_000)
claim_amounts = st.lists(
    st.integers(min_value=1, max_value=1_000_000).map(_money), min_size=1, max_size=4
).filter(lambda xs: sum(xs) <= COST_LINE)


@pytest.fixture
def walk(make_user, applicant):  # type: ignore[no-untyped-def]
    return Walk(make_user, applicant)


@pytest.fixture
def accepted(walk):  # type: ignore[no-untyped-def]
    return walk.accepted(costs=[("Rig", "equipment", COST_LINE)])


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    # Shrinking a database example takes minutes; the failing example is printed unshrunk.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(rate=rates, award_fraction=st.fractions(0, 1), amounts=claim_amounts)
def test_claim_shares_and_payments_sum_to_the_penny_within_the_award(
    walk, accepted, rate, award_fraction, amounts
):
    cap = (COST_LINE * rate).quantize(PENNY, rounding=ROUND_DOWN)  # rate × eligible, down
    award = _money(int(Fraction(cap / PENNY) * award_fraction)) or PENNY
    with transaction.atomic():  # each example rolls back to the accepted application
        Call.objects.filter(pk=accepted.call_id).update(intervention_rate=rate)
        Application.objects.filter(pk=accepted.pk).update(amount_awarded=award)
        app = Application.objects.get(pk=accepted.pk)
        capped = False
        shares: list[Decimal] = []
        for amount in amounts:
            exact = amount * rate
            headroom = award - sum(shares, Decimal(0))
            expected = min(claims.to_pennies(exact), headroom)
            if expected <= 0:
                with pytest.raises(DomainError):
                    walk.approved_claim(app, amount=amount)
                break
            claim = walk.approved_claim(app, amount=amount)
            share = claim.grant_amount
            assert share.as_tuple().exponent == -2
            assert share == expected
            assert 0 < share <= exact + Decimal("0.005")
            capped = capped or share < claims.to_pennies(exact)
            payments.payment_release(
                claim=claim, by=walk.finance, idempotency_key=str(uuid.uuid4())
            )
            shares.append(share)
        paid = list(Payment.objects.filter(claim__application=app).values_list("amount", flat=True))
        assert sorted(paid) == sorted(shares)
        total = sum(paid, Decimal(0))
        assert total == claims.application_paid_total(app)
        assert total <= award <= COST_LINE * rate
        if capped:
            assert total == award
        assert Claim.objects.filter(application=app, status=Claim.Status.PAID).count() == len(
            shares
        )
        transaction.set_rollback(True)
