"""An HTTP server on 127.0.0.1 that misbehaves slowly: it trickles its headers or its body a
byte at a time, or accepts the connection and never answers. Every request it sees is recorded
with its headers, so a test can also check which key reached it.
"""

from __future__ import annotations

import contextlib
import socketserver
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

BODY = b'{"object": "page", "data": [], "has_more": false, "next_page": null}'


@dataclass
class Trickle:
    mode: str  # "body", "headers" or "silent"
    gap: float = 0.05  # seconds between bytes
    limit: float = 20.0  # a trickle gives up after this long, so a failing test still ends
    url: str = ""
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)


@contextlib.contextmanager
def trickle_server(mode: str, gap: float = 0.05, limit: float = 20.0) -> Iterator[Trickle]:
    state = Trickle(mode, gap, limit)

    class Handler(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            line = self.rfile.readline().decode("latin-1").strip()
            headers = {}
            while (raw := self.rfile.readline().decode("latin-1").strip()) != "":
                name, _, value = raw.partition(":")
                headers[name.strip().lower()] = value.strip()
            state.requests.append((line, headers))
            head = (
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(BODY)}\r\nConnection: close\r\n\r\n"
            ).encode()
            started = time.monotonic()
            if state.mode == "silent":
                time.sleep(state.limit)
                return
            slow, fast = (BODY, head) if state.mode == "body" else (head, b"")
            try:
                if state.mode == "body":
                    self.wfile.write(fast)
                    self.wfile.flush()
                for i in range(len(slow)):
                    if time.monotonic() - started > state.limit:
                        return
                    self.wfile.write(slow[i : i + 1])
                    self.wfile.flush()
                    time.sleep(state.gap)
                if state.mode == "headers":
                    self.wfile.write(BODY)
            except OSError:
                return  # the client hung up: what a deadline should do

    class Server(socketserver.ThreadingTCPServer):
        daemon_threads = True
        allow_reuse_address = True

    server = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
