"""Hostile and broken files fail safely, quickly and with bounded memory, each with its own code.

Every fixture is built here from a genuine template by rewriting zip members; large
members are streamed, so the fixtures stay a few hundred KB on disk and the test
itself stays light. Each hostile file is validated in a child process whose address
space is capped (RLIMIT_AS) and which must finish within a timeout: a crash, an abort
inside python-calamine, a hang or a memory blow-up all fail the test, with no timing
assertion beyond that guard.
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Union

import pytest

from conftest import edit
from engine.benchmarks import get_domain
from engine.templates.writer import write_template
from engine.validation.issue_catalogue import ISSUE_TYPES
from engine.validation.validate import validate_file
from engine.workbook.archive import DEFAULT_LIMITS, inspect_workbook

ROOT = Path(__file__).resolve().parents[1]
MEMORY_LIMIT = 3 * 2**29  # 1.5 GiB of address space for the child
TIMEOUT = 20  # seconds; a guard against hangs, not a timing assertion
FILE_CODES = {code for code, issue_type in ISSUE_TYPES.items() if issue_type.group == "file"}

FIN_PART = "xl/worksheets/sheet3.xml"  # the 'Økonomi' sheet of the administration template
FIN = "Økonomi"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_CHILD = """
import json, sys
from engine.validation.validate import validate_file, validate_files
paths = sys.argv[1:]
results = [validate_file(paths[0])] if len(paths) == 1 else validate_files(paths)
print(json.dumps([[{"code": i.code, "sheet": i.sheet, "cell": i.cell, "params": dict(i.params)}
                   for i in result.issues] for result in results], default=str))
"""


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def validate_in_child(*paths: Path) -> list[list[dict]]:
    """Each file's issues, validated in a memory-capped child that must exit cleanly in time."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-c", _CHILD, *map(str, paths)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=TIMEOUT, preexec_fn=_limit_memory)
    assert done.returncode == 0, f"child exited with {done.returncode}:\n{done.stderr[-3000:]}"
    results = json.loads(done.stdout)
    assert len(results) == len(paths)
    return results


def codes(issues: list[dict]) -> list[str]:
    return [issue["code"] for issue in issues]


# -- building fixtures -----------------------------------------------------------------------

MemberWriter = Callable[[IO[bytes], bytes], None]  # (open member, original bytes or b"")
Content = Union[bytes, MemberWriter]


def _put(zout: zipfile.ZipFile, name: str, content: Content, original: bytes = b"") -> None:
    if callable(content):
        with zout.open(name, "w") as member:  # streamed: the content never sits in memory
            content(member, original)
    else:
        zout.writestr(name, content)


def rewrite(src: Path, dst: Path, replace: Mapping[str, Content] | None = None,
            add: Mapping[str, Content] | None = None, drop: tuple[str, ...] = ()) -> Path:
    """Copy a workbook member by member, replacing, adding or dropping some."""
    replace = replace or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename not in drop:
                original = zin.read(info)
                _put(zout, info.filename, replace.get(info.filename, original), original)
        for name, content in (add or {}).items():
            _put(zout, name, content)
    return dst


def edited(transform: Callable[[bytes], bytes]) -> MemberWriter:
    return lambda member, original: member.write(transform(original))


def padded(mebibytes: int, fill: bytes = b" ") -> MemberWriter:
    """The original member followed by ``mebibytes`` MiB of ``fill`` (inside an XML comment)."""
    chunk = fill * 2**20

    def write(member: IO[bytes], original: bytes) -> None:
        member.write(original + b"<!--")
        for _ in range(mebibytes):
            member.write(chunk)
        member.write(b"-->")
    return write


def _data_offset(buf: bytes, info: zipfile.ZipInfo) -> int:
    assert buf[info.header_offset:info.header_offset + 4] == b"PK\x03\x04"
    name_len, extra_len = struct.unpack_from("<HH", buf, info.header_offset + 26)
    return info.header_offset + 30 + name_len + extra_len


