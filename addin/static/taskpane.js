/* kommunebench task pane: check the open workbook, list the findings, jump to their cells, and mark
 * and unmark them in the workbook.
 *
 * The check runs in the browser (local-engine.js: the engine in Pyodide, from this folder) when the
 * pane comes from a folder built by `kommunebench addin build`; on the kommunebench server only when
 * the pane is told to (the setting below, or ?engine=server) or has no engine of its own, and it
 * says so. Plain JavaScript, no build step. What is marked and how (fill, note text) comes from the
 * engine's mark plan, the same plan the annotated copy and the xlwings route apply. What the pane itself
 * changed is recorded in the document's settings, so "Clear marks" restores exactly those cells,
 * even after the pane was closed.
 */
(function () {
  "use strict";

  var TEXT = {
    da: {
      language: "Sprog", intro: "Tjek den åbne projektmappe, før du sender den.",
      check: "Tjek projektmappen", mark: "Markér i projektmappen", clear: "Fjern markeringer",
      annotated: "Hent kommenteret kopi", newTemplate: "Ny skabelon", getTemplate: "Hent skabelon",
      reading: "Læser projektmappen …", checking: "Tjekker …",
      valid: "Projektmappen er gyldig. Den kan sendes.",
      validWarnings: "Projektmappen er gyldig, men se advarslerne herunder.",
      validNotes: "Projektmappen er gyldig. Den kan sendes. Bemærkningerne herunder siger, hvad der ikke kunne tjekkes i denne fil alene.",
      invalid: "Projektmappen har fejl. Klik på en fejl for at gå til cellen.",
      notTemplate: "Projektmappen er ikke en af kommunebench' skabeloner. Hent en ny skabelon herunder, eller åbn den skabelon, du fik tilsendt.",
      rejected: "Filen blev afvist, før den blev læst: {message}",
      unreachable: "Serveren kan ikke nås ({url}). Tjek at kommunebench kører, og prøv igen.",
      noHost: "Panelet skal åbnes i Excel.",
      counts: "{errors} fejl, {warnings} {warningWord}", oneWarning: "advarsel", warnings: "advarsler",
      oneError: "fejl", errors: "fejl", fileLevel: "Hele filen",
      error: "Fejl", warning: "Advarsel", info: "Bemærkning",
      notes: ", {notes} {noteWord}", oneNote: "bemærkning", manyNotes: "bemærkninger",
      marked: "{n} celler er markeret. Ret dem, og tjek igen.", cleared: "{n} markeringer er fjernet.",
      nothingToClear: "Der er ingen markeringer at fjerne.", noNotes: "Denne Excel kan ikke tilføje noter; cellerne er kun farvet.",
      opened: "{name} er åbnet som ny projektmappe.", downloaded: "{name} er hentet.",
      readFailed: "Projektmappen kunne ikke læses: {message}", excelFailed: "Excel afviste ændringen: {message}",
      sheetGone: "Arket '{sheet}' findes ikke længere.",
      fix: "Sådan retter du: ", useServer: "Tjek på serveren i stedet (projektmappen sendes til serveren)",
      engineLoading: "Kontrollen indlæses her på pc'en …",
      engineLocal: "Tjekket sker her på pc'en. Projektmappen sendes ingen steder.",
      engineServer: "Tjekket sker på serveren {url}: projektmappen sendes dertil.",
      engineServerOnly: "Denne installation har ingen kontrol i browseren: tjekket sker på serveren {url}, og projektmappen sendes dertil.",
      engineFailed: "Kontrollen kunne ikke indlæses her på pc'en: {message}",
      tooLarge: "Projektmappen er større end {limit} MB, som panelet kan tjekke. Den er ikke læst.",
      timeout: "Kontrollen tog for lang tid og blev stoppet.",
      notAnnotatable: "Filen kan ikke åbnes som projektmappe, så der kan ikke laves en kommenteret kopi."
    },
    en: {
      language: "Language", intro: "Check the open workbook before you send it.",
      check: "Check this workbook", mark: "Mark in workbook", clear: "Clear marks",
      annotated: "Download annotated copy", newTemplate: "New template", getTemplate: "Get template",
      reading: "Reading the workbook …", checking: "Checking …",
      valid: "The workbook is valid. It can be sent.",
      validWarnings: "The workbook is valid, but see the warnings below.",
      validNotes: "The workbook is valid. It can be sent. The notes below say what could not be checked in this file alone.",
      invalid: "The workbook has errors. Click a finding to go to its cell.",
      notTemplate: "This workbook is not one of kommunebench's templates. Get a new template below, or open the template you were sent.",
      rejected: "The file was refused before it was read: {message}",
      unreachable: "The server cannot be reached ({url}). Check that kommunebench is running and try again.",
      noHost: "Open this pane in Excel.",
      counts: "{errors} {errorWord}, {warnings} {warningWord}", oneWarning: "warning", warnings: "warnings",
      oneError: "error", errors: "errors", fileLevel: "Whole file",
      error: "Error", warning: "Warning", info: "Note",
      notes: ", {notes} {noteWord}", oneNote: "note", manyNotes: "notes",
      marked: "{n} cells are marked. Fix them and check again.", cleared: "{n} marks removed.",
      nothingToClear: "There are no marks to remove.", noNotes: "This Excel cannot add notes; the cells are only coloured.",
      opened: "{name} was opened as a new workbook.", downloaded: "{name} was downloaded.",
      readFailed: "The workbook could not be read: {message}", excelFailed: "Excel refused the change: {message}",
      sheetGone: "The sheet '{sheet}' no longer exists.",
      fix: "How to fix: ", useServer: "Check on the server instead (the workbook is sent to the server)",
      engineLoading: "Loading the check on this PC …",
      engineLocal: "The check runs on this PC. The workbook is sent nowhere.",
      engineServer: "The check runs on the server {url}: the workbook is sent there.",
      engineServerOnly: "This installation has no check in the browser: the check runs on the server {url}, and the workbook is sent there.",
      engineFailed: "The check could not be loaded on this PC: {message}",
      tooLarge: "The workbook is larger than the {limit} MB the pane can check. It was not read.",
      timeout: "The check took too long and was stopped.",
      notAnnotatable: "The file cannot be opened as a workbook, so there is no annotated copy."
    }
  };
  var RECORD_KEY = "kommunebench.marks";
  var NOTE_HEAD = "kommunebench:\n";
  var state = { lang: "da", token: null, result: null, name: null, engine: "server", bundle: null, engineState: null };
  var ui = {};

  function t(key, vars) {
    var text = TEXT[state.lang][key] || key;
    Object.keys(vars || {}).forEach(function (name) { text = text.split("{" + name + "}").join(String(vars[name])); });
    return text;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") { node.textContent = attrs[key]; } else if (key === "cls") { node.className = attrs[key]; }
      else { node.setAttribute(key, attrs[key]); }
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function setStatus(kind, text) {
    ui.status.className = "status " + kind;
    ui.status.textContent = text;
  }

  function translate() {
    document.documentElement.lang = state.lang;
    Array.prototype.forEach.call(document.querySelectorAll("[data-t]"), function (node) {
      node.textContent = t(node.getAttribute("data-t"));
    });
    if (state.result) { render(state.result); }
    showEngine();
  }

  // -- where the check runs ---------------------------------------------------------------------------

  var engine = window.kommunebenchEngine;

  /* In the browser when this folder carries the engine (built by `kommunebench addin build`, which marks
   * the page) and nobody said otherwise. */
  function chooseEngine(params) {
    var told = params.get("engine") || (window.localStorage && localStorage.getItem("kommunebench.engine"));
    var bundled = document.documentElement.getAttribute("data-engine") === "browser";
    return (bundled ? fetch("bundle-lock.json", { cache: "no-cache" }) : Promise.reject(null)).then(function (response) {
      return response.ok ? response.json() : null;
    }).catch(function () { return null; }).then(function (bundle) {
      state.bundle = bundle;
      state.engine = bundle && engine && told !== "server" ? "browser" : "server";
      ui.useServer.checked = state.engine === "server";
      ui.useServer.disabled = !bundle;
      if (state.engine === "browser") { startEngine(); }
      showEngine();
      loadTemplates();
    });
  }

  function startEngine() {
    state.engineState = "loading";
    engine.start().then(function () { state.engineState = "ready"; }, function (error) {
      state.engineState = "failed";
      state.engineError = error.message;
    }).then(showEngine);
  }

  function showEngine() {
    if (!ui.engineNote) { return; }
    var text, kind = "";
    if (state.engine === "server") {
      text = t(state.bundle ? "engineServer" : "engineServerOnly", { url: location.origin });
      kind = "remote";
    } else if (state.engineState === "failed") {
      text = t("engineFailed", { message: state.engineError });
      kind = "failed";
    } else {
      text = t(state.engineState === "ready" ? "engineLocal" : "engineLoading");
      kind = state.engineState === "ready" ? "local" : "loading";
    }
    ui.engineNote.textContent = text;
    ui.engineNote.className = "engine-note " + kind;
    ui.engineNote.setAttribute("data-engine", state.engine);
    ui.engineNote.setAttribute("data-state", state.engineState || "");
  }

  function setServerMode(useServer) {
    try { localStorage.setItem("kommunebench.engine", useServer ? "server" : "browser"); } catch (ignored) { /* private mode */ }
    state.engine = useServer || !state.bundle ? "server" : "browser";
    if (state.engine === "browser" && !state.engineState) { startEngine(); }
    showEngine();
    loadTemplates();
  }

  // -- the server ---------------------------------------------------------------------------------

  function ServerError(kind, message) { this.kind = kind; this.message = message; }

  function request(path, options) {
    options = options || {};
    options.headers = options.headers || {};
    if (state.token) { options.headers["X-Kommunebench-Token"] = state.token; }
    return fetch(path, options).catch(function () {
      throw new ServerError("unreachable", t("unreachable", { url: location.origin }));
    }).then(function (response) {
      if (response.ok) { return response; }
      return response.json().catch(function () { return { message: response.status + " " + response.statusText }; })
        .then(function (body) { throw new ServerError("server", body.message || body.error); });
    });
  }

  function apiPath(path, params) {
    var query = Object.keys(params).map(function (k) { return k + "=" + encodeURIComponent(params[k]); }).join("&");
    return path + "?" + query;
  }

  // -- the workbook, through Office.js ---------------------------------------------------------------

  /* The open workbook as .xlsx bytes: the Office file API hands it over in slices. */
  function readWorkbook() {
    return new Promise(function (resolve, reject) {
      Office.context.document.getFileAsync(Office.FileType.Compressed, { sliceSize: 65536 }, function (opened) {
        if (opened.status !== Office.AsyncResultStatus.Succeeded) { reject(opened.error); return; }
        var file = opened.value, parts = [], index = 0;
        function next() {
          if (index >= file.sliceCount) {
            file.closeAsync();
            resolve(concat(parts));
            return;
          }
          file.getSliceAsync(index, function (sliced) {
            if (sliced.status !== Office.AsyncResultStatus.Succeeded) { file.closeAsync(); reject(sliced.error); return; }
            parts.push(toBytes(sliced.value.data));
            index += 1;
            next();
          });
        }
        next();
      });
    });
  }

  function toBytes(data) {
    if (typeof data === "string") {  // some hosts hand slices over as base64
      var binary = atob(data), bytes = new Uint8Array(binary.length);
      for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
      return bytes;
    }
    return data instanceof Uint8Array ? data : new Uint8Array(data);
  }

  function concat(parts) {
    var size = parts.reduce(function (sum, part) { return sum + part.length; }, 0);
    var all = new Uint8Array(size), offset = 0;
    parts.forEach(function (part) { all.set(part, offset); offset += part.length; });
    return all;
  }

  function workbookName() {
    var url = (Office.context.document && Office.context.document.url) || "";
    var name = url.split(/[\\/]/).pop();
    return name || "projektmappe.xlsx";
  }

  function address(sheet, cell) { return "'" + sheet.replace(/'/g, "''") + "'!" + cell; }

  function notesSupported() {
    return Office.context.requirements.isSetSupported("ExcelApi", "1.18");
  }

  function loadRecord() {
    var record = Office.context.document.settings.get(RECORD_KEY);
    return Array.isArray(record) ? record : [];
  }

  function saveRecord(record) {
    Office.context.document.settings.set(RECORD_KEY, record);
    return new Promise(function (resolve) { Office.context.document.settings.saveAsync(function () { resolve(); }); });
  }

  function isWhite(colour) { return typeof colour === "string" && colour.toUpperCase() === "#FFFFFF"; }

  function selectCell(sheet, cell) {
    return Excel.run(function (context) {
      var worksheet = context.workbook.worksheets.getItemOrNullObject(sheet);
      return context.sync().then(function () {
        if (worksheet.isNullObject) { setStatus("warn", t("sheetGone", { sheet: sheet })); return null; }
        worksheet.activate();
        worksheet.getRange(cell).select();
        return context.sync();
      });
    }).catch(function (error) { setStatus("error", t("excelFailed", { message: error.message })); });
  }

  /* Worksheets of the cells in ``items`` that still exist, by name. */
  function existingSheets(context, items) {
    var sheets = {};
    items.forEach(function (item) {
      if (!sheets[item.sheet]) { sheets[item.sheet] = context.workbook.worksheets.getItemOrNullObject(item.sheet); }
    });
    return context.sync().then(function () {
      Object.keys(sheets).forEach(function (name) { if (sheets[name].isNullObject) { delete sheets[name]; } });
      return sheets;
    });
  }

  /* Colour and annotate every cell of the mark plan, recording each cell's look before. */
  function markWorkbook(marks) {
    var withNotes = notesSupported();
    return clearMarks(true).then(function () {
      return Excel.run(function (context) {
        return existingSheets(context, marks).then(function (sheets) {
          var items = marks.filter(function (mark) { return sheets[mark.sheet]; }).map(function (mark) {
            var range = sheets[mark.sheet].getRange(mark.cell);
            range.format.fill.load("color");
            range.format.font.load("color");
            var note = withNotes ? context.workbook.notes.getItemOrNullObject(address(mark.sheet, mark.cell)) : null;
            if (note) { note.load("content"); }
            return { mark: mark, range: range, note: note };
          });
          return context.sync().then(function () {
            var record = items.map(function (item) {
              var mark = item.mark, range = item.range;
              var before = { sheet: mark.sheet, cell: mark.cell, fill: range.format.fill.color, font: null,
                             note: item.note && !item.note.isNullObject ? item.note.content : null, ourFill: mark.fill };
              range.format.fill.color = mark.fill;
              if (isWhite(range.format.font.color)) {  // white header text would vanish on the light fill
                before.font = range.format.font.color;
                range.format.font.color = mark.font_on_fill;
              }
              if (withNotes) {
                if (before.note === null) { context.workbook.notes.add(range, mark.note); }
                else { item.note.content = before.note + "\n\n" + mark.note; }  // theirs first, ours after
              }
              return before;
            });
            return context.sync().then(function () { return saveRecord(record); }).then(function () {
              return { count: record.length, notes: withNotes };
            });
          });
        });
      });
    });
  }

  /* Undo exactly what the last marking did: cells still carrying our fill get their fill back,
   * our part of each note goes, and the note someone wrote before stays. */
  function clearMarks(quiet) {
    var record = loadRecord();
    if (!record.length) { return Promise.resolve(0); }
    var withNotes = notesSupported();
    return Excel.run(function (context) {
      return existingSheets(context, record).then(function (sheets) {
        var items = record.filter(function (entry) { return sheets[entry.sheet]; }).map(function (entry) {
          var range = sheets[entry.sheet].getRange(entry.cell);
          range.format.fill.load("color");
          range.format.font.load("color");
          var note = withNotes ? context.workbook.notes.getItemOrNullObject(address(entry.sheet, entry.cell)) : null;
          if (note) { note.load("content"); }
          return { entry: entry, range: range, note: note };
        });
        return context.sync().then(function () {
          items.forEach(function (item) {
            var entry = item.entry, range = item.range;
            if (String(range.format.fill.color).toUpperCase() === String(entry.ourFill).toUpperCase()) {
              if (!entry.fill || isWhite(entry.fill)) { range.format.fill.clear(); }
              else { range.format.fill.color = entry.fill; }
              if (entry.font) { range.format.font.color = entry.font; }
            }
            if (item.note && !item.note.isNullObject) {
              var content = item.note.content, at = content.indexOf(NOTE_HEAD);
              if (at === 0) { item.note.delete(); }
              else if (at > 0) { item.note.content = content.slice(0, at).replace(/\s+$/, ""); }
            }
          });
          return context.sync();
        });
      });
    }).then(function () {
      return saveRecord([]);
    }).then(function () {
      if (!quiet) { setStatus("info", t("cleared", { n: record.length })); }
      return record.length;
    });
  }

  /* Open an .xlsx the server made: as a new workbook in Excel where it can, else as a download. */
  function openWorkbook(response, fallbackName) {
    var disposition = response.headers.get("Content-Disposition") || "";
    var match = /filename\*=UTF-8''([^;]+)/.exec(disposition);
    var name = match ? decodeURIComponent(match[1]) : fallbackName;
    return response.arrayBuffer().then(function (buffer) { return openBytes(buffer, name); });
  }

  function openBytes(buffer, name) {
    if (window.Excel && typeof Excel.createWorkbook === "function") {
      return Promise.resolve(Excel.createWorkbook(toBase64(new Uint8Array(buffer)))).then(function () {
        setStatus("ok", t("opened", { name: name }));
      });
    }
    var link = el("a", { href: URL.createObjectURL(new Blob([buffer])), download: name });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setStatus("ok", t("downloaded", { name: name }));
    return Promise.resolve(null);
  }

  function toBase64(bytes) {
    var binary = "";
    for (var i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(binary);
  }

  // -- showing the result ---------------------------------------------------------------------------

  function render(result) {
    var status = result.status;
    if (status === "rejected") {
      setStatus("error", t("rejected", { message: result.issues.map(function (i) { return i.message; }).join(" ") }));
    } else if (status === "not-a-template") {
      setStatus("warn", t("notTemplate"));
    }
    // A note ("info": what one file alone cannot show, such as a department file without its staff
    // list) is neither an error nor a warning: counted and listed apart, in a neutral style.
    var notes = result.issues.filter(function (issue) { return issue.severity === "info"; }).length;
    if (status === "valid") {
      setStatus("ok", result.warnings ? t("validWarnings") : (notes ? t("validNotes") : t("valid")));
    } else if (status === "invalid") {
      setStatus("error", t("invalid"));
    }
    ui.summary.textContent = result.file + ": " + t("counts", {
      errors: result.errors, errorWord: t(result.errors === 1 ? "oneError" : "errors"),
      warnings: result.warnings, warningWord: t(result.warnings === 1 ? "oneWarning" : "warnings") }) +
      (notes ? t("notes", { notes: notes, noteWord: t(notes === 1 ? "oneNote" : "manyNotes") }) : "");
    ui.summary.className = "summary";
    ui.findings.textContent = "";
    var showList = status === "invalid" || (status === "valid" && (result.warnings || notes));
    if (showList) {
      result.groups.forEach(function (group) {
        var issues = result.issues.filter(function (issue) { return issue.sheet === group.sheet; });
        var title = group.sheet === null ? t("fileLevel") : group.sheet;
        var list = el("ul", {}, issues.map(findingItem));
        var details = el("details", { open: "open", "data-sheet": title }, [
          el("summary", {}, [document.createTextNode(title + " "),
                             el("span", { cls: "count", text: "(" + group.count + ")" })]), list]);
        ui.findings.appendChild(details);
      });
    }
    ui.mark.disabled = !(result.marks && result.marks.length);
    // An annotated copy marks findings in one of our templates: nothing to mark otherwise.
    // A note marks no cell, so notes alone give no annotated copy either.
    ui.annotated.disabled = !(result.template && result.errors + result.warnings &&
                              (status === "invalid" || status === "valid"));
  }

  function findingItem(issue) {
    var parts = [el("span", { cls: "sev " + issue.severity, text: t(issue.severity) }),
                 el("span", { cls: "loc", text: issue.cell || issue.location || "" }),
                 el("span", { cls: "msg", text: issue.message })];
    if (issue.fix) { parts.push(el("span", { cls: "fix", text: t("fix") + issue.fix })); }
    if (issue.sheet && issue.cell) {
      var button = el("button", { cls: "finding", "data-sheet": issue.sheet, "data-cell": issue.cell,
                                  "data-code": issue.code, title: issue.fix }, parts);
      button.addEventListener("click", function () { selectCell(issue.sheet, issue.cell); });
      return el("li", {}, [button]);
    }
    return el("li", {}, [el("div", { cls: "file-level", "data-code": issue.code, title: issue.fix }, parts)]);
  }

  function failed(error) {
    if (error instanceof ServerError) {
      setStatus(error.kind === "unreachable" || error.kind === "local" ? "error" : "warn", error.message);
    } else if (error && error.kind === "timeout") { setStatus("error", t("timeout")); }
    else { setStatus("error", t("readFailed", { message: (error && error.message) || String(error) })); }
  }

  // -- the buttons ----------------------------------------------------------------------------------

  function check() {
    setStatus("info", t("reading"));
    // A new check replaces the last one's findings, also when it fails: stale findings would mislead.
    state.result = null;
    ui.summary.className = "summary hidden";
    ui.findings.textContent = "";
    ui.mark.disabled = ui.annotated.disabled = true;
    ui.check.disabled = true;
    state.name = workbookName();
    return readWorkbook().then(function (bytes) {
      state.bytes = bytes;
      setStatus("info", t("checking"));
      if (state.engine === "browser") {
        // Refused by size before the engine sees a byte: the browser has no worker process to sacrifice.
        if (bytes.length > engine.MAX_BYTES) {
          state.bytes = null;
          throw new ServerError("local", t("tooLarge", { limit: engine.MAX_BYTES / 1048576 }));
        }
        return engine.check(bytes, state.name, state.lang);
      }
      return request(apiPath("/api/validate", { lang: state.lang, name: state.name }), {
        method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: bytes
      }).then(function (response) { return response.json(); });
    }).then(function (result) {
      state.result = result;
      render(result);
    }).catch(failed).then(function () { ui.check.disabled = false; });
  }

  function mark() {
    if (!state.result) { return Promise.resolve(); }
    return markWorkbook(state.result.marks).then(function (done) {
      setStatus("info", t("marked", { n: done.count }) + (done.notes ? "" : " " + t("noNotes")));
    }).catch(function (error) { setStatus("error", t("excelFailed", { message: error.message })); });
  }

  function clear() {
    return clearMarks(false).then(function (count) {
      if (!count) { setStatus("info", t("nothingToClear")); }
    }).catch(function (error) { setStatus("error", t("excelFailed", { message: error.message })); });
  }

  function annotated() {
    if (!state.bytes) { return Promise.resolve(); }
    if (state.engine === "browser") {
      return engine.annotate(state.bytes, state.name, state.lang).then(function (made) {
        if (!made) { throw new ServerError("local", t("notAnnotatable")); }
        return openBytes(made.bytes, made.name);
      }).catch(failed);
    }
    return request(apiPath("/api/annotate", { lang: state.lang, name: state.name }), {
      method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: state.bytes
    }).then(function (response) { return openWorkbook(response, "kommenteret.xlsx"); }).catch(failed);
  }

  function loadTemplates() {
    if (state.engine === "browser") {
      return Promise.resolve(fillTemplates(state.bundle.templates.map(function (entry) {
        return { id: entry.id, title: entry.title[state.lang] || entry.title.da };
      })));
    }
    return request(apiPath("/api/templates", { lang: state.lang })).then(function (r) { return r.json(); })
      .then(fillTemplates).catch(function () { /* reported when the user acts */ });
  }

  function fillTemplates(templates) {
    var chosen = ui.domain.value;
    ui.domain.textContent = "";
    templates.forEach(function (entry) { ui.domain.appendChild(el("option", { value: entry.id, text: entry.title })); });
    if (chosen) { ui.domain.value = chosen; }
  }

  function template() {
    if (state.engine === "browser") {  // the blank templates are files of this folder
      var entry = state.bundle.templates.filter(function (e) { return e.id === ui.domain.value; })[0] || state.bundle.templates[0];
      var path = entry.files[state.lang] || entry.files.da;
      return request(path).then(function (response) { return openWorkbook(response, path.split("/").pop()); }).catch(failed);
    }
    return request(apiPath("/api/templates/" + encodeURIComponent(ui.domain.value || "administration"),
                           { lang: state.lang }))
      .then(function (response) { return openWorkbook(response, "skabelon.xlsx"); }).catch(failed);
  }

  // -- start ----------------------------------------------------------------------------------------

  function init() {
    if (ui.ready) { return; }
    ["status", "summary", "findings", "check", "mark", "clear", "annotated", "template", "lang"].forEach(function (id) {
      ui[id] = document.getElementById(id);
    });
    ui.engineNote = document.getElementById("engine-note");
    ui.useServer = document.getElementById("use-server");
    ui.domain = document.getElementById("template-domain");
    ui.ready = true;
    var params = new URLSearchParams(location.search);
    state.token = params.get("token");
    state.lang = params.get("lang") || (window.localStorage && localStorage.getItem("kommunebench.lang")) || "da";
    if (!TEXT[state.lang]) { state.lang = "da"; }
    ui.lang.value = state.lang;
    ui.lang.addEventListener("change", function () {
      state.lang = ui.lang.value;
      try { localStorage.setItem("kommunebench.lang", state.lang); } catch (ignored) { /* private mode */ }
      translate();
      loadTemplates();
    });
    ui.check.addEventListener("click", check);
    ui.mark.addEventListener("click", mark);
    ui.clear.addEventListener("click", clear);
    ui.annotated.addEventListener("click", annotated);
    ui.template.addEventListener("click", template);
    ui.useServer.addEventListener("change", function () { setServerMode(ui.useServer.checked); });
    translate();
    chooseEngine(params);
    if (!window.Office) { noHost(); }
  }

  function noHost() {
    setStatus("warn", t("noHost"));
    ui.check.disabled = ui.clear.disabled = true;
  }

  // Office.onReady can fire before the body exists: wire the page once both are there.
  var domReady = new Promise(function (resolve) {
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", resolve); }
    else { resolve(); }
  });
  var officeReady = window.Office && typeof Office.onReady === "function"
    ? new Promise(function (resolve) { Office.onReady(function (info) { resolve(info); }); }) : Promise.resolve(null);
  domReady.then(init);
  Promise.all([domReady, officeReady]).then(function (ready) {
    init();
    var info = ready[1];
    if (!info || info.host !== "Excel") { noHost(); }  // office.js in a plain browser: no workbook to read
  });
  window.kommunebenchPane = { state: state, check: check, mark: mark, clear: clear, annotated: annotated };
}());
