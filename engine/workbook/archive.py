"""Inspect an .xlsx container before any spreadsheet library touches it.

Workbooks arrive from outside, so the package is checked first, cheaply and with
bounded memory: it must be a zip that unpacks within limits (no zip bomb, every
member's size and checksum honest), contain no DTD (no entity bomb, no external
entity), no macros, no encryption, and no sheet whose cells reach so far that a
reader would allocate gigabytes. Only then is it handed to python-calamine.

The same pass records which XML part holds which sheet and where formulas sit:
python-calamine reads only cached values, and a formula typed into an input
cell is something the validator reports.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from engine.text import Text
from engine.validation.issues import Issue
from engine.workbook.cells import cell_ref
from engine.workbook.sheet_xml import DoctypeForbidden, MalformedXml, SheetScan, SheetTooLarge, scan_sheet


@dataclass(frozen=True)
class Limits:
    """Bounds that no genuine filled template comes near."""

    max_file_bytes: int = 100 * 2**20
    max_members: int = 2_000
    max_member_bytes: int = 100 * 2**20
    max_total_bytes: int = 300 * 2**20
    max_ratio: float = 200.0  # uncompressed / compressed, checked for members above 1 MiB
    max_sheet_cells: int = 2_000_000
    # The reader runs in a worker (engine.workbook.isolation) with this much address space and time per file.
    reader_memory_bytes: int = 1 << 30
    reader_seconds: float = 120.0


DEFAULT_LIMITS = Limits()

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
# A DTD in UTF-8 or in UTF-16 (either byte order); an XML part may declare either encoding.
_DTD_MARKERS = tuple(marker.encode(encoding) for marker in ("<!DOCTYPE", "<!ENTITY")
                     for encoding in ("utf-8", "utf-16-le", "utf-16-be"))
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

class _Rejected(Exception):
    def __init__(self, issue: Issue) -> None:
        self.issue = issue


@dataclass
class Archive:
    """What the inspection learned: sheet name -> part, and formulas per sheet."""

    path: Path
    sheet_parts: dict[str, str] = field(default_factory=dict)
    formulas: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    malformed_numbers: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    saved_at: str | None = None  # when the workbook was last saved, by its own properties (UTC, ISO 8601)

    def formula_at(self, sheet: str, row: int, col: int) -> str | None:
        return self.formulas.get(sheet, {}).get((row, col))


def inspect_workbook(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> tuple[Archive | None, list[Issue]]:
    """Check that ``path`` is a safe, plain .xlsx; return its :class:`Archive` or the reason it is not."""
    path = Path(path)
    try:
        return _inspect(path, limits), []
    except _Rejected as rejected:
        return None, [rejected.issue]


def _inspect(path: Path, limits: Limits) -> Archive:
    file = str(path)
    if not path.is_file():
        raise _Rejected(Issue("file-not-found", file, params={"path": file}))
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise _Rejected(Issue("archive-too-large", file, params={"part": path.name, "size": size,
                                                                 "limit": limits.max_file_bytes}))
    with path.open("rb") as handle:
        head = handle.read(8)
        if head.startswith(_OLE2_MAGIC):
            # Encrypted OOXML is stored inside an OLE2 compound file with an EncryptedPackage stream.
            if _ENCRYPTED_STREAM in handle.read(1 << 20) or _ENCRYPTED_STREAM in _tail(handle):
                raise _Rejected(Issue("file-encrypted", file))
            raise _Rejected(Issue("not-xlsx", file, params={"found": _FOUND["xls"]}))
    if not head.startswith((_ZIP_MAGIC, _EMPTY_ZIP_MAGIC)):
        raise _Rejected(Issue("not-xlsx", file, params={"found": _describe(head, size)}))
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise _Rejected(Issue("file-truncated", file, params={"size": size})) from None
    with zf:
        return _inspect_zip(path, zf, limits)


def _inspect_zip(path: Path, zf: zipfile.ZipFile, limits: Limits) -> Archive:
    file = str(path)
    members = zf.infolist()
    names = {m.filename for m in members}
    if len(members) > limits.max_members:
        parts = Text(f"{len(members)} dele", f"{len(members)} parts")
        raise _Rejected(Issue("archive-too-large", file, params={"part": parts, "size": len(members),
                                                                 "limit": limits.max_members}))
    if "mimetype" in names and "[Content_Types].xml" not in names:
        raise _Rejected(Issue("not-xlsx", file, params={"found": _FOUND["ods"]}))
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise _Rejected(Issue("not-xlsx", file, params={"found": _FOUND["zip"]}))
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise _Rejected(Issue("file-encrypted", file))
        total += member.file_size
        too_big = member.file_size > limits.max_member_bytes or total > limits.max_total_bytes
        bomb = member.file_size > 2**20 and member.file_size > limits.max_ratio * max(member.compress_size, 1)
        if too_big or bomb:
            raise _Rejected(Issue("archive-too-large", file, params={
                "part": member.filename, "size": member.file_size,
                "limit": min(limits.max_member_bytes, int(limits.max_ratio * max(member.compress_size, 1)))}))
    content_types = _read_member(zf, zf.getinfo("[Content_Types].xml"), file)
    if "xl/vbaProject.bin" in names or b"macroEnabled" in content_types:
        raise _Rejected(Issue("macro-workbook", file, params={"found": "xl/vbaProject.bin"
                                                              if "xl/vbaProject.bin" in names else "macroEnabled"}))
    parts: dict[str, bytes] = {}
    for member in members:
        if member.is_dir():
            continue
        # Every member (duplicated names too) is unpacked: its stream must end exactly at its
        # declared size and match its CRC, so the reader that follows cannot be fed more data
        # than the sizes checked above.
        data = _read_member(zf, member, file)
        if member.filename.endswith((".xml", ".rels", ".vml")) or "/" not in member.filename:
            # Every marker holds the byte "!" in each encoding; most parts have none (one fast search).
            if b"!" in data and any(marker in data for marker in _DTD_MARKERS):
                raise _Rejected(Issue("xml-doctype-forbidden", file, params={"part": member.filename}))
        if member.filename in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "docProps/core.xml") or \
                member.filename.startswith("xl/worksheets/"):
            parts[member.filename] = data
    archive = Archive(path, saved_at=_saved_at(parts.get("docProps/core.xml", b"")))
    archive.sheet_parts = _sheet_parts(parts, file)
    for sheet, part in archive.sheet_parts.items():
        xml = parts.get(part)
        if xml is None:
            missing = Text(f"{part} mangler", f"{part} is missing")
            raise _Rejected(Issue("file-corrupt", file, params={"detail": missing}))
        scan = _scan_sheet(xml, sheet, part, file, limits)
        archive.formulas[sheet] = scan.formulas
        if scan.malformed_numbers:
            archive.malformed_numbers[sheet] = scan.malformed_numbers
    return archive


_MODIFIED = re.compile(rb"<dcterms:modified[^>]*>\s*([^<]{1,40}?)\s*</dcterms:modified>")


def _saved_at(core: bytes) -> str | None:
    """``dcterms:modified`` of docProps/core.xml (Excel and LibreOffice set it on every save) in UTC, or None.

    >>> _saved_at(b'<dcterms:modified xsi:type="dcterms:W3CDTF">2026-03-02T10:00:00Z</dcterms:modified>')
    '2026-03-02T10:00:00+00:00'
    >>> _saved_at(b"<dcterms:modified>yesterday</dcterms:modified>") is None
    True
    >>> _saved_at(b"<dcterms:modified>9999-12-31T23:59:59-14:00</dcterms:modified>") is None
    True
    """
    found = _MODIFIED.search(core)
    if found is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(found.group(1).decode("ascii").replace("Z", "+00:00"))
        if moment.tzinfo is None:  # W3CDTF without a zone: taken as UTC, as Excel writes it
            moment = moment.replace(tzinfo=dt.timezone.utc)
        return moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds")
    except (ValueError, UnicodeDecodeError, OverflowError):  # 9999-12-31T23:59:59-14:00 is past datetime's range
        return None


def _read_member(zf: zipfile.ZipFile, member: zipfile.ZipInfo, file: str) -> bytes:
    """The member's bytes, if its stream really unpacks to its declared size (already checked)."""
    name, declared = member.filename, member.file_size
    # zipfile stops at the declared size without noticing a stream that goes on (a header lying
    # about a bomb); reading one byte past it, with the CRC still checked where the stream ends,
    # catches that lie while bounding the memory by the declared size.
    probe = copy.copy(member)
    probe.file_size = declared + 1
    try:
        with zf.open(probe) as stream:
            data = stream.read(declared + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as error:
        raise _Rejected(Issue("file-corrupt", file, params={"detail": f"{name}: {error}"})) from None
    if len(data) != declared:
        detail = (Text(f"{name} udpakker til mere end de {declared} byte, dens hoved angiver",
                       f"{name} unpacks to more than the {declared} bytes its header declares")
                  if len(data) > declared else
                  Text(f"{name} udpakker kun til {len(data)} af de {declared} byte, dens hoved angiver",
                       f"{name} unpacks to only {len(data)} of the {declared} bytes its header declares"))
        raise _Rejected(Issue("file-corrupt", file, params={"detail": detail}))
    return data


def _sheet_parts(parts: dict[str, bytes], file: str) -> dict[str, str]:
    try:
        workbook = ElementTree.fromstring(parts["xl/workbook.xml"])
        rels = ElementTree.fromstring(parts.get("xl/_rels/workbook.xml.rels", b"<Relationships/>"))
    except ElementTree.ParseError as error:
        raise _Rejected(Issue("file-corrupt", file, params={"detail": f"xl/workbook.xml: {error}"})) from None
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_NS_PKG_REL}Relationship")}
    result: dict[str, str] = {}
    for sheet in workbook.iter(f"{_NS_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_NS_REL}id"), "")
        if not target:
            continue
        part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl", target))
        result[sheet.get("name", "")] = _normalise(part)
    return result


