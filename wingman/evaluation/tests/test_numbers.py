"""Numbers for people: each case is written out by hand."""

from __future__ import annotations

import math

import pytest

from wingman.evaluation import numbers

M = "\u2212"  # the minus sign people read


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1166.4, "1,166"),
        (-621.2, f"{M}621"),
        (2954.0, "2,954"),
        (1234567.8, "1,234,568"),
        (0.0421, "0.0421"),
        (0.04216, "0.0422"),
        (12.345, "12.3"),
        (123.45, "123"),
        (2.5, "2.5"),
        (0.1, "0.1"),
        (0.09996, "0.1"),
        (999.6, "1,000"),
        (0.0000123456, "0.0000123"),
        (-0.000012, f"{M}0.000012"),
        (1e20, "100,000,000,000,000,000,000"),
        (0.0, "0"),
        (-0.0, "0"),
        (None, "n/a"),
        (math.nan, "n/a"),
        (math.inf, "n/a"),
    ],
)
def test_a_number_has_three_figures_or_its_whole_part_with_commas_and_a_real_minus(value, text):
    assert numbers.number(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1166.4, "+1,166"),
        (-621.0, f"{M}621"),
        (0.0421, "+0.0421"),
        (-0.0421, f"{M}0.0421"),
        (0.0, "0"),
        (None, "n/a"),
    ],
)
def test_a_difference_always_carries_its_sign(value, text):
    assert numbers.signed(value) == text


def test_an_interval_shows_both_ends_signed():
    assert numbers.interval(-621.3, 2954.1) == f"{M}621 to +2,954"
    assert numbers.interval(-0.0104, 0.0941, in_points=True) == f"{M}1.0 to +9.4"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.0421, "+4.2"),
        (-0.0104, f"{M}1.0"),
        (0.00049, "0.0"),
        (-0.00049, "0.0"),
        (0.12345, "+12.3"),
        (None, "n/a"),
    ],
)
def test_a_difference_between_rates_is_in_percentage_points(value, text):
    assert numbers.points(value) == text


@pytest.mark.parametrize(
    ("n", "text"),
    [(16000, "16,000"), (5, "5"), (0, "0"), (1_000_000, "1,000,000"), (None, "n/a")],
)
def test_a_count_has_thousands_separators(n, text):
    assert numbers.count(n) == text


@pytest.mark.parametrize(
    ("p", "text"),
    [
        (0.0, "p < 0.001"),
        (0.00099, "p < 0.001"),
        (1.2e-9, "p < 0.001"),
        (0.001, "p = 0.001"),
        (0.034, "p = 0.034"),
        (0.03449, "p = 0.034"),
        (0.0456, "p = 0.046"),
        (0.00204, "p = 0.002"),
        (0.5, "p = 0.5"),
        (0.0999, "p = 0.1"),
        (1.0, "p = 1"),
        (None, "p = n/a"),
    ],
)
def test_a_p_value_reads_as_a_phrase_without_scientific_notation(p, text):
    assert numbers.p_value(p) == text


@pytest.mark.parametrize(
    ("part", "whole", "beside", "text"),
    [
        (104, 1000, None, "10.4%"),
        (104, 1000, 0.10, "10.4%"),
        (250, 1000, None, "25.0%"),
        (1001, 10000, 0.10, "10.01%"),
        (10004, 100000, 0.10, "10.004%"),
        (1000, 10000, 0.10, "10.0%"),
        (999, 10000, 0.10, "9.99%"),
        (9996, 100000, 0.10, "9.996%"),
        (1, 100000, None, "0.001%"),
        (99999, 100000, None, "99.999%"),
        (100, 100, None, "100.0%"),
        (0, 100, None, "0.0%"),
        (125, 1000, None, "12.5%"),
        (1245, 10000, None, "12.5%"),
        (1, 3, None, "33.3%"),
        (1, 0, None, "n/a"),
    ],
)
def test_a_share_never_rounds_onto_or_across_the_line_it_stands_beside(part, whole, beside, text):
    assert numbers.share(part, whole, beside=beside) == text


@pytest.mark.parametrize(
    ("rate", "text"),
    [(0.315, "31.5%"), (0.3, "30.0%"), (0.0421, "4.2%"), (None, "n/a"), (math.nan, "n/a")],
)
def test_a_rate_is_a_percentage(rate, text):
    assert numbers.percent(rate) == text
