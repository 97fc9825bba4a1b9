"""Property tests over the declarations: valid fills pass, one corrupted cell gives one issue there."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import edit, findings, input_ref, valid_values, write_filled
from engine.benchmarks import get_domain
from engine.spec import Field, FormSheet
from engine.validation.validate import validate_file

DOMAIN = get_domain("administration")
_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example, HealthCheck.data_too_large])

def _text(max_size: int) -> st.SearchStrategy:
    return st.text(st.characters(min_codepoint=32, max_codepoint=0x2FF, exclude_categories=("Cs", "Cc")),
                   min_size=1, max_size=max_size).filter(lambda s: s.strip())


def valid_value(field: Field) -> st.SearchStrategy:
    """Any value the declaration allows, within the plausible band where one is declared."""
    if field.type in ("integer", "number"):
        low = field.plausible_minimum if field.plausible_minimum is not None else field.minimum
        high = field.plausible_maximum if field.plausible_maximum is not None else field.maximum
        low = 0 if low is None else low
        high = low + 5 if high is None else high
        if field.type == "integer":
            return st.integers(int(low), int(high))
        return st.floats(low, high, allow_nan=False).map(lambda x: round(x, 4))
    if field.type == "choice":
        return st.sampled_from([c.id for c in field.choices])
    if field.type == "email":
        return st.from_regex(r"[a-z]{1,12}@[a-z]{2,12}\.dk", fullmatch=True)
    return _text(min(40, field.max_length or 40))  # includes text starting with "=", which must stay text


def _cells():
    for sheet in DOMAIN.sheets:
        if isinstance(sheet, FormSheet):
            for field in sheet.fields:
                yield sheet.id, None, field
        else:
            for item in sheet.rows:
                for field in sheet.columns:
                    yield sheet.id, item.key, field


CELLS = list(_cells())


def _optional(field: Field) -> st.SearchStrategy:
    return valid_value(field) if field.required else st.none() | valid_value(field)


@st.composite
def filled_values(draw):
    """Every input filled. Table rows reuse a few drawn rows, so the draw stays small for 300 rows."""
    values = {}
    rng = draw(st.randoms(use_true_random=False))
    for sheet in DOMAIN.sheets:
        if isinstance(sheet, FormSheet):
            for field in sheet.fields:
                values[(sheet.id, field.id)] = draw(_optional(field))
            continue
        patterns = draw(st.lists(st.tuples(*(_optional(f) for f in sheet.columns)), min_size=1, max_size=6))
        for item in sheet.rows:
            for field, value in zip(sheet.columns, rng.choice(patterns)):
                values[(sheet.id, item.key, field.id)] = value
    return {key: value for key, value in values.items() if value is not None}


@_SETTINGS
@given(values=filled_values())
def test_any_valid_fill_has_no_errors(values):
    with tempfile.TemporaryDirectory() as tmp:
        result = validate_file(write_filled(Path(tmp) / "filled.xlsx", values))
    assert [i for i in result.issues if i.severity == "error"] == []
    for (sheet_id, *rest), value in values.items():
        if len(rest) == 1:
            assert result.submission.form_value(rest[0]) == value
        else:
            key, field_id = rest
            assert result.submission.tables[sheet_id][key][field_id].value == value


def corruptions(field: Field) -> list[tuple[str, object]]:
    """(expected code, what a person might type) for one cell of ``field``."""
    options: list[tuple[str, object]] = [("formula-in-input", "=1+1")]
    if field.required:
        options.append(("required-missing", None))
    if field.is_numeric:
        options.append(("not-a-number", "cirka 2"))
        if field.maximum is not None:
            options.append(("out-of-range", field.maximum + 1))
        if field.minimum is not None:
            options.append(("out-of-range" if field.maximum is not None else "below-minimum", field.minimum - 1))
        if field.type == "integer":
            options.append(("not-an-integer", (field.minimum or 0) + 0.5))
    elif field.type == "choice":
        options.append(("not-in-list", "Ikke på listen"))
    elif field.type == "email":
        options.append(("invalid-email", "ikke en adresse"))
    elif field.max_length:
        options.append(("text-too-long", "x" * (field.max_length + 1)))
    return options


@_SETTINGS
@given(seed=st.integers(0, 10_000), cell=st.sampled_from(CELLS), choice=st.integers(0, 10))
def test_one_corrupted_cell_gives_exactly_one_issue_there(seed, cell, choice):
    sheet_id, key, field = cell
    code, typed = corruptions(field)[choice % len(corruptions(field))]
    with tempfile.TemporaryDirectory() as tmp:
        path = write_filled(Path(tmp) / "filled.xlsx", valid_values(seed))
        assert findings(validate_file(path)) == []
        sheet_name, ref = input_ref(DOMAIN, sheet_id, field.id, key)
        result = validate_file(edit(path, {(sheet_name, ref): typed}))
    assert findings(result) == [(code, sheet_name, ref)]
