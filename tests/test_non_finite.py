"""NaN and infinity are errors at their cell, and ``--json`` stays strict JSON whatever a file holds."""

from __future__ import annotations

import json
import re
import zipfile

import pytest

from conftest import findings, write_filled
from engine.cli import main
from engine.validation.validate import validate_file

FIN_PART = "xl/worksheets/sheet3.xml"  # 'Økonomi'


def with_stored_value(source, target, ref: str, stored: str):
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == FIN_PART:
                data, count = re.subn(rf'<c r="{ref}"([^>]*?)(?:/>|>.*?</c>)'.encode(),
                                      rf'<c r="{ref}"\1><v>{stored}</v></c>'.encode(), data, count=1)
                assert count == 1
            zout.writestr(info, data)
    return target


@pytest.mark.parametrize("stored, shown", [("NaN", "NaN"), ("inf", "Infinity"), ("-Infinity", "-Infinity")])
def test_a_non_finite_number_is_an_error_at_its_cell(tmp_path, stored, shown):
    path = with_stored_value(write_filled(tmp_path / "ok.xlsx"), tmp_path / "nan.xlsx", "G6", stored)
    result = validate_file(path)
    assert findings(result) == [("number-not-finite", "Økonomi", "G6")]
    assert shown in result.issues[0].message("da") and "nan årsværk" not in result.issues[0].message("da")


def test_json_output_is_strict_with_non_finite_values(tmp_path, capsys):
    path = with_stored_value(write_filled(tmp_path / "ok.xlsx"), tmp_path / "nan.xlsx", "G6", "NaN")
    assert main(["validate", "--json", str(path)]) == 1
    out = capsys.readouterr().out
    document = json.loads(out, parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))
    [issue] = document["files"][0]["issues"]
    assert issue["code"] == "number-not-finite" and issue["params"]["found"] == "NaN"
