"""The quick check of a cell agrees with check_value: the same typed value, and only where there is no finding."""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import given, settings, strategies as st

from engine.benchmarks import DOMAIN_IDS, get_domain
from engine.spec import Choice, Field, FormSheet
from engine.text import Text
from engine.validation.checks import NEEDS_CHECK, check_value, quick_check


def _declared_fields() -> list[Field]:
    fields = []
    for domain_id in DOMAIN_IDS:
        for sheet in get_domain(domain_id).sheets:
            fields += sheet.fields if isinstance(sheet, FormSheet) else sheet.columns
    return fields


_T = Text("Felt", "Field")
_BOUND = st.none() | st.integers(-5, 5) | st.floats(-5, 5, allow_nan=False)


@st.composite
def fields(draw) -> Field:
    """A declared field of any domain, or an ad-hoc one with random bounds, choices and length."""
    declared = _declared_fields()
    if draw(st.booleans()):
        return draw(st.sampled_from(declared))
    kind = draw(st.sampled_from(["integer", "number", "text", "email", "choice", "date"]))
    required = draw(st.booleans())
    if kind in ("integer", "number"):
        low, high, plausible_low, plausible_high = (draw(_BOUND) for _ in range(4))
        return Field("f", _T, kind, required=required, minimum=low, maximum=high, plausible_minimum=plausible_low,
                     plausible_maximum=plausible_high, number_format=draw(st.sampled_from([None, "0"])))
    if kind == "choice":
        labels = st.sampled_from(["A", "a", "Ja", "JA", "nej", "No", " x ", "Ø", "ø", "ß", "SS"])
        choices = draw(st.lists(st.tuples(labels, labels, labels), min_size=1, max_size=4))
        return Field("f", _T, kind, required=required,
                     choices=tuple(Choice(i, Text(da, en)) for i, da, en in choices))
    if kind == "date":
        return Field("f", _T, kind, required=required, minimum=dt.date(2020, 1, 1))
    return Field("f", _T, kind, required=required, max_length=draw(st.none() | st.integers(0, 6)))


RAW = (st.floats(allow_nan=True, allow_infinity=True) | st.integers(-10, 10).map(float)
       | st.sampled_from([0.5, -0.0, 1e300, 2.0, 3.0]) | st.integers(-10, 10) | st.booleans() | st.none()
       | st.sampled_from(["", " ", "\t", "a", "A", "ja", " Ja ", "JA", "nej", "No", "Ø", "ß", "SS", "x@y.dk", "x@y",
                          "a@b.c", "1", "1,5", "NaN", "=1+1", "abcdefgh"])
       | st.text(max_size=8) | st.dates() | st.datetimes())


@settings(max_examples=3000, deadline=None)
@given(fields(), RAW, st.sampled_from(["da", "en"]))
def test_quick_check_gives_check_values_value_exactly_where_there_is_no_finding(field, raw, lang):
    checked = check_value(field, raw, lang)
    quick = quick_check(field)(raw)
    if quick is NEEDS_CHECK:
        return
    assert checked.findings == ()
    assert type(quick) is type(checked.value)
    assert quick == checked.value or (isinstance(quick, float) and math.isnan(quick) and math.isnan(checked.value))


def test_genuine_values_take_the_quick_check():
    """Plain valid values, as the reader gives them, never need the full check."""
    level = Field("c", _T, "integer", minimum=0, maximum=3)
    share = Field("d", _T, "number", minimum=0, maximum=1)
    answer = Field("a", _T, "choice", choices=(Choice("yes", Text("Ja", "Yes")), Choice("no", Text("Nej", "No"))))
    comment = Field("k", _T, "text", required=False)
    assert quick_check(level)(3.0) == 3 and type(quick_check(level)(3.0)) is int
    assert quick_check(share)(0.25) == 0.25
    assert quick_check(answer)(" nej ") == "no"
    assert quick_check(comment)("") is None
    assert quick_check(comment)("fint") == "fint"
    # A date, a blank required cell or a value out of bounds is judged by check_value.
    assert quick_check(Field("t", _T, "date"))(dt.datetime(2026, 3, 4)) is NEEDS_CHECK
    assert quick_check(level)("") is NEEDS_CHECK
    assert quick_check(level)(4.0) is NEEDS_CHECK
    assert quick_check(share)(float("nan")) is NEEDS_CHECK
