"""The end-to-end tests' servers: the real action server and Rasa server on free loopback ports
(local_servers, shared with the benchmarks), a messaging platform's side of the callback channel,
and what the SQLite tracker store holds."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from local_servers import (
    ACTION_SERVER_TOKEN,
    ROOT,
    STARTUP_SECONDS,
    Assistant,
    Process,
    free_port,
    rasa_run_args,
    running_assistant,
    serve_env,
    start,
    trained_model,
    wait_until_up,
)

__all__ = [
    "ACTION_SERVER_TOKEN",
    "ROOT",
    "STARTUP_SECONDS",
    "Assistant",
    "Process",
    "Receiver",
    "free_port",
    "rasa_run_args",
    "running_assistant",
    "said",
    "serve_env",
    "start",
    "trained_model",
    "tracker_texts",
    "wait_until_up",
]


class Receiver:
    """A messaging platform's side of the callback channel: collects what the assistant POSTs
    (listening from the start; `close()`, or use it as a context manager)."""

    def __init__(self) -> None:
        self.messages: list[dict] = []
        received, lock = self.messages, threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server interface
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with lock:
                    received.append(json.loads(body))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.handler = Handler
        self.port = free_port()
        self._listen()

    def _listen(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), self.handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @contextmanager
    def unreachable(self) -> Iterator[None]:
        """The platform down for a while (connections refused), then back on the same port."""
        self.close()
        try:
            yield
        finally:
            self._listen()

    def __enter__(self) -> Receiver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def said(running: Any, sender: str, message: str, provider: str) -> str:
    """Every reply's text to `message` from `sender` on `provider`'s chat, one per line."""
    return "\n".join(running.texts(sender, message, {"provider": provider}))


def tracker_texts(running: Any, sender: str) -> list[str]:
    """Every user message the SQLite tracker store at `running.tracker_db` holds for `sender`."""
    with sqlite3.connect(running.tracker_db) as connection:
        rows = connection.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user'", (sender,)
        ).fetchall()
    return [json.loads(data).get("text") or "" for (data,) in rows]
