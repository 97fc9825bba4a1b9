"""``kommunebench serve``: the add-in's task pane and its HTTP API, on Starlette and uvicorn.

Starlette rather than FastAPI: the API is six routes over raw workbook bytes and JSON the
engine already shapes; FastAPI's value (request models, generated OpenAPI) would bring pydantic
and a second description of data the engine declares, and nothing here needs it. uvicorn is the
ASGI server both use, with TLS built in, which Office requires.

Every workbook is handled by :mod:`addin.service` in a worker process (:mod:`addin.pool`), with
the same inspection as the command line. Hostile traffic is met in three layers: connections
that are slow to ask or idle are dropped (:mod:`addin.connections`); bodies are counted as they
arrive and streamed into a folder the server owns, refused at their limit (:mod:`addin.uploads`);
work is bounded by the pool, whose limit is answered with a "busy" the pane shows.
"""

from __future__ import annotations

import asyncio
import hmac
import os
import resource
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from addin import service
from addin.connections import MAX_CONNECTIONS, guarded_protocol
from addin.errors import ApiError
from addin.icons import icon_png
from addin.manifest import ICON_SIZES, manifest_xml
from addin.pool import EngineCrashed, EnginePool, EngineTimeout, PoolBusy
from addin.uploads import WorkFolders, declared_length, receive_json, receive_to_file