def declare(path: Path, name: str, file_size: int, crc: int) -> None:
    """Patch the size and CRC that the local header and central directory declare for ``name``."""
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
    buf = bytearray(path.read_bytes())
    struct.pack_into("<I", buf, info.header_offset + 14, crc)
    struct.pack_into("<I", buf, info.header_offset + 22, file_size)
    end = buf.rfind(b"PK\x05\x06")
    count, = struct.unpack_from("<H", buf, end + 10)
    entry, = struct.unpack_from("<I", buf, end + 16)
    for _ in range(count):
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", buf, entry + 28)
        if buf[entry + 46:entry + 46 + name_len] == name.encode():
            struct.pack_into("<I", buf, entry + 16, crc)
            struct.pack_into("<I", buf, entry + 24, file_size)
            break
        entry += 46 + name_len + extra_len + comment_len
    else:
        raise AssertionError(f"{name} not in the central directory")
    path.write_bytes(bytes(buf))


def inflates_beyond(path: Path, name: str, bound: int) -> bool:
    """Whether the member's deflate stream really unpacks to more than ``bound`` bytes."""
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
    buf = path.read_bytes()
    start = _data_offset(buf, info)
    raw, inflater, total = buf[start:start + info.compress_size], zlib.decompressobj(-zlib.MAX_WBITS), 0
    while raw and total <= bound:
        total += len(inflater.decompress(raw, 2**20))
        raw = inflater.unconsumed_tail
    return total > bound


def with_doctype(doctype: str, reference: tuple[bytes, bytes], encoding: str = "utf-8") -> MemberWriter:
    """An XML part with ``doctype`` after its declaration and an entity reference put in."""
    def transform(xml: bytes) -> bytes:
        old, new = reference
        assert old in xml
        xml = xml.replace(b"?>", b"?>" + doctype.encode(), 1).replace(old, new, 1)
        if encoding == "utf-8":
            return xml
        return xml.decode().replace('encoding="UTF-8"', f'encoding="{encoding.upper()}"').encode(encoding)
    return edited(transform)


def billion_laughs() -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return "<!DOCTYPE lolz [" + "".join(entities) + "]>"


XXE = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
FAR_ROW = b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row>'


def ole2_file(stream_names: tuple[str, ...]) -> bytes:
    """A compound-file header and one directory sector naming ``stream_names`` (enough to sniff)."""
    header = bytearray(512)
    header[:8] = OLE2_MAGIC
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    directory = bytearray(512)
    for index, name in enumerate(("Root Entry",) + stream_names):
        encoded = name.encode("utf-16-le") + b"\0\0"
        directory[index * 128:index * 128 + len(encoded)] = encoded
        struct.pack_into("<H", directory, index * 128 + 64, len(encoded))
    return bytes(header + directory)


# -- the fixtures ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("hostile")


@pytest.fixture(scope="module")
def template(workdir: Path) -> Path:
    return write_template(get_domain("administration"), workdir / "blank.xlsx")


@pytest.fixture(scope="module")
def sheet_bomb(template: Path, workdir: Path) -> Path:
    """The 'Økonomi' sheet padded with 500 MiB of spaces: a few hundred KB on disk."""
    return rewrite(template, workdir / "sheet_bomb.xlsx", replace={FIN_PART: padded(500)})


@pytest.fixture(scope="module")
def far_cell(template: Path, workdir: Path) -> Path:
    return rewrite(template, workdir / "far_cell.xlsx",
                   replace={FIN_PART: edited(lambda xml: xml.replace(b"</sheetData>", FAR_ROW + b"</sheetData>"))})


@pytest.fixture(scope="module")
def truncated(template: Path, workdir: Path) -> Path:
    return _truncated(template, workdir / "truncated.xlsx")


