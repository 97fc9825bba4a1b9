"""``kommunebench serve``: the add-in's task pane and its HTTP API, on Starlette and uvicorn.

Starlette rather than FastAPI: the API is six routes over raw workbook bytes and JSON the
engine already shapes; FastAPI's value (request models, generated OpenAPI) would bring pydantic
and a second description of data the engine declares, and nothing here needs it. uvicorn is the
ASGI server both use, with TLS built in, which Office requires.

Every workbook is handled by :mod:`addin.service` in a worker process (:mod:`addin.pool`), with
the same inspection as the command line; uploads are size-limited before they are read whole.
"""

from __future__ import annotations

import hmac
import os
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
from addin.icons import icon_png
from addin.manifest import ICON_SIZES, manifest_xml
from addin.pool import EngineCrashed, EnginePool, EngineTimeout, PoolBusy

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
MESSAGES = {  # error code -> (Danish, English): shown to the user by the pane as they are
    "unauthorised": ("Adgangskoden til serveren mangler eller er forkert.", "The server's access token is missing or wrong."),
    "too-large": ("Projektmappen er større end serveren tager imod ({limit} MB).",
                  "The workbook is larger than the server accepts ({limit} MB)."),
    "empty": ("Der kom ingen projektmappe med.", "No workbook was sent."),
    "busy": ("Serveren har travlt. Prøv igen om lidt.", "The server is busy. Try again in a moment."),
    "engine-crash": ("Projektmappen fik kontrollen til at stoppe. Gem den igen som .xlsx og prøv igen.",
                     "The workbook made the check stop. Save it again as .xlsx and try again."),
    "timeout": ("Kontrollen tog for lang tid og blev stoppet.", "The check took too long and was stopped."),
    "not-annotatable": ("Filen kan ikke åbnes som projektmappe, så der kan ikke laves en kommenteret kopi.",
                        "The file cannot be opened as a workbook, so there is no annotated copy."),
    "unknown-template": ("Ukendt skabelon.", "Unknown template."),
    "bad-prefill": ("Forudfyldningen er ikke gyldig: {detail}", "The prefill is not valid: {detail}"),
    "bad-request": ("Forespørgslen er ikke gyldig: {detail}", "The request is not valid: {detail}"),
}


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
    keep_dir: Path | None = None  # keep a copy of every upload here (off by default)
    allow_origins: list[str] = field(default_factory=list)
    bundle: Path | None = None  # a folder from `kommunebench addin build`: the pane then checks in the browser

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


class ApiError(Exception):
    def __init__(self, status: int, code: str, **params: object) -> None:
        self.status, self.code, self.params = status, code, params


def create_app(config: ServerConfig) -> Starlette:
    pool: EnginePool | None = None

    @asynccontextmanager
    async def lifespan(app):
        nonlocal pool
        pool = EnginePool(config.workers, config.max_pending, config.timeout, config.worker_memory_bytes)
        await pool.warm()
        try:
            yield
        finally:
            pool.close()

    async def run(function, *args):
        try:
            return await pool.run(function, *args)
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

    async def upload(request: Request) -> bytes:
        limit = config.max_upload_bytes
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise ApiError(413, "too-large", limit=limit // 2**20)
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise ApiError(413, "too-large", limit=limit // 2**20)
            chunks.append(chunk)
        if not size:
            raise ApiError(400, "empty")
        return b"".join(chunks)

    async def validate(request: Request) -> Response:
        authorise(request)
        lang = _lang(request)
        data = await upload(request)
        keep = str(config.keep_dir) if config.keep_dir else None
        result = await run(service.validate_upload, data, request.query_params.get("name"), lang, keep)
        return JSONResponse(result, headers=_NO_STORE)

    async def annotate(request: Request) -> Response:
        authorise(request)
        lang = _lang(request)
        data = await upload(request)
        annotated = await run(service.annotate_upload, data, request.query_params.get("name"), lang, None)
        if annotated is None:
            raise ApiError(422, "not-annotatable")
        name, content = annotated
        return Response(content, media_type=XLSX, headers={**_NO_STORE, **_attachment(name)})

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
            try:
                answers = await request.json()
            except ValueError:
                raise ApiError(400, "bad-request", detail="JSON") from None
            if not isinstance(answers, dict):
                raise ApiError(400, "bad-request", detail="JSON object")
        try:
            name, content = await run(service.template_bytes, domain, lang, answers)
        except service.PrefillRefused as error:
            raise ApiError(422, "bad-prefill", detail=str(error)) from None
        return Response(content, media_type=XLSX, headers=_attachment(name))

    async def manifest(request: Request) -> Response:
        authorise(request, allow_query=True)
        base = config.public_url or str(request.base_url)
        return Response(manifest_xml(base, config.token), media_type="application/xml",
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
        da, en = MESSAGES[error.code]
        text = (en if _lang(request, strict=False) == "en" else da).format(**error.params)
        return JSONResponse({"error": error.code, "message": text}, status_code=error.status, headers=_NO_STORE)

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
    middleware = [Middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST"],
                             allow_headers=["Authorization", "Content-Type", "X-Kommunebench-Token"])]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                     exception_handlers={ApiError: api_error})


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

    # No access log: request lines carry file names and, for the manifest, the access token.
    uvicorn.run(create_app(config), host=config.host, port=config.port, log_level="warning", access_log=False,
                ssl_certfile=str(config.certfile) if config.certfile else None,
                ssl_keyfile=str(config.keyfile) if config.keyfile else None,
                limit_concurrency=config.max_pending * 4, timeout_keep_alive=5)


def token_from_environment() -> str | None:
    return os.environ.get("KOMMUNEBENCH_TOKEN") or None