STATIC = Path(__file__).parent / "static"
PAGES = {"/taskpane.html": "taskpane.html", "/taskpane.js": "taskpane.js", "/taskpane.css": "taskpane.css",
         "/commands.html": "commands.html", "/local-engine.js": "local-engine.js",
         "/engine-worker.js": "engine-worker.js"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OFFICE_JS = "https://appsforoffice.microsoft.com"
# The pane may load office.js from Microsoft (which fetches its own parts there) and talk to this server;
# its worker compiles Pyodide's WebAssembly, which is all 'wasm-unsafe-eval' allows (no eval of text).
CSP = (f"default-src 'self'; script-src 'self' {OFFICE_JS} 'wasm-unsafe-eval'; connect-src 'self' {OFFICE_JS}; "
       "worker-src 'self'; img-src 'self' data: blob:; style-src 'self'; object-src 'none'; base-uri 'none'")


@dataclass
class ServerConfig:
    host: str = "127.0.0.1"
    port: int = 8765
    certfile: Path | None = None
    keyfile: Path | None = None
    public_url: str | None = None  # the address users reach; default: scheme://host:port
    token: str | None = None
    max_upload_bytes: int = 20 * 2**20
    workers: int = 2
    max_pending: int = 64
    timeout: float = 60.0
    worker_memory_bytes: int = 2 * 2**30
    read_timeout: float = 20.0  # for a request's head, and the longest pause in its body
    keep_dir: Path | None = None  # keep a copy of every upload here (off by default)
    allow_origins: list[str] = field(default_factory=list)
    bundle: Path | None = None  # a folder from `kommunebench addin build`: the pane then checks in the browser

    @property
    def max_uploads(self) -> int:
        """Requests holding files at once (received, queued or worked on): disk use is at most this many uploads."""
        return 2 * self.max_pending

    @property
    def scheme(self) -> str:
        return "https" if self.certfile else "http"

    @property
    def origin(self) -> str:
        if self.public_url:
            parts = urlsplit(self.public_url)
            return f"{parts.scheme}://{parts.netloc}"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"

    @property
    def base_url(self) -> str:
        """Where users reach the pane: ``--public-url``, or the address the server is bound to."""
        return (self.public_url or self.origin).rstrip("/")


def create_app(config: ServerConfig) -> Starlette:
    pool: EnginePool | None = None
    folders: WorkFolders | None = None

    @asynccontextmanager
    async def lifespan(app):
        nonlocal pool, folders
        folders = WorkFolders(config.max_uploads)
        pool = EnginePool(config.workers, config.max_pending, config.timeout, config.worker_memory_bytes)
        try:
            await pool.warm()
            yield
        finally:
            pool.close()
            folders.close()

    async def run(request: Request, function, *args):
        try:
            return await pool.run(function, *args, workdir=str(request.state.workdir))
        except PoolBusy:
            raise ApiError(503, "busy") from None
        except EngineCrashed:
            raise ApiError(500, "engine-crash") from None
        except EngineTimeout:
            raise ApiError(504, "timeout") from None

    def authorise(request: Request, allow_query: bool = False) -> None:
        if not config.token:
            return
        sent = request.headers.get("x-kommunebench-token") or ""
        authorization = request.headers.get("authorization", "")
        if authorization.lower().startswith("bearer "):
            sent = authorization[7:].strip()
        if allow_query and not sent:
            sent = request.query_params.get("token", "")
        if not hmac.compare_digest(sent.encode(), config.token.encode()):
            raise ApiError(401, "unauthorised")

    def workdir(request: Request) -> Path:
        """The request's own folder; removed by :class:`RequestFiles` once the answer is sent."""
        request.state.workdir = folders.new()  # 'busy' beyond max_uploads folders at once
        return request.state.workdir

    async def upload(request: Request) -> Path:
        limit = config.max_upload_bytes
        declared = declared_length(request)
        if declared is not None and declared > limit:  # before taking a folder: no disk, no slot
            raise ApiError(413, "too-large", limit=limit // 2**20)
        path = workdir(request) / service.safe_name(request.query_params.get("name"))
        await receive_to_file(request, path, limit, config.read_timeout)
        if config.keep_dir:
            await asyncio.to_thread(service.keep_copy, path, config.keep_dir)
        return path

    async def validate(request: Request) -> Response:
        authorise(request)
        lang = _lang(request)
        path = await upload(request)
        result = await run(request, service.validate_upload_json, str(path), lang)
        return FileResponse(result, media_type="application/json", headers=_NO_STORE)

    async def annotate(request: Request) -> Response:
        authorise(request)
        lang = _lang(request)
        path = await upload(request)
        annotated = await run(request, service.annotate_upload, str(path), lang)
        if annotated is None:
            raise ApiError(422, "not-annotatable")
        return _file(Path(annotated), _NO_STORE)

    async def templates(request: Request) -> Response:
        authorise(request)
        return JSONResponse(service.template_catalogue(_lang(request)))

    async def template(request: Request) -> Response:
        authorise(request)
        lang = _lang(request)
        domain = request.path_params["domain"]
        if domain not in {entry["id"] for entry in service.template_catalogue(lang)}:
            raise ApiError(404, "unknown-template")
        answers = None
        if request.method == "POST":
            answers = await receive_json(request, config.read_timeout)
            if not isinstance(answers, dict):
                raise ApiError(400, "bad-request", detail="JSON object")
        folder = workdir(request)
        try:
            written = await run(request, service.template_file, domain, lang, answers, str(folder))
        except service.PrefillRefused as error:
            raise ApiError(422, "bad-prefill", detail=str(error)) from None
        return _file(Path(written), {})

    async def manifest(request: Request) -> Response:
        authorise(request, allow_query=True)
        # The address is the configured one, never the request's Host header: a forged Host must not
        # be able to point the pane, and the token in its address, elsewhere.
        return Response(manifest_xml(config.base_url, config.token), media_type="application/xml",
                        headers={**_NO_STORE, "Content-Disposition": 'attachment; filename="kommunebench-manifest.xml"'})

    async def health(request: Request) -> Response:
        from engine import __version__

        return JSONResponse({"ok": True, "version": __version__, "token_required": bool(config.token)})

    async def page(request: Request) -> Response:
        name = PAGES[request.url.path]
        return FileResponse((config.bundle or STATIC) / name,
                            headers={"Content-Security-Policy": CSP, "Cache-Control": "no-cache",
                                     "X-Content-Type-Options": "nosniff"})

    async def icon(request: Request) -> Response:
        size = request.path_params["size"]
        if size not in ICON_SIZES:
            raise HTTPException(404)
        return Response(icon_png(size), media_type="image/png")

    async def api_error(request: Request, error: ApiError) -> Response:
        return _error_response(error, _lang(request, strict=False), body_left=_body_left(request))

    routes = [
        Route("/", lambda request: RedirectResponse("/taskpane.html")),
        *(Route(path, page) for path in PAGES),
        Route("/assets/icon-{size:int}.png", icon),
        Route("/favicon.ico", lambda request: Response(icon_png(32), media_type="image/png")),
        Route("/manifest.xml", manifest),
        Route("/api/health", health),
        Route("/api/validate", validate, methods=["POST"]),
        Route("/api/annotate", annotate, methods=["POST"]),
        Route("/api/templates", templates),
        Route("/api/templates/{domain}", template, methods=["GET", "POST"]),
        # The bundle's other files (Pyodide, wheels, templates, lock); its pages go through page() for the CSP.
        *([Mount("/", StaticFiles(directory=config.bundle))] if config.bundle else []),
    ]
    origins = [config.origin, *config.allow_origins]
    middleware = [Middleware(RequestFiles, folders=lambda: folders),
                  Middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST"],
                             allow_headers=["Authorization", "Content-Type", "X-Kommunebench-Token"])]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan, exception_handlers={ApiError: api_error})