def _truncated(template: Path, target: Path) -> Path:
    """The first half of the template's bytes, as an interrupted copy leaves it."""
    data = template.read_bytes()
    target.write_bytes(data[:len(data) // 2])
    return target


def _media_bomb(template: Path, target: Path) -> Path:
    """64 MiB of zeros in an extra member: under the size limit, far over the compression ratio."""
    return rewrite(template, target, add={"xl/media/bomb.bin": padded(64, b"\0")})


def _lying_sizes(template: Path, target: Path) -> Path:
    """A sheet whose headers declare its original size and CRC while its stream unpacks to 256 MiB more."""
    rewrite(template, target, replace={FIN_PART: padded(256)})
    with zipfile.ZipFile(template) as zf:
        original = zf.read(FIN_PART)
    declare(target, FIN_PART, len(original), zlib.crc32(original))
    return target


def _flipped_bytes(template: Path, target: Path) -> Path:
    """Sixteen bytes inverted in the middle of a member's deflate stream."""
    with zipfile.ZipFile(template) as zf:
        info = zf.getinfo(FIN_PART)
    buf = bytearray(template.read_bytes())
    middle = _data_offset(buf, info) + info.compress_size // 2
    for index in range(middle, middle + 16):
        buf[index] ^= 0xFF
    target.write_bytes(bytes(buf))
    return target


def _ods_like(template: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest/>')
        zf.writestr("content.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-content/>',
                    zipfile.ZIP_DEFLATED)
    return target


def _bytes(data: bytes) -> Callable[[Path, Path], Path]:
    def build(template: Path, target: Path) -> Path:
        target.write_bytes(data)
        return target
    return build


def _members(**kwargs) -> Callable[[Path, Path], Path]:
    return lambda template, target: rewrite(template, target, **kwargs)


MACRO_TYPES = edited(lambda xml: xml.replace(
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml").replace(
    b"<Default ", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Default ', 1))
VBA_PROJECT = OLE2_MAGIC + bytes(1024)

# id -> (build(template, target), the single issue code expected)
CASES: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "entity-bomb-in-sheet": (_members(replace={"xl/worksheets/sheet1.xml": with_doctype(
        billion_laughs(), (b"</row>", b'<c r="Z1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'))}),
        "xml-doctype-forbidden"),
    "xxe-in-shared-strings": (_members(replace={"xl/sharedStrings.xml": with_doctype(XXE, (b"<t>", b"<t>&e;"))}),
                              "xml-doctype-forbidden"),
    "xxe-in-workbook": (_members(replace={"xl/workbook.xml": with_doctype(
        XXE, (b'name="Forside"', b'name="&e;"'))}), "xml-doctype-forbidden"),
    "xxe-in-utf16-workbook": (_members(replace={"xl/workbook.xml": with_doctype(
        XXE, (b'name="Forside"', b'name="&e;"'), "utf-16")}), "xml-doctype-forbidden"),
    "zip-bomb-media-ratio": (_media_bomb, "archive-too-large"),
    "truncated": (_truncated, "file-truncated"),
    "random-bytes": (_bytes(random.Random(1).randbytes(64 * 1024)), "not-xlsx"),
    "empty": (_bytes(b""), "not-xlsx"),
    "pdf": (_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(2048)), "not-xlsx"),
    "ods-like-zip": (_ods_like, "not-xlsx"),
    "zip-without-workbook": (_members(drop=("xl/workbook.xml",)), "not-xlsx"),
    "flipped-bytes-in-deflate-stream": (_flipped_bytes, "file-corrupt"),
    "ole2-without-encrypted-package": (_bytes(ole2_file(("Workbook", "\x05SummaryInformation"))), "not-xlsx"),
    "macros-vba-and-content-type": (_members(replace={"[Content_Types].xml": MACRO_TYPES},
                                             add={"xl/vbaProject.bin": VBA_PROJECT}), "macro-workbook"),
    "macros-vba-project-only": (_members(add={"xl/vbaProject.bin": VBA_PROJECT}), "macro-workbook"),
    "macros-content-type-only": (_members(replace={"[Content_Types].xml": MACRO_TYPES}), "macro-workbook"),
}


# -- the tests ------------------------------------------------------------------------------------

@pytest.mark.parametrize("case", CASES)
def test_hostile_file_is_rejected_with_its_code(case: str, template: Path, tmp_path: Path):
    build, expected = CASES[case]
    path = build(template, tmp_path / f"{case}.xlsx")
    [issues] = validate_in_child(path)
    assert codes(issues) == [expected]


def test_ole2_without_encrypted_package_is_reported_as_xls(template: Path, tmp_path: Path):
    path = _bytes(ole2_file(("Workbook",)))(template, tmp_path / "old.xlsx")
    [issues] = validate_in_child(path)
    assert codes(issues) == ["not-xlsx"] and ".xls" in issues[0]["params"]["found"]


def test_entity_declarations_are_reported_with_their_part(template: Path, tmp_path: Path):
    for case, part in (("xxe-in-shared-strings", "xl/sharedStrings.xml"), ("xxe-in-workbook", "xl/workbook.xml"),
                       ("entity-bomb-in-sheet", "xl/worksheets/sheet1.xml")):
        _, issues = inspect_workbook(CASES[case][0](template, tmp_path / f"{case}.xlsx"))
        assert [(issue.code, issue.params["part"]) for issue in issues] == [("xml-doctype-forbidden", part)]


def test_zip_bomb_is_small_on_disk_and_rejected_by_its_declared_size(sheet_bomb: Path):
    with zipfile.ZipFile(sheet_bomb) as zf:
        declared = zf.getinfo(FIN_PART).file_size
    assert sheet_bomb.stat().st_size < 2 * 2**20 and declared > 500 * 2**20
    [issues] = validate_in_child(sheet_bomb)
    assert [(issue["code"], issue["params"]["part"]) for issue in issues] == [("archive-too-large", FIN_PART)]


def test_lying_sizes_are_caught_before_any_reader_sees_the_member(template: Path, tmp_path: Path):
    path = _lying_sizes(template, tmp_path / "lying.xlsx")
    with zipfile.ZipFile(path) as zf, zipfile.ZipFile(template) as original:
        assert zf.getinfo(FIN_PART).file_size == original.getinfo(FIN_PART).file_size
    assert path.stat().st_size < 2 * 2**20 and inflates_beyond(path, FIN_PART, DEFAULT_LIMITS.max_member_bytes)
    [issues] = validate_in_child(path)
    assert codes(issues) in (["archive-too-large"], ["file-corrupt"])
    archive, _ = inspect_workbook(path)
    assert archive is None  # rejected by the container check, never handed to python-calamine


def test_far_cell_never_reaches_calamine(far_cell: Path):
    [issues] = validate_in_child(far_cell)
    assert [(issue["code"], issue["sheet"]) for issue in issues] == [("sheet-too-large", FIN)]
    archive, _ = inspect_workbook(far_cell)
    assert archive is None


def test_claimed_dimension_alone_is_read_normally(template: Path, tmp_path: Path):
    claim = rewrite(template, tmp_path / "claim.xlsx", replace={FIN_PART: edited(
        lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml, count=1))})
    with zipfile.ZipFile(claim) as zf:
        assert b'<dimension ref="A1:XFD1048576"/>' in zf.read(FIN_PART)
    claimed, blank = validate_in_child(claim, template)
    assert claimed == blank and not FILE_CODES & set(codes(claimed))


def test_encrypted_workbook(template: Path, tmp_path: Path):
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    path = tmp_path / "encrypted.xlsx"
    with template.open("rb") as plain, path.open("wb") as encrypted:
        ooxml.OOXMLFile(plain).encrypt("hemmelig", encrypted)
    assert path.read_bytes()[:8] == OLE2_MAGIC
    [issues] = validate_in_child(path)
    assert codes(issues) == ["file-encrypted"]


def test_formula_in_input_cell_is_the_only_finding_there(template: Path, tmp_path: Path):
    path = edit(template, {(FIN, "D6"): "=1+2"}, tmp_path / "formula.xlsx")
    result = validate_file(path)
    assert [issue.code for issue in result.issues if (issue.sheet, issue.cell) == (FIN, "D6")] == ["formula-in-input"]


def test_batch_continues_past_hostile_files(sheet_bomb: Path, far_cell: Path, template: Path, truncated: Path,
                                            tmp_path: Path):
    good = shutil.copy(template, tmp_path / "good.xlsx")
    bomb, far, blank, cut = validate_in_child(sheet_bomb, far_cell, good, truncated)
    assert codes(bomb) == ["archive-too-large"]
    assert codes(far) == ["sheet-too-large"]
    assert codes(cut) == ["file-truncated"]
    assert not FILE_CODES & set(codes(blank)) and "row-unanswered" in codes(blank)  # read, not rejected
