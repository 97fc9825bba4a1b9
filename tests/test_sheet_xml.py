"""The worksheet scan cannot be fooled by how a cell is written: every valid spelling is caught.

Hypothesis writes the same sheet in many valid XML variants (namespace prefix or default
namespace, quotes, whitespace around ``=`` and between attributes, attribute order, encoding,
CDATA, character references) and the scan must find the far cell and the formula in each.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from engine.workbook.cells import cell_ref
from engine.workbook.sheet_xml import DoctypeForbidden, MalformedXml, SheetTooLarge, scan_sheet

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
LIMIT = 2_000_000
SPACE = st.text(alphabet=" \t\r\n", max_size=3)
SEP = st.text(alphabet=" \t\r\n", min_size=1, max_size=3)


class _Plain:
    """Always the first option: the plain spelling Excel and XlsxWriter write."""

    def choice(self, options):
        return options[0]

    def random(self):
        return 0.99

    def shuffle(self, items):
        pass


@st.composite
def spelling(draw):
    """How this document writes tags and attributes."""
    if draw(st.integers(0, 3)) == 0:
        return "", '"', draw(st.sampled_from(["utf-8", None])), _Plain()
    prefix = draw(st.sampled_from(["", "x:", "main:", "s1:"]))
    quote = draw(st.sampled_from(['"', "'"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-16", None]))
    return prefix, quote, encoding, draw(st.randoms(use_true_random=False))


def _attrs(rng, quote, pairs, ref_case="upper") -> str:
    pairs = list(pairs)
    rng.shuffle(pairs)
    out = []
    for name, value in pairs:
        around = rng.choice(["", " ", "\t", "\n "])
        out.append(rng.choice([" ", "\n", "\t", "  "]) + f"{name}{around}={rng.choice(['', ' '])}{quote}{value}{quote}")
    return "".join(out)


def document(style, cells: list[tuple[int, int, str | None, str | None]], write_refs: bool = True) -> bytes:
    """A worksheet with ``cells`` as (row, col, value, formula), in one row per cell."""
    prefix, quote, encoding, rng = style
    ns = f' xmlns{":" + prefix[:-1] if prefix else ""}={quote}{MAIN}{quote}'
    tag = lambda name: prefix + name  # noqa: E731
    body = []
    for row, col, value, formula in cells:
        ref = cell_ref(row, col) if col < 16384 else _far_ref(row, col)
        ref = ref.lower() if rng.random() < 0.2 else ref
        cell_attrs = _attrs(rng, quote, [("r", ref)] * write_refs + [("s", "1")])
        inner = ""
        if formula is not None:
            text = formula.replace("&", "&amp;").replace("<", "&lt;")
            if rng.random() < 0.3:
                text = f"<![CDATA[{formula}]]>" if "]]>" not in formula else text
            inner += f"<{tag('f')}{rng.choice(['', ' '])}>{text}</{tag('f')}>"
        if value is not None:
            inner += f"<{tag('v')}>{value}</{tag('v')}>"
        cell = (f"<{tag('c')}{cell_attrs}{rng.choice(['', ' '])}/>" if not inner
                else f"<{tag('c')}{cell_attrs}>{inner}</{tag('c')}>")
        row_attrs = _attrs(rng, quote, [("r", str(row + 1))]) if rng.random() < 0.8 or not write_refs else ""
        body.append(f"<{tag('row')}{row_attrs}>{cell}</{tag('row')}>")
    declaration = "" if encoding is None else f"<?xml version={quote}1.0{quote} encoding={quote}{encoding}{quote}?>\n"
    text = (f"{declaration}<{tag('worksheet')}{ns}><{tag('dimension')} ref={quote}A1{quote}/>"
            f"<{tag('sheetData')}>{''.join(body)}</{tag('sheetData')}></{tag('worksheet')}>")
    return text.encode(encoding or "utf-8")


def _far_ref(row: int, col: int) -> str:
    letters, col = "", col + 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


FAR = st.one_of(
    st.tuples(st.integers(2_000_000, 10**9), st.integers(0, 5)),   # far down
    st.tuples(st.integers(0, 5), st.integers(2_000_000, 10**7)),   # far right (beyond XFD too)
    st.tuples(st.integers(2000, 1_048_575), st.integers(1000, 16383)),  # far both ways, inside the grid
)


@settings(max_examples=400, deadline=None)
@given(style=spelling(), far=FAR, before=st.integers(0, 5))
def test_a_far_cell_is_caught_however_it_is_written(style, far, before):
    cells = [(row, 0, "1", None) for row in range(before)] + [(far[0], far[1], "1", None)]
    with pytest.raises(SheetTooLarge) as caught:
        scan_sheet(document(style, cells), LIMIT)
    assert (caught.value.row, caught.value.col) == (max(far[0], before - 1), far[1])


@settings(max_examples=200, deadline=None)
@given(style=spelling(), far_row=st.integers(2_000_000, 10**8))
def test_a_far_cell_placed_by_its_row_alone_is_caught(style, far_row):
    with pytest.raises(SheetTooLarge):
        scan_sheet(document(style, [(0, 0, "1", None), (far_row, 0, "2", None)], write_refs=False), LIMIT)


FORMULA = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=0, max_size=30)


@settings(max_examples=400, deadline=None)
@given(style=spelling(), row=st.integers(0, 300), col=st.integers(0, 20), formula=FORMULA,
       value=st.one_of(st.none(), st.just("3")))
def test_a_formula_is_found_at_its_cell_however_it_is_written(style, row, col, formula, value):
    scan = scan_sheet(document(style, [(row, col, value, formula)]), LIMIT)
    assert scan.formulas == {(row, col): formula}
    assert (scan.max_row, scan.max_col) == (row, col)


@settings(max_examples=300, deadline=None)
@given(style=spelling(), cells=st.lists(st.tuples(st.integers(0, 400), st.integers(0, 30),
                                                  st.one_of(st.none(), st.just("7")),
                                                  st.one_of(st.none(), FORMULA)), max_size=6))
def test_the_fast_plain_scan_agrees_with_the_full_parse(style, cells):
    xml = document(style, cells)
    assert scan_sheet(xml, LIMIT) == scan_sheet(xml, LIMIT, plain_first=False)


def test_genuine_templates_take_the_fast_path():
    import tempfile
    import zipfile
    from pathlib import Path

    from engine.benchmarks import DOMAIN_IDS, get_domain
    from engine.workbook.sheet_xml import _scan_plain_spelling
    from engine.templates.writer import write_template

    with tempfile.TemporaryDirectory() as tmp:
        for domain_id in DOMAIN_IDS:
            path = write_template(get_domain(domain_id), Path(tmp) / f"{domain_id}.xlsx", "da")
            with zipfile.ZipFile(path) as zf:
                for name in zf.namelist():
                    if name.startswith("xl/worksheets/"):
                        xml = zf.read(name)
                        assert _scan_plain_spelling(xml, LIMIT) == scan_sheet(xml, LIMIT, plain_first=False), name


def test_formulas_outside_cells_are_not_cell_formulas():
    # Data validations in an extension list hold xm:f elements: they are no cell's formula.
    xml = (f'<worksheet xmlns="{MAIN}" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
           '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'
           '<extLst><ext><xm:f>Lists!$A$1:$A$3</xm:f></ext></extLst></worksheet>').encode()
    assert scan_sheet(xml, LIMIT).formulas == {}


@pytest.mark.parametrize("stored, malformed", [(" 1,5 ", True), ("1,5", True), ("15 ", True), ("1_0", True),
                                               ("1e5", False), ("-0.5", False), ("NaN", False)])
def test_number_cells_whose_text_is_no_number(stored, malformed):
    xml = f'<worksheet xmlns="{MAIN}"><sheetData><row r="2"><c r="C2" t="n"><v>{stored}</v></c></row></sheetData></worksheet>'
    assert scan_sheet(xml.encode(), LIMIT).malformed_numbers == ({(1, 2): stored} if malformed else {})


@pytest.mark.parametrize("xml", [
    b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "b">]><worksheet/>',
    '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE x SYSTEM "http://example.com/x"><x/>'.encode("utf-16"),
    '<?xml version="1.0" encoding="iso-8859-1"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'.encode("latin-1"),
])
def test_a_dtd_is_refused_in_any_encoding(xml):
    with pytest.raises(DoctypeForbidden):
        scan_sheet(xml, LIMIT)


def test_an_encoding_expat_does_not_know_is_refused_not_skipped():
    xml = '<?xml version="1.0" encoding="cp500"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'.encode("cp500")
    with pytest.raises((DoctypeForbidden, MalformedXml)):
        scan_sheet(xml, LIMIT)


def test_broken_xml_says_where():
    with pytest.raises(MalformedXml, match="line 1"):
        scan_sheet(b"<worksheet><sheetData></worksheet>", LIMIT)


def test_a_malformed_number_is_a_finding_at_its_cell_not_a_corrupt_file(tmp_path):
    import re
    import zipfile

    from conftest import findings, write_filled
    from engine.validation.validate import validate_file

    source = write_filled(tmp_path / "ok.xlsx")
    target = tmp_path / "comma.xlsx"
    part = "xl/worksheets/sheet3.xml"  # 'Økonomi'
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == part:
                data = re.sub(rb'<c r="G6"([^>]*?)(/>|>.*?</c>)', rb'<c r="G6"\1 t="n"><v> 1,5 </v></c>', data, count=1)
            zout.writestr(info, data)
    assert findings(validate_file(target)) == [("number-malformed", "Økonomi", "G6")]
