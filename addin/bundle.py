"""``kommunebench addin build``: the task pane as a folder of static files that checks workbooks itself.

The folder holds the pane, Pyodide (CPython compiled to WebAssembly) and exactly the wheels the
validator and the annotated-copy writer import: the engine's own wheel, built from this source,
and pinned releases of openpyxl, et_xmlfile, XlsxWriter, defusedxml and python-calamine's
Pyodide wheel. Any web server or file host can serve it; the pane then checks a workbook in the
browser and sends it nowhere.

Build inputs come from the registries at build time only, into a cache folder: Pyodide with
``npm pack``, the wheels with ``pip download``. Each is pinned by version and sha256 below and
refused when its hash differs. ``bundle-lock.json`` in the folder lists every file the pane
loads with its sha256 (the pane's worker checks each wheel's hash before unpacking it), and
``LICENCES.txt`` lists the licence of Pyodide and of each wheel, with the licence texts the
wheels carry.

Python compiles a module's source on every first import, and in WebAssembly that is most of the
pane's start after Pyodide itself (2.0 s of 2.7 s on this machine). So the build runs Pyodide once
in Node, compiles every module of the wheels there, and ships the bytecode as one more hashed zip
(``bytecode.zip``, unchecked-hash .pyc files for exactly these wheels' sources).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from email.parser import HeaderParser
from pathlib import Path

from addin.icons import icon_png
from addin.manifest import ICON_SIZES, manifest_xml

STATIC = Path(__file__).parent / "static"
SOURCE = Path(__file__).resolve().parents[1]  # the checkout holding pyproject.toml
LOCK_NAME = "bundle-lock.json"
BYTECODE = "bytecode.zip"
SITE_PACKAGES = "/lib/python3.14/site-packages"  # Pyodide's; the worker unpacks the wheels there too
DEFAULT_URL = "https://localhost:8765"  # where `kommunebench serve --certfile ... --bundle DIR` answers


@dataclass(frozen=True)
class Pinned:
    """One build input: what to ask the registry for, the file it gives, and that file's sha256."""

    name: str
    version: str
    file: str
    sha256: str
    platform: str | None = None  # a wheel for Pyodide's platform rather than this machine's


PYODIDE = Pinned("pyodide", "314.0.8", "pyodide-314.0.8.tgz",
                 "9a52704e0ae5b07aaacb8e4fed9f1658e8024694a078695ea45ac79dee4cefcb")
# Pyodide 314 is CPython 3.14 on the pyemscripten_2026_0 ABI: python-calamine's wheel must match it.
WHEELS = (
    Pinned("openpyxl", "3.1.5", "openpyxl-3.1.5-py2.py3-none-any.whl",
           "5282c12b107bffeef825f4617dc029afaf41d0ea60823bbb665ef3079dc79de2"),
    Pinned("et_xmlfile", "2.0.0", "et_xmlfile-2.0.0-py3-none-any.whl",
           "7a91720bc756843502c3b7504c77b8fe44217c85c537d85037f0f536151b2caa"),
    Pinned("XlsxWriter", "3.3.1", "xlsxwriter-3.3.1-py3-none-any.whl",
           "8e2c89e59d733fe59e112317218c64fbbc276d90a8c144ebd6f7fa15e7ab184a"),
    Pinned("defusedxml", "0.7.1", "defusedxml-0.7.1-py2.py3-none-any.whl",
           "a352e7e428770286cc899e2542b6cdaedb2b4953ff269a210103ec58f6198a61"),
    Pinned("python-calamine", "0.9.1", "python_calamine-0.9.1-cp314-cp314-pyemscripten_2026_0_wasm32.whl",
           "1f9a2f99d65f4cc647f3fc57ff80a2bb492bf8ce66a637b67064d1663697ae21", platform="pyemscripten_2026_0_wasm32"),
)
# What the pane loads of the npm package; the rest (consoles, type declarations, source maps) stays out.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
# Pyodide's own parts, as its package and documentation state them (the npm package carries no licence file).
PYODIDE_LICENCES = (
    ("Pyodide", "MPL-2.0", "the JavaScript loader and runtime (package.json: \"license\")"),
    ("CPython 3.14", "PSF-2.0", "the interpreter in pyodide.asm.wasm and the standard library in python_stdlib.zip"),
    ("Emscripten runtime", "MIT OR NCSA", "the generated JavaScript glue in pyodide.asm.mjs"),
)


