/* A stand-in for the Office host (the `Office` and `Excel` globals) in a real browser.
 *
 * It hands the pane a real workbook's bytes through the file API, in slices, and keeps the
 * workbook's cell looks and notes in memory: what the pane selects, colours and notes is
 * recorded in `window.__host.log` and visible in `window.__host.cells` / `.notes`.
 *
 * Like Office, it queues what the pane asks for and carries it out at `context.sync()`: a value
 * read before the sync that loads it is undefined, and a change never synced never happens.
 */
(function () {
  "use strict";
  var host = window.__host = {
    log: [], cells: {}, notes: {}, settings: {}, created: [], workbook: "", url: "", sheets: null,
    sliceSize: 16384, notesApi: true
  };
  host.setWorkbook = function (base64, url, sheets) {
    host.workbook = base64;
    host.url = url;
    host.sheets = sheets || null;
    Office.context.document.url = url;
  };
  function cell(sheet, ref) {
    var key = sheet + "!" + ref;
    if (!host.cells[key]) { host.cells[key] = { fill: "#FFFFFF", font: "#000000" }; }
    return host.cells[key];
  }
  function parseAddress(address) {  // 'Sheet ''x'''!B5 -> ["Sheet 'x'", "B5"]
    var at = address.lastIndexOf("!");
    var sheet = address.slice(0, at);
    if (sheet.charAt(0) === "'") { sheet = sheet.slice(1, -1).replace(/''/g, "'"); }
    return [sheet, address.slice(at + 1)];
  }
  function sheetExists(name) { return host.sheets === null || host.sheets.indexOf(name) >= 0; }

  function Context() {
    var queue = [], loaded = [];
    var context = this;
    this.sync = function () {
      return new Promise(function (resolve, reject) {
        setTimeout(function () {
          try {
            queue.splice(0).forEach(function (op) { op(); });
            loaded.splice(0).forEach(function (refresh) { refresh(); });
            resolve();
          } catch (error) { reject(error); }
        }, 0);
      });
    };
    function rangeFormat(sheet, ref, part) {
      var snapshot = {};
      var proxy = {
        load: function () { loaded.push(function () { snapshot.color = cell(sheet, ref)[part]; }); return proxy; },
        clear: function () {
          queue.push(function () { cell(sheet, ref)[part] = "#FFFFFF"; host.log.push({ op: part + "-clear", sheet: sheet, cell: ref }); });
        }
      };
      Object.defineProperty(proxy, "color", {
        get: function () { return snapshot.color; },
        set: function (value) {
          queue.push(function () { cell(sheet, ref)[part] = value; host.log.push({ op: part, sheet: sheet, cell: ref, color: value }); });
        }
      });
      return proxy;
    }
    function range(sheet, ref) {
      return {
        sheet: sheet, ref: ref,
        format: { fill: rangeFormat(sheet, ref, "fill"), font: rangeFormat(sheet, ref, "font") },
        load: function () { return this; },
        select: function () { queue.push(function () { host.log.push({ op: "select", sheet: sheet, cell: ref }); }); }
      };
    }
    function worksheet(name, orNull) {
      var sheet = {
        isNullObject: undefined,
        activate: function () { queue.push(function () { host.log.push({ op: "activate", sheet: name }); }); },
        getRange: function (ref) { return range(name, ref); }
      };
      loaded.push(function () {
        sheet.isNullObject = !sheetExists(name);
        if (sheet.isNullObject && !orNull) { throw new Error("ItemNotFound: " + name); }
      });
      return sheet;
    }
    function note(address) {
      var parts = parseAddress(address), key = parts[0] + "!" + parts[1], snapshot = {};
      var proxy = {
        isNullObject: undefined,
        load: function () { return proxy; },
        delete: function () { queue.push(function () { delete host.notes[key]; host.log.push({ op: "note-delete", key: key }); }); }
      };
      Object.defineProperty(proxy, "content", {
        get: function () { return snapshot.content; },
        set: function (value) { queue.push(function () { host.notes[key] = value; host.log.push({ op: "note-set", key: key }); }); }
      });
      loaded.push(function () { proxy.isNullObject = !(key in host.notes); snapshot.content = host.notes[key]; });
      return proxy;
    }
    this.workbook = {
      worksheets: {
        getItem: function (name) { return worksheet(name, false); },
        getItemOrNullObject: function (name) { return worksheet(name, true); }
      },
      notes: {
        add: function (target, content) {
          var key = typeof target === "string" ? parseAddress(target).join("!") : target.sheet + "!" + target.ref;
          queue.push(function () {
            if (key in host.notes) { throw new Error("InvalidArgument: the cell already has a note"); }
            host.notes[key] = content;
            host.log.push({ op: "note-add", key: key });
          });
        },
        getItemOrNullObject: note
      }
    };
    return context;
  }

  var OK = "succeeded";
  window.Office = {
    AsyncResultStatus: { Succeeded: OK, Failed: "failed" },
    FileType: { Compressed: "compressed" },
    onReady: function (callback) {
      var info = { host: "Excel", platform: "PC" };
      setTimeout(function () { callback(info); }, 0);
      return Promise.resolve(info);
    },
    context: {
      requirements: { isSetSupported: function (name, version) { return name === "ExcelApi" && (host.notesApi || version < "1.18"); } },
      document: {
        url: "",
        settings: {
          get: function (key) { return key in host.settings ? JSON.parse(host.settings[key]) : null; },
          set: function (key, value) { host.settings[key] = JSON.stringify(value); },
          saveAsync: function (callback) { setTimeout(function () { callback({ status: OK }); }, 0); }
        },
        getFileAsync: function (type, options, callback) {
          var binary = atob(host.workbook), bytes = new Uint8Array(binary.length);
          for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
          var size = Math.min(options.sliceSize || 4194304, host.sliceSize);
          var count = Math.max(1, Math.ceil(bytes.length / size));
          host.log.push({ op: "getFile", type: type, slices: count });
          var file = {
            size: bytes.length, sliceCount: count,
            getSliceAsync: function (index, done) {
              // Office hands a slice over as an array of byte values.
              var data = Array.prototype.slice.call(bytes.subarray(index * size, (index + 1) * size));
              setTimeout(function () { done({ status: OK, value: { index: index, data: data, size: data.length } }); }, 0);
            },
            closeAsync: function (done) { host.log.push({ op: "closeFile" }); if (done) { done({ status: OK }); } }
          };
          setTimeout(function () { callback({ status: OK, value: file }); }, 0);
        }
      }
    }
  };
  window.Excel = {
    run: function (batch) { return Promise.resolve().then(function () { return batch(new Context()); }); },
    createWorkbook: function (base64) {
      host.created.push(base64);
      host.log.push({ op: "createWorkbook", size: base64.length });
      return Promise.resolve();
    }
  };
}());
