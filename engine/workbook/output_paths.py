"""Names of the files the engine writes: ours, never the submitter's.

A participant key can come from a workbook (a botilbud facility id is free text),
so nothing from it reaches a file name unchanged: every name is a slug (ASCII
letters, digits and ``-``), made unique by a short digest of the key whenever the
slug had to change it, and the final path is checked to lie directly in the
output folder. ``../x``, an absolute path, a newline or a character Windows
forbids can therefore never leave ``--out`` or end up in a file name.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

# Declared at validation too (see engine.validate): a participant id is letters, digits and '-'.
PARTICIPANT_ID = re.compile(r"[A-Za-z0-9ÆØÅæøå]+(?:-[A-Za-z0-9ÆØÅæøå]+)*")
PARTICIPANT_ID_TEXT = "A-Z, a-z, 0-9, æøå, -"
_MAX_SLUG = 60  # keeps every name well below the 255 bytes file systems allow


def slug(text: str) -> str:
    """File-name-safe ASCII version of a label.

    >>> slug("Lyngby-Taarbæk Kommune")
    'lyngby-taarbaek-kommune'
    >>> slug("../../etc/passwd")
    'etc-passwd'
    """
    text = text.lower()
    for a, b in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        text = text.replace(a, b)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:_MAX_SLUG].strip("-")


def key_slug(key: str) -> str:
    """A slug that still tells two keys apart: a digest is added when the slug changed the key.

    >>> key_slug("751"), key_slug("BO-0451")
    ('751', 'bo-0451')
    >>> key_slug("../x")
    'x-d6b96a97'
    """
    plain = slug(key)
    if plain == key.lower() and plain:
        return plain
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f"{plain}-{digest}" if plain else digest


def output_file(out_dir: str | Path, name: str) -> Path:
    """``out_dir / name``, refusing any name that would not be a plain file directly inside ``out_dir``."""
    out_dir = Path(out_dir)
    if not name or name in (".", "..") or any(c in name for c in '/\\:*?"<>|\0\n\r\t'):
        raise ValueError(f"unsafe output file name {name!r}")
    return out_dir / name


def report_path(out_dir: str | Path, participant: str, name: str) -> Path:
    """A participant's report: ``<key>_<name>.xlsx``, both slugged.

    >>> report_path("out", "751", "Aarhus").as_posix()
    'out/751_aarhus.xlsx'
    >>> report_path("out", "/etc/passwd", "a\\nb").parent.as_posix()
    'out'
    """
    label = slug(name)
    return output_file(out_dir, f"{key_slug(participant)}_{label}.xlsx" if label else f"{key_slug(participant)}.xlsx")


def report_paths(out_dir: str | Path, names: dict[str, str]) -> dict[str, Path]:
    """:func:`report_path` of every participant (key -> name), never one file for two participants.

    Keys are in their normal form (:mod:`engine.identity`), so two participants seldom share a file
    name; where they would (keys that differ only in case, from a store written before that rule),
    each gets the digest of its key as well.

    >>> paths = report_paths("out", {"BO-1": "Egebo", "bo-1": "Egebo"})
    >>> len(set(paths.values())), paths["BO-1"].name
    (2, 'bo-1-fe1cf67f_egebo.xlsx')
    """
    paths = {key: report_path(out_dir, key, name) for key, name in names.items()}
    taken: dict[Path, int] = {}
    for path in paths.values():
        taken[path] = taken.get(path, 0) + 1
    for key, path in paths.items():
        if taken[path] > 1:
            digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:8]
            paths[key] = path.with_name(path.name.replace("_", f"-{digest}_", 1) if "_" in path.name
                                        else f"{path.stem}-{digest}{path.suffix}")  # a slug holds no "_"
    return paths


def prepare_out_dir(out_dir: str | Path) -> Path:
    """Create ``out_dir`` and prove it writable before any work, so a bad ``--out`` fails at once.

    Raises ``OSError`` naming the folder (or the probe file in it) when it cannot be written.
    """
    import os
    import tempfile

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    handle, probe = tempfile.mkstemp(prefix=".kommunebench-probe.", dir=out_dir)
    os.close(handle)
    os.unlink(probe)
    return out_dir