class RequestFiles:
    """The outermost layer: a body only where a route takes one, and each request's folder removed after its answer.

    Only POST routes read a body; a body declared on any other request is refused before it is read.
    The folder goes when the whole answer has been sent (a file answer is streamed from it), whatever
    the route or the worker did.
    """

    def __init__(self, app, folders) -> None:
        self.app, self.folders = app, folders

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        declares_body = headers.get(b"content-length", b"0") not in (b"0", b"") or b"transfer-encoding" in headers
        if declares_body and scope["method"] != "POST":
            error = ApiError(413, "body-too-large", limit=0)
            lang = "en" if b"lang=en" in scope.get("query_string", b"") else "da"
            return await _error_response(error, lang, body_left=True)(scope, receive, send)
        try:
            await self.app(scope, receive, send)
        finally:
            folder = scope.get("state", {}).get("workdir")
            if folder is not None:
                self.folders().remove(folder)


def _error_response(error: ApiError, lang: str, body_left: bool) -> Response:
    headers = dict(_NO_STORE)
    if error.code == "busy":
        headers["Retry-After"] = "5"
    if body_left:  # close rather than read the rest of a refused body
        headers["Connection"] = "close"
    return JSONResponse({"error": error.code, "message": error.message(lang)}, status_code=error.status,
                        headers=headers)


def _body_left(request: Request) -> bool:
    if getattr(request.state, "body_read", False):
        return False
    declared = declared_length(request)
    return declared != 0 and request.method == "POST"


def _file(path: Path, headers: dict[str, str]) -> Response:
    return FileResponse(path, media_type=XLSX, headers={**headers, **_attachment(path.name)})


_NO_STORE = {"Cache-Control": "no-store"}


def _lang(request: Request, strict: bool = True) -> str:
    lang = request.query_params.get("lang", "da")
    if lang not in ("da", "en"):
        if strict:
            raise ApiError(400, "bad-request", detail="lang=da|en")
        return "da"
    return lang


def _attachment(name: str) -> dict[str, str]:
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    return {"Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"}


def serve(config: ServerConfig) -> None:
    """Run the server until interrupted."""
    import uvicorn

    _allow_open_files(MAX_CONNECTIONS + 4 * config.max_uploads + 64)
    # No access log: request lines carry file names and, for the manifest, the access token.
    # No limit_concurrency: it counts idle sockets; work is bounded by the pool, sockets by the protocol.
    uvicorn.run(create_app(config), host=config.host, port=config.port, log_level="warning", access_log=False,
                ssl_certfile=str(config.certfile) if config.certfile else None,
                ssl_keyfile=str(config.keyfile) if config.keyfile else None,
                http=guarded_protocol(config.read_timeout), ws="none", timeout_keep_alive=5)


def _allow_open_files(wanted: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard) if hard != resource.RLIM_INFINITY else wanted,
                                                    hard))


class TokenError(ValueError):
    """The access token's file cannot be used; the message says why."""


def read_token(token_file: Path | None) -> str | None:
    """The access token: from ``token_file`` (first line), else ``$KOMMUNEBENCH_TOKEN``; ``None`` when neither.

    Never from the command line: every user of the machine can read another's command line.
    """
    if token_file is None:
        return os.environ.get("KOMMUNEBENCH_TOKEN") or None
    try:
        lines = token_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise TokenError(f"cannot read the token file {token_file}: {error}") from None
    token = lines[0].strip() if lines else ""
    if not token:
        raise TokenError(f"the token file {token_file} is empty")
    return token
