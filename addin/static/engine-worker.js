/* The engine in the browser: a module worker that boots Pyodide from this folder, unpacks the wheels
 * listed in bundle-lock.json (each checked against its sha256 first) and runs the engine's own
 * validator and annotated-copy writer (addin/service.py) on the workbook bytes it is handed.
 *
 * Nothing is fetched from anywhere but this folder, and the workbook never leaves the worker but as
 * findings and the annotated copy, posted back to the pane. A worker rather than the page: the pane
 * stays responsive during a check, and a check that runs away can be ended by ending the worker.
 */
import { loadPyodide } from "./pyodide/pyodide.mjs";

const BASE = new URL("./", self.location.href);
const PYTHON = `
import json
from addin.service import annotate_in_memory, check_in_memory

def kommunebench_check(data, name, lang):
    return json.dumps(check_in_memory(data.to_bytes(), name, lang))

def kommunebench_annotate(data, name, lang):
    made = annotate_in_memory(data.to_bytes(), name, lang)
    return None if made is None else [made[0], made[1]]
`;

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function fetchChecked(entry) {
  const response = await fetch(new URL("wheels/" + entry.file, BASE));
  if (!response.ok) { throw new Error(entry.file + ": " + response.status); }
  const bytes = new Uint8Array(await response.arrayBuffer());
  const actual = hex(await crypto.subtle.digest("SHA-256", bytes));
  if (actual !== entry.sha256) { throw new Error(entry.file + ": sha256 " + actual + ", locked " + entry.sha256); }
  return bytes;
}

async function boot() {
  const started = performance.now();
  const lock = await (await fetch(new URL("bundle-lock.json", BASE), { cache: "no-cache" })).json();
  const [pyodide, wheels] = await Promise.all([
    loadPyodide({ indexURL: new URL("pyodide/", BASE).href, fullStdLib: false, stdout: () => {}, stderr: () => {} }),
    Promise.all([...lock.wheels, lock.bytecode].map(fetchChecked)),
  ]);
  const loaded = performance.now();
  const bytecode = wheels.pop();
  // The wheels, then their modules compiled at build time (bytecode.zip), so imports need not compile.
  wheels.forEach((bytes) => pyodide.unpackArchive(bytes, "wheel", { extractDir: lock.site_packages }));
  pyodide.unpackArchive(bytecode, "zip", { extractDir: lock.site_packages });
  const unpacked = performance.now();
  pyodide.runPython(PYTHON);
  // The validator and every template's declaration now, while the user reads the pane (the first
  // check would otherwise pay for them); the annotated-copy writer (openpyxl) just after.
  pyodide.runPython(`
import engine.validation.validate, engine.validation.mark_plan
from engine.benchmarks import DOMAIN_IDS, get_domain
for domain_id in DOMAIN_IDS:
    get_domain(domain_id)
`);
  const imported = performance.now();
  setTimeout(() => pyodide.runPython("import engine.validation.annotate"), 0);
  const since = (time) => (time - started) / 1000;
  const check = pyodide.globals.get("kommunebench_check"), annotate = pyodide.globals.get("kommunebench_annotate");
  return { pyodide, lock, check, annotate, seconds: { boot: since(loaded), unpack: since(unpacked), ready: since(imported) } };
}

/* The engine's WebAssembly memory: it grows and never shrinks, so this is its peak so far. */
function heapBytes(pyodide) {
  try { return pyodide._module.HEAPU8.byteLength; } catch (ignored) { return null; }
}

const engine = boot();
engine.then(
  (ready) => self.postMessage({ type: "ready", seconds: ready.seconds, pyodide: ready.lock.pyodide.version }),
  (error) => self.postMessage({ type: "failed", message: lastLine(error) }),
);

self.onmessage = async (event) => {
  const { id, op, bytes, name, lang } = event.data;
  try {
    const { pyodide, check, annotate } = await engine;
    const started = performance.now();
    if (op === "check") {
      const result = JSON.parse(check(bytes, name, lang));
      self.postMessage({ id, ok: true, result, seconds: (performance.now() - started) / 1000, heap: heapBytes(pyodide) });
    } else if (op === "annotate") {
      const made = annotate(bytes, name, lang);
      if (!made) { self.postMessage({ id, ok: true, result: null }); return; }
      const [fileName, content] = made.toJs();
      made.destroy();
      self.postMessage({ id, ok: true, result: { name: fileName, bytes: content } }, [content.buffer]);
    } else {
      throw new Error("unknown operation " + op);
    }
  } catch (error) {
    self.postMessage({ id, ok: false, message: lastLine(error) });
  }
};

/* An engine fault as one line (a Python error's message is its whole traceback; its last line says what). */
function lastLine(error) {
  const lines = String((error && error.message) || error).trim().split("\n");
  return lines[lines.length - 1];
}
