"""xirr_many (one call for many investments) gives, series by series, what xirr gives."""

from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reporting.calc import xirr, xirr_frame, xirr_many, xirr_rates

START = date(2015, 1, 1)


def random_book(seed: int, n_series: int) -> list[tuple[list[date], list[Decimal]]]:
    """Investment-like series (money in first, then back) mixed with arbitrary ones, some of
    which have no rate and some several."""
    rng = np.random.default_rng(seed)
    book = []
    for i in range(n_series):
        n = int(rng.integers(1, 25))
        days = rng.integers(0, 4000, n)
        amounts = rng.normal(0, 10_000, n).round(2)
        if i % 2 == 0:  # investment-like: the earliest flow is a payment in
            first = int(np.argmin(days))
            amounts[first] = -abs(amounts[first]) - 5_000
        if i % 17 == 0:  # a written-off investment: nothing back, no rate
            amounts = -np.abs(amounts)
        dates = [START + timedelta(days=int(d)) for d in days]
        book.append((dates, [Decimal(f"{a:.2f}") for a in amounts]))
    return book


def test_agrees_with_xirr_on_three_hundred_random_series() -> None:
    book = random_book(seed=2024, n_series=300)
    many = xirr_many(book)
    one_by_one = [xirr(dates, amounts) for dates, amounts in book]
    assert len(many) == len(book)
    assert sum(rate is None for rate in many) >= 20  # the check covers "no rate" too
    for batch_rate, single_rate in zip(many, one_by_one, strict=True):
        if single_rate is None:
            assert batch_rate is None
        else:
            assert batch_rate == pytest.approx(single_rate, abs=1e-10)


def test_every_rate_found_zeroes_the_npv() -> None:
    book = random_book(seed=7, n_series=200)
    for (dates, amounts), rate in zip(book, xirr_many(book), strict=True):
        if rate is not None:
            # Relative to the discounted flows themselves: near -100 % they are huge.
            terms = [
                float(a) / (1 + rate) ** ((d - min(dates)).days / 365)
                for d, a in zip(dates, amounts, strict=True)
            ]
            assert abs(sum(terms)) <= 1e-9 * sum(abs(t) for t in terms)


@settings(max_examples=60, deadline=None, database=None)
@given(
    st.lists(
        st.lists(
            st.tuples(st.integers(0, 3650), st.integers(-100_000, 100_000)),
            min_size=0,
            max_size=12,
        ),
        min_size=1,
        max_size=20,
    )
)
def test_agrees_with_xirr_on_generated_series(raw: list[list[tuple[int, int]]]) -> None:
    book = [
        ([START + timedelta(days=d) for d, _ in flows], [Decimal(a) / 100 for _, a in flows])
        for flows in raw
    ]
    for (dates, amounts), rate in zip(book, xirr_many(book), strict=True):
        single = xirr(dates, amounts)
        assert (rate is None) == (single is None)
        if rate is not None and single is not None:
            assert rate == pytest.approx(single, rel=1e-12, abs=1e-10)


def test_numpy_arrays_give_the_same_rates_as_python_objects() -> None:
    book = random_book(seed=5, n_series=50)
    as_arrays = [
        (np.array([np.datetime64(d) for d in dates]), np.array([float(a) for a in amounts]))
        for dates, amounts in book
    ]
    rates = xirr_rates(as_arrays)
    for array_rate, rate in zip(rates, xirr_many(book), strict=True):
        assert (rate is None and np.isnan(array_rate)) or array_rate == pytest.approx(rate)


def test_results_stay_in_input_order_with_none_where_no_rate() -> None:
    a_year = [START, START + timedelta(days=365)]
    book = [(a_year, [-100, 120]), (a_year, [-100, -5]), ([], []), (a_year, [-100, 110])]
    assert xirr_many(book) == [pytest.approx(0.2), None, None, pytest.approx(0.1)]
    assert xirr_many([]) == []


def test_a_mismatched_series_is_named_in_the_error() -> None:
    a_year = [START, START + timedelta(days=365)]
    with pytest.raises(ValueError, match="series 1"):
        xirr_many([(a_year, [-100, 120]), (a_year, [-100])])


def test_frame_of_rows_gives_one_rate_per_group() -> None:
    frame = pd.DataFrame(
        {
            "investment": ["b", "a", "b", "a", "c"],
            "date": pd.to_datetime(
                ["2020-01-01", "2021-01-01", "2020-12-31", "2020-01-02", "2020-06-30"]
            ),
            "amount": [-100.0, 121.0, 110.0, -100.0, -50.0],
        }
    )
    rates = xirr_frame(frame, by="investment")
    assert list(rates.index) == ["a", "b", "c"]
    assert rates["a"] == pytest.approx(xirr([date(2020, 1, 2), date(2021, 1, 1)], [-100, 121]))
    assert rates["b"] == pytest.approx(0.10)  # 2020-01-01 to 2020-12-31 is 365 days
    assert np.isnan(rates["c"])


def test_frame_accepts_date_objects_and_decimals() -> None:
    frame = pd.DataFrame(
        {
            "series_id": [1, 1],
            "date": [date(2020, 1, 1), date(2020, 12, 31)],
            "amount": [Decimal("-100.00"), Decimal("110.00")],
        }
    )
    assert xirr_frame(frame)[1] == pytest.approx(0.10)


def test_frame_with_a_missing_amount_is_refused() -> None:
    frame = pd.DataFrame(
        {"series_id": [1, 1], "date": pd.to_datetime(["2020-01-01", "2021-01-01"])}
    ).assign(amount=[-100.0, None])
    with pytest.raises(ValueError, match="missing"):
        xirr_frame(frame)
