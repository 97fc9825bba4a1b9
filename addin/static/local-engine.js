/* The pane's side of the in-browser engine (engine-worker.js): starts the worker as soon as the pane
 * opens, so Pyodide loads while the user reads, and hands it workbooks to check or annotate.
 *
 * Limits in the browser, where there is no worker process to sacrifice as on the server: a workbook
 * larger than MAX_BYTES is refused before its bytes reach the engine; inside, the engine's own
 * archive inspection refuses zip and entity bombs and sheets that reach too far before parsing, as
 * on the command line; and a check that takes longer than MAX_SECONDS ends the worker (and with it
 * all the memory it took) and starts a fresh one.
 */
(function () {
  "use strict";

  var MAX_BYTES = 20 * 1024 * 1024;
  var MAX_SECONDS = 120;
  var worker = null, ready = null, pending = {}, nextId = 1, info = null, heap = null;

  function start() {
    if (ready) { return ready; }
    ready = new Promise(function (resolve, reject) {
      try {
        worker = new Worker("engine-worker.js", { type: "module" });
      } catch (error) { reject(error); return; }
      worker.onmessage = function (event) {
        var message = event.data;
        if (message.type === "ready") {
          info = message;
          info.readyAt = performance.now() / 1000;  // seconds since the pane began to load
          resolve(message);
          return;
        }
        if (message.type === "failed") { reject(new Error(message.message)); return; }
        var waiting = pending[message.id];
        if (!waiting) { return; }
        delete pending[message.id];
        clearTimeout(waiting.timer);
        if (message.ok) { waiting.resolve(message); } else { waiting.reject(new Error(message.message)); }
      };
      worker.onerror = function (event) {
        reject(new Error(event.message || "the engine's worker failed to start"));
        failAll(new Error(event.message || "the engine's worker stopped"));
      };
    });
    return ready;
  }

  function failAll(error) {
    Object.keys(pending).forEach(function (id) { clearTimeout(pending[id].timer); pending[id].reject(error); });
    pending = {};
  }

  /* End a worker that ran away and start a new one, so the next check has a clean engine. */
  function restart(reason) {
    if (worker) { worker.terminate(); }
    worker = null;
    ready = null;
    failAll(reason);
    start().catch(function () { /* reported on the next call */ });
  }

  function call(op, bytes, name, lang) {
    return start().then(function () {
      return new Promise(function (resolve, reject) {
        var id = nextId++;
        var timer = setTimeout(function () {
          var error = new Error("timeout");
          error.kind = "timeout";
          restart(error);
        }, MAX_SECONDS * 1000);
        pending[id] = { resolve: resolve, reject: reject, timer: timer };
        // A copy goes to the worker; the pane keeps its bytes for the annotated copy.
        worker.postMessage({ id: id, op: op, bytes: bytes.slice(), name: name, lang: lang });
      });
    });
  }

  window.kommunebenchEngine = {
    MAX_BYTES: MAX_BYTES,
    MAX_SECONDS: MAX_SECONDS,
    start: start,
    info: function () { return info; },
    heap: function () { return heap; },  // the engine's WebAssembly memory after the last check (its peak)
    check: function (bytes, name, lang) {
      return call("check", bytes, name, lang).then(function (message) {
        heap = message.heap;
        return message.result;
      });
    },
    annotate: function (bytes, name, lang) {
      return call("annotate", bytes, name, lang).then(function (message) { return message.result; });
    }
  };
}());
