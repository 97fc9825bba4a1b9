"""Every network request a Chromium page makes, its workers' included, through the DevTools Protocol.

ChromeDriver's own CDP commands and performance log reach only the page; a dedicated worker is a
target of its own. So this connects to the browser's DevTools socket, attaches to the page with
auto-attach (flattened sessions), holds each new worker until its Network domain is on, and records
``Network.requestWillBeSent`` from every session. Uses websocket-client, which selenium requires.
"""

from __future__ import annotations

import itertools
import json
import threading
import urllib.request

import websocket


class RequestRecorder:
    def __init__(self, driver) -> None:
        address = driver.capabilities["goog:chromeOptions"]["debuggerAddress"]
        with urllib.request.urlopen(f"http://{address}/json/version", timeout=10) as answer:
            url = json.load(answer)["webSocketDebuggerUrl"]
        self._socket = websocket.create_connection(url, timeout=30, suppress_origin=True)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.requests: list[dict] = []
        self.targets: list[str] = []  # the kinds of target attached: page, worker, ...
        self._send("Target.setDiscoverTargets", {"discover": True})
        page = next(t for t in self._call_sync("Target.getTargets")["targetInfos"] if t["type"] == "page")
        session = self._call_sync("Target.attachToTarget", {"targetId": page["targetId"], "flatten": True})["sessionId"]
        self._watch(session, "page", resume=False)
        # No timeout from here on: a reader that gave up would leave the next worker waiting for us forever.
        self._socket.settimeout(None)
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def take(self) -> list[dict]:
        """The requests recorded since the last call."""
        with self._lock:
            taken, self.requests = self.requests, []
        return taken

    def close(self) -> None:
        self._socket.close()

    def _send(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        message = {"id": next(self._ids), "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._socket.send(json.dumps(message))
        return message["id"]

    def _call_sync(self, method: str, params: dict | None = None) -> dict:
        """A call answered before the reader thread starts (messages in between are events, kept)."""
        wanted = self._send(method, params)
        while True:
            message = json.loads(self._socket.recv())
            if message.get("id") == wanted:
                return message.get("result", {})
            self._handle(message)

    def _watch(self, session: str, kind: str, resume: bool) -> None:
        self.targets.append(kind)
        self._send("Network.enable", {}, session)
        self._send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": True},
                   session)
        if resume:  # the worker waited for us before its first request
            self._send("Runtime.runIfWaitingForDebugger", {}, session)

    def _read(self) -> None:
        while True:
            try:
                message = json.loads(self._socket.recv())
            except (websocket.WebSocketException, OSError, ValueError):
                return
            self._handle(message)

    def _handle(self, message: dict) -> None:
        method = message.get("method")
        if method == "Target.attachedToTarget":
            params = message["params"]
            self._watch(params["sessionId"], params["targetInfo"]["type"], resume=params.get("waitingForDebugger", False))
        elif method == "Network.requestWillBeSent":
            request = message["params"]["request"]
            with self._lock:
                self.requests.append({"url": request["url"], "method": request["method"],
                                      "body": bool(request.get("hasPostData") or request.get("postData")),
                                      "session": message.get("sessionId")})