def _normalise(part: str) -> str:
    pieces: list[str] = []
    for piece in part.split("/"):
        if piece == "..":
            if pieces:
                pieces.pop()
        elif piece not in ("", "."):
            pieces.append(piece)
    return "/".join(pieces)


def _scan_sheet(xml: bytes, sheet: str, part: str, file: str, limits: Limits) -> SheetScan:
    """Formulas and malformed numbers by (row, col), and a check that no cell lies absurdly far away."""
    try:
        return scan_sheet(xml, limits.max_sheet_cells)
    except DoctypeForbidden:
        raise _Rejected(Issue("xml-doctype-forbidden", file, params={"part": part})) from None
    except MalformedXml as error:
        raise _Rejected(Issue("file-corrupt", file, params={"detail": f"{part}: {error}"})) from None
    except SheetTooLarge as too_large:
        raise _Rejected(Issue("sheet-too-large", file, sheet, params={
            "extent": _extent(too_large.row, too_large.col), "cells": too_large.cells,
            "limit": limits.max_sheet_cells})) from None


def _extent(row: int, col: int) -> str:
    # A reference past Excel's grid has no column letters worth printing in full.
    return cell_ref(row, col) if col < 16384 and row < 1_048_576 else f"R{row + 1}C{col + 1}"


def _tail(handle) -> bytes:
    handle.seek(0, 2)
    end = handle.tell()
    handle.seek(max(0, end - (1 << 20)))
    return handle.read()