class BundleError(Exception):
    """A build input could not be had or is not the pinned one; the message says which."""


def default_cache() -> Path:
    configured = os.environ.get("KOMMUNEBENCH_ADDIN_CACHE")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kommunebench" / "addin-inputs"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch_inputs(cache: Path) -> dict[str, Path]:
    """Every pinned input in ``cache`` (fetched from its registry if missing), checked against its sha256."""
    cache.mkdir(parents=True, exist_ok=True)
    found = {}
    for pinned in (PYODIDE, *WHEELS):
        path = cache / pinned.file
        if not path.is_file() or sha256_file(path) != pinned.sha256:
            path.unlink(missing_ok=True)
            _download(pinned, cache)
        if not path.is_file():
            raise BundleError(f"{pinned.name} {pinned.version}: the registry gave no {pinned.file}")
        actual = sha256_file(path)
        if actual != pinned.sha256:
            raise BundleError(f"{pinned.file}: sha256 {actual}, pinned {pinned.sha256}; refused")
        found[pinned.name] = path
    return found


def _download(pinned: Pinned, cache: Path) -> None:
    if pinned is PYODIDE:
        command = ["npm", "pack", f"{pinned.name}@{pinned.version}", "--silent", "--pack-destination", str(cache)]
    else:
        command = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
                   "--only-binary=:all:", "-d", str(cache), f"{pinned.name}=={pinned.version}"]
        if pinned.platform:
            command += ["--platform", pinned.platform, "--python-version", "3.14", "--implementation", "cp",
                        "--abi", "cp314"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BundleError(f"{pinned.name} {pinned.version}: {' '.join(command[:3])} failed: {error}") from None
    if done.returncode:
        last = (done.stderr.strip() or done.stdout.strip()).splitlines()[-1:] or ["no output"]
        raise BundleError(f"{pinned.name} {pinned.version}: {' '.join(command[:3])} failed: {last[0]}")


def engine_wheel(folder: Path) -> Path:
    """The engine's own wheel, built from this source tree with pip (setuptools, as pyproject.toml says)."""
    if not (SOURCE / "pyproject.toml").is_file():
        raise BundleError(f"the engine's source (pyproject.toml) is not at {SOURCE}; build from a checkout")
    # From a clean copy: setuptools leaves build/ in the tree it builds, and a module deleted since the
    # last build would otherwise ride along into the wheel.
    tree = folder / "source"
    tree.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(SOURCE / name, tree / name)
    for package in ("engine", "addin"):
        shutil.copytree(SOURCE / package, tree / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps",
               "-w", str(folder), str(tree)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    wheels = sorted(folder.glob("kommunebench-*.whl"))
    if done.returncode or not wheels:
        last = (done.stderr.strip() or done.stdout.strip()).splitlines()[-1:] or ["no output"]
        raise BundleError(f"building the engine's wheel failed: {last[0]}")
    return wheels[0]


@dataclass(frozen=True)
class WheelLicence:
    name: str
    version: str
    licence: str
    texts: tuple[tuple[str, str], ...]  # (file in the wheel, its text)


def wheel_licence(path: Path) -> WheelLicence:
    """The licence a wheel declares (License-Expression, License, or its classifier) and the texts it carries."""
    with zipfile.ZipFile(path) as wheel:
        names = wheel.namelist()
        [metadata_name] = [n for n in names if n.count("/") == 1 and n.endswith(".dist-info/METADATA")]
        metadata = HeaderParser().parsestr(wheel.read(metadata_name).decode("utf-8", "replace"))
        info = metadata_name.split("/")[0]
        texts = tuple((name, wheel.read(name).decode("utf-8", "replace")) for name in names
                      if name.startswith(info + "/") and _is_licence_file(name))
    declared = metadata.get("License-Expression") or ""
    if not declared:
        short = (metadata.get("License") or "").strip().splitlines()
        declared = short[0] if short and len(short[0]) < 80 else ""
    if not declared:
        declared = "; ".join(c.split("::")[-1].strip() for c in metadata.get_all("Classifier", [])
                             if c.startswith("License ::")) or "not declared"
    return WheelLicence(metadata["Name"], metadata["Version"], declared, texts)


def _is_licence_file(name: str) -> bool:
    base = name.rsplit("/", 1)[-1].upper()
    return base.startswith(("LICENSE", "LICENCE", "COPYING", "NOTICE", "AUTHORS")) or "/licenses/" in name


def build_bundle(out: Path, public_url: str | None = None, cache: Path | None = None) -> dict:
    """Write the static add-in folder to ``out`` (replaced as a whole); return its lock document."""
    public_url = (public_url or DEFAULT_URL).rstrip("/")
    inputs = fetch_inputs(cache or default_cache())
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        staging.chmod(0o755)  # a web server reads it as another user
        lock = _write_bundle(staging, public_url, inputs)
        _replace_folder(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return lock


def _write_bundle(root: Path, public_url: str, inputs: dict[str, Path]) -> dict:
    for item in STATIC.iterdir():
        if item.is_file():
            shutil.copyfile(item, root / item.name)
    # The pane in this folder has the engine with it: it says so, and looks for bundle-lock.json only then.
    pane = root / "taskpane.html"
    marked = pane.read_text(encoding="utf-8").replace('<html lang="da">', '<html lang="da" data-engine="browser">', 1)
    if "data-engine" not in marked:
        raise BundleError("taskpane.html has no <html lang=\"da\"> to mark")
    pane.write_text(marked, encoding="utf-8")
    assets = root / "assets"
    assets.mkdir()
    for size in ICON_SIZES:
        (assets / f"icon-{size}.png").write_bytes(icon_png(size))
    (root / "manifest.xml").write_text(manifest_xml(public_url), encoding="utf-8")

    pyodide_dir = root / "pyodide"
    pyodide_dir.mkdir()
    with tarfile.open(inputs["pyodide"]) as package:
        for name in PYODIDE_FILES:
            member = package.extractfile(f"package/{name}")
            if member is None:
                raise BundleError(f"{PYODIDE.file} has no {name}")
            (pyodide_dir / name).write_bytes(member.read())

    wheels_dir = root / "wheels"
    wheels_dir.mkdir()
    entries, licences = [], []
    with tempfile.TemporaryDirectory(prefix="kommunebench-wheel-") as built:
        own = engine_wheel(Path(built))
        for pinned, path in [*((p, inputs[p.name]) for p in WHEELS), (None, own)]:
            shutil.copyfile(path, wheels_dir / path.name)
            licence = wheel_licence(path)
            licences.append(licence)
            entries.append({"name": licence.name, "version": licence.version, "file": path.name,
                            "sha256": sha256_file(path), "size": path.stat().st_size, "licence": licence.licence,
                            "source": "pypi" if pinned else "built from this source"})

    bytecode = wheels_dir / BYTECODE
    bytecode.write_bytes(_compile_bytecode(pyodide_dir, sorted(wheels_dir.glob("*.whl"))))
    templates = _write_templates(root / "templates")
    lock = {
        "format": 1,
        "public_url": public_url,
        "pyodide": {"version": PYODIDE.version, "npm_sha256": PYODIDE.sha256, "python": _pyodide_python(pyodide_dir),
                    "files": {name: {"sha256": sha256_file(pyodide_dir / name), "size": (pyodide_dir / name).stat().st_size}
                              for name in PYODIDE_FILES}},
        "wheels": entries,
        "site_packages": SITE_PACKAGES,
        "bytecode": {"file": BYTECODE, "sha256": sha256_file(bytecode), "size": bytecode.stat().st_size},
        "templates": templates,
    }
    (root / LOCK_NAME).write_text(json.dumps(lock, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (root / "LICENCES.txt").write_text(_licences_text(licences), encoding="utf-8")
    return lock


_COMPILE = """
import {{ loadPyodide }} from {module};
import fs from "fs";
const [out, ...wheels] = process.argv.slice(2);
const pyodide = await loadPyodide({{ indexURL: {index}, stdout: () => {{}}, stderr: () => {{}} }});
for (const wheel of wheels) {{
  pyodide.unpackArchive(new Uint8Array(fs.readFileSync(wheel)), "wheel", {{ extractDir: {site} }});
}}
pyodide.runPython(`
import compileall, io, os, py_compile, zipfile
site = {site}
ok = compileall.compile_dir(site, quiet=2, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
assert ok, "a module did not compile"
with zipfile.ZipFile("/tmp/bytecode.zip", "w", zipfile.ZIP_DEFLATED) as archive:
    for folder, _, files in sorted(os.walk(site)):
        for name in sorted(files):
            if name.endswith(".pyc"):
                path = os.path.join(folder, name)
                archive.write(path, os.path.relpath(path, site))
`);
fs.writeFileSync(out, pyodide.FS.readFile("/tmp/bytecode.zip"));
"""


def _compile_bytecode(pyodide_dir: Path, wheels: list[Path]) -> bytes:
    """The .pyc files of every module in ``wheels``, compiled by the bundle's own Pyodide under Node."""
    with tempfile.TemporaryDirectory(prefix="kommunebench-bytecode-") as folder:
        script, out = Path(folder) / "compile.mjs", Path(folder) / BYTECODE
        script.write_text(_COMPILE.format(module=json.dumps((pyodide_dir / "pyodide.mjs").as_uri()),
                                          index=json.dumps(str(pyodide_dir) + "/"), site=json.dumps(SITE_PACKAGES)),
                          encoding="utf-8")
        try:
            done = subprocess.run(["node", str(script), str(out), *map(str, wheels)], capture_output=True, text=True,
                                  timeout=600)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise BundleError(f"compiling the bytecode needs Node.js: {error}") from None
        if done.returncode or not out.is_file():
            last = [line for line in done.stderr.splitlines() if "Error" in line][-1:] or ["no output"]
            raise BundleError(f"compiling the bytecode in Pyodide failed: {last[0][:300]}")
        return out.read_bytes()


def _pyodide_python(folder: Path) -> str:
    info = json.loads((folder / "pyodide-lock.json").read_text(encoding="utf-8")).get("info", {})
    return str(info.get("python", "?"))


def _write_templates(folder: Path) -> list[dict]:
    """The blank templates in both languages, so the pane hands them out without a server."""
    from engine.benchmarks import DOMAIN_IDS, get_domain
    from engine.templates.writer import template_filename, write_template

    folder.mkdir()
    catalogue = []
    for domain_id in DOMAIN_IDS:
        domain = get_domain(domain_id)
        files = {}
        for lang in ("da", "en"):
            name = template_filename(domain, lang)
            write_template(domain, folder / name, lang)
            files[lang] = f"templates/{name}"
        catalogue.append({"id": domain_id, "title": {lang: domain.title(lang) for lang in ("da", "en")},
                          "files": files})
    return catalogue


def _licences_text(licences: list[WheelLicence]) -> str:
    lines = ["Licences of what this folder ships", "=" * 34, "",
             f"Pyodide {PYODIDE.version} (npm package pyodide, sha256 {PYODIDE.sha256}):"]
    lines += [f"  - {part}: {licence} ({what})" for part, licence, what in PYODIDE_LICENCES]
    lines += ["", "Wheels (bundle-lock.json has the file and sha256 of each):"]
    lines += [f"  - {item.name} {item.version}: {item.licence}" for item in licences]
    lines += ["", "office.js is not shipped: Office loads it from Microsoft, as Microsoft requires.", ""]
    for item in licences:
        for name, text in item.texts:
            lines += ["-" * 78, f"{item.name} {item.version}: {name}", "-" * 78, text.rstrip(), ""]
    return "\n".join(lines) + "\n"


def _replace_folder(staging: Path, out: Path) -> None:
    """Put the new folder in place of the old one; a half-written bundle is never left at ``out``."""
    if out.exists() and not (out / LOCK_NAME).is_file() and any(out.iterdir()):
        raise BundleError(f"{out} exists and is not an add-in bundle; choose an empty or new folder")
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}-old-{os.getpid()}")
        out.rename(old)
    staging.rename(out)
    if old:
        shutil.rmtree(old, ignore_errors=True)
