"""Request bodies as the add-in server receives them: counted as they arrive, on disk, never whole in memory.

An upload is streamed into a folder of its own inside one folder the server process owns
(``kommunebench-serve-<pid>-…`` in the temporary directory). The worker that checks it only
reads and writes inside that folder, and the server removes the folder when the answer has been
sent, whatever happened to the worker (killed at its time limit, crashed, out of memory). The
server removes its own folder when it stops, and on start the folders of servers that died
without doing so.

A body is refused at its limit (413) as soon as the declared length or the bytes counted so far
pass it, without reading the rest; a body that stalls for ``read_timeout`` seconds, or arrives
slower than :data:`MIN_BODY_RATE` once that much time has passed, is refused (408). JSON bodies
are small, and their nesting is limited before they are parsed.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import tempfile
from pathlib import Path

from starlette.requests import ClientDisconnect, Request

from addin.errors import ApiError

MIN_BODY_RATE = 16 * 1024  # bytes a second, on average, after the first read_timeout seconds (128 kbit/s)
MAX_JSON_BYTES = 64 * 1024  # a template's front-sheet answers are a few hundred bytes
MAX_JSON_DEPTH = 8  # they are one flat object
_ROOT_PREFIX = "kommunebench-serve-"


class WorkFolders:
    """The server's folder for request files, and one folder inside it a request."""

    def __init__(self, limit: int) -> None:
        sweep_stale_folders()
        self.root = Path(tempfile.mkdtemp(prefix=f"{_ROOT_PREFIX}{os.getpid()}-"))
        self.limit, self.live = limit, 0

    def new(self) -> Path:
        """A folder for one request; "busy" when ``limit`` requests hold one already (disk use stays bounded)."""
        if self.live >= self.limit:
            raise ApiError(503, "busy")
        self.live += 1
        return Path(tempfile.mkdtemp(prefix="request-", dir=self.root))

    def remove(self, folder: Path) -> None:
        self.live -= 1
        shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def sweep_stale_folders() -> None:
    """Remove the request folders of server processes that are gone (killed before they could clean up)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{_ROOT_PREFIX}*-*"):
        pid = folder.name[len(_ROOT_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)) and folder.is_dir() and folder.stat().st_uid == os.getuid():
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's
        return True
    return True


def declared_length(request: Request) -> int | None:
    value = request.headers.get("content-length", "")
    return int(value) if value.isdigit() else None


async def receive_to_file(request: Request, target: Path, limit: int, read_timeout: float) -> int:
    """Stream the body into ``target``; its size. Refused at ``limit`` bytes (413) or when too slow (408)."""
    with open(target, "wb") as out:  # the declared length is the caller's to check, before it takes a folder
        size = await _receive(request, ApiError(413, "too-large", limit=limit // 2**20), limit, read_timeout,
                              out.write)
    if not size:
        raise ApiError(400, "empty")
    return size


async def receive_json(request: Request, read_timeout: float) -> object:
    """A small JSON body, its nesting limited before it is parsed."""
    too_large = ApiError(413, "body-too-large", limit=MAX_JSON_BYTES // 1024)
    declared = declared_length(request)
    if declared is not None and declared > MAX_JSON_BYTES:
        raise too_large
    chunks: list[bytes] = []
    await _receive(request, too_large, MAX_JSON_BYTES, read_timeout, chunks.append)
    try:
        text = b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "bad-request", detail="JSON (UTF-8)") from None
    if json_depth(text) > MAX_JSON_DEPTH:
        raise ApiError(400, "bad-request", detail=f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    try:
        return json.loads(text)
    except ValueError:
        raise ApiError(400, "bad-request", detail="JSON") from None


def json_depth(text: str) -> int:
    """How deep ``text``'s arrays and objects nest, brackets inside strings not counted (one linear pass).

    >>> json_depth('{"a": [1, {"b": "[[[ \\\\" ]"}]}'), json_depth('[' * 5), json_depth('7')
    (3, 5, 0)
    """
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


async def _receive(request: Request, too_large: ApiError, limit: int, read_timeout: float, write) -> int:
    """Pass the body to ``write`` chunk by chunk, counting; ``too_large`` as soon as the count passes ``limit``."""
    size = 0
    async for chunk in _timed_chunks(request, read_timeout):
        size += len(chunk)
        if size > limit:
            raise too_large
        write(chunk)
    request.state.body_read = True
    return size


async def _timed_chunks(request: Request, read_timeout: float):
    """The body's chunks; a stall of ``read_timeout`` seconds or a rate under MIN_BODY_RATE after it is a 408."""
    loop = asyncio.get_running_loop()
    started, received = loop.time(), 0
    chunks = request.stream().__aiter__()
    while True:
        try:
            async with asyncio.timeout(read_timeout):
                chunk = await chunks.__anext__()
        except StopAsyncIteration:
            return
        except TimeoutError:
            raise ApiError(408, "too-slow") from None
        except ClientDisconnect:
            raise ApiError(400, "bad-request", detail="the upload was cut off") from None
        received += len(chunk)
        late = loop.time() - started - read_timeout
        if late > 0 and received < late * MIN_BODY_RATE:
            raise ApiError(408, "too-slow")
        if chunk:
            yield chunk