# What a file turned out to be, as the end of "The file is not an .xlsx workbook but ...".
_FOUND = {
    "xls": Text("en Excel 97-2003-fil (.xls)", "an Excel 97-2003 file (.xls)"),
    "ods": Text("et OpenDocument-regneark (.ods)", "an OpenDocument spreadsheet (.ods)"),
    "zip": Text("en anden slags zip-fil", "another kind of zip file"),
    "empty": Text("en tom fil", "an empty file"),
    "pdf": Text("en PDF-fil", "a PDF file"),
    "html": Text("en HTML-side", "an HTML page"),
    "xml": Text("en XML-fil (Excel 2003 XML?)", "an XML file (Excel 2003 XML?)"),
    "text": Text("en tekstfil (CSV?)", "a text file (CSV?)"),
    "unknown": Text("et ukendt format", "an unknown format"),
}


def _describe(head: bytes, size: int) -> Text:
    if size == 0:
        return _FOUND["empty"]
    if head.startswith(b"%PDF"):
        return _FOUND["pdf"]
    if head.lstrip().lower().startswith((b"<html", b"<!doc")):
        return _FOUND["html"]
    if head.lstrip().startswith(b"<?xml"):
        return _FOUND["xml"]
    if all(32 <= b < 127 or b in (9, 10, 13) for b in head):
        return _FOUND["text"]
    return _FOUND["unknown"]
