"""Output names are the engine's: nothing a workbook holds can leave the output folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from conftest import findings
from engine.benchmarks import get_domain
from engine.workbook.output_paths import key_slug, output_file, report_path
from engine.benchmarks.botilbud.synthetic import draw_round
from engine.templates.writer import write_template
from engine.validation.validate import validate_file

SAFE_NAME = re.compile(r"[a-z0-9][a-z0-9-]*(_[a-z0-9-]+)?\.xlsx")


@settings(max_examples=300, deadline=None)
@given(participant=st.text(min_size=1, max_size=80), name=st.text(max_size=200))
def test_report_names_are_safe_and_stay_in_the_folder(participant, name):
    out = Path("/srv/out")
    path = report_path(out, participant, name)
    assert path.parent == out
    assert SAFE_NAME.fullmatch(path.name), path.name
    assert len(path.name.encode()) < 200


@pytest.mark.parametrize("hostile", ["../x", "/etc/passwd", "..", "a\nb", 'con:*?"<>|', "C:\\Windows", "\0"])
def test_hostile_keys_get_distinct_plain_names(hostile):
    path = report_path(Path("out"), hostile, "Botilbud")
    assert path.parent == Path("out") and "/" not in path.name and "\\" not in path.name
    assert key_slug(hostile) != key_slug(hostile + "x")


def test_two_keys_that_slug_alike_do_not_share_a_file():
    assert report_path("out", "a/b", "x") != report_path("out", "a-b", "x")


@pytest.mark.parametrize("name", ["../x", "a/b", "", "..", "x\n"])
def test_output_file_refuses_anything_but_a_plain_name(name):
    with pytest.raises(ValueError):
        output_file("out", name)


# A line break inside a key stays (as a space) and is refused; around it, it is trimmed (engine.identity).
@pytest.mark.parametrize("facility_id", ["../x", "/tmp/evil", "BO 0451", "BO-0451\nBO-1", "BO/1"])
def test_participant_id_outside_its_pattern_is_a_located_error(tmp_path, facility_id):
    facility = draw_round(seed=3, size=1, year=2026)[0]
    values = {**facility.questionnaire, ("front", "facility_id"): facility_id}
    result = validate_file(write_template(get_domain("botilbud"), tmp_path / "q.xlsx", "da", values))
    assert ("participant-id-invalid", "Tilbud", "B5") in findings(result)
    assert result.submission.participant is None and not result.valid
