"""Fixtures for the readers: the data folder, lowered limits, a local HTTP server, a connect guard.

Network traffic in these tests goes to 127.0.0.1 only: the server below. Every other
connection attempt fails the test (see `connect_guard`).
"""

from __future__ import annotations

import contextlib
import gzip
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from corridor.settings import get_settings

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
SEED = DATA / "op-ed.txt"
LIMIT = 2_000_000  # max_document_bytes while the limits fixture is on


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def limits(monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """max_document_bytes lowered to LIMIT so that caps are cheap to hit."""
    monkeypatch.setenv("CORRIDOR_MAX_DOCUMENT_BYTES", str(LIMIT))
    get_settings.cache_clear()
    yield LIMIT
    monkeypatch.delenv("CORRIDOR_MAX_DOCUMENT_BYTES")
    get_settings.cache_clear()


@dataclass
class ConnectLog:
    """Every connect() attempted during a test, and the addresses allowed through."""

    attempts: list[object] = field(default_factory=list)
    allowed: set[tuple[str, int]] = field(default_factory=set)

    def foreign(self) -> list[object]:
        return [a for a in self.attempts if _key(a) not in self.allowed]


def _key(address: object) -> tuple[str, int] | None:
    if isinstance(address, tuple) and len(address) >= 2:
        return (str(address[0]), int(address[1]))
    return None


@pytest.fixture
def connect_guard(monkeypatch: pytest.MonkeyPatch) -> ConnectLog:
    """Record every connect(); refuse all but the allowed (local server) addresses."""
    log = ConnectLog()
    real_connect = socket.socket.connect
    real_create = socket.create_connection

    def guarded_connect(self: socket.socket, address: object) -> None:
        log.attempts.append(address)
        if _key(address) not in log.allowed:
            raise AssertionError(f"connect() to {address!r} attempted")
        real_connect(self, address)  # type: ignore[arg-type]

    def guarded_create(address: tuple[str, int], *args: object, **kwargs: object) -> socket.socket:
        if _key(address) not in log.allowed:
            log.attempts.append(address)
            raise AssertionError(f"create_connection({address!r}) attempted")
        return real_create(address, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "create_connection", guarded_create)
    return log


@pytest.fixture
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Replace the fetcher's resolver: names resolve only through this table, never DNS."""
    from corridor.ingest import fetch

    table = {
        "internal.example.com": ["10.1.2.3"],
        "rebind.example.com": ["93.184.216.34", "127.0.0.1"],
        "metadata.example.com": ["169.254.169.254"],
        "ula.example.com": ["fd00::1"],
        "cgnat.example.com": ["100.64.0.7"],
        "mapped.example.com": ["::ffff:192.168.0.1"],
        "public.example.com": ["93.184.216.34"],
    }

    def resolve(host: str, port: int) -> list[str]:
        if host in table:
            return table[host]
        raise socket.gaierror(f"fake DNS: no such name {host}")

    monkeypatch.setattr(fetch, "resolve", resolve)
    return table


PAGE = (DATA / "news-page.html").read_bytes()


class _Handler(BaseHTTPRequestHandler):
    bomb: bytes = b""

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        path, query = url.path, parse_qs(url.query)
        if path == "/page":
            self._send(200, PAGE, "text/html; charset=utf-8")
        elif path == "/page.gz":
            self._send(200, gzip.compress(PAGE), "text/html", {"Content-Encoding": "gzip"})
        elif path == "/bomb":
            self._send(200, self.bomb, "text/html", {"Content-Encoding": "gzip"})
        elif path == "/big":  # no Content-Length: only the streamed count can stop it
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b"CPEC " * 20_000
            try:
                for _ in range(LIMIT // len(chunk) + 5):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/big-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(LIMIT * 10))
            self.end_headers()
        elif path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            target = f"/hop/{left - 1}" if left > 0 else "/page"
            self._redirect(target)
        elif path == "/redirect":
            self._redirect(query["to"][0])
        elif path == "/feed.xml":
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            body = (
                '<?xml version="1.0"?><rss version="2.0"><channel><title>Local feed</title>'
                f"<item><title>Teaser title</title><link>{base}/page</link>"
                "<author>desk@example.com (Feed Desk)</author>"
                "<description>Only a teaser.</description></item>"
                f"<item><title>Gone</title><link>{base}/missing</link>"
                "<description>Link is dead.</description></item>"
                "<item><title>Inside</title><link>http://10.0.0.1/secret</link>"
                "<description>Points inside.</description></item>"
                "</channel></rss>"
            ).encode()
            self._send(200, body, "application/rss+xml")
        elif path == "/image.png":
            self._send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image/png")
        elif path == "/plain":
            self._send(200, (DATA / "op-ed.txt").read_bytes(), "text/plain; charset=utf-8")
        else:
            self._send(404, b"not found", "text/plain")

    def _send(
        self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


@dataclass
class LocalServer:
    base: str
    port: int


@pytest.fixture(scope="session")
def _server() -> Iterator[LocalServer]:
    # 64 MB of zeros gzip to about 64 KB: far past any cap once decoded.
    _Handler.bomb = gzip.compress(b"\x00" * 64_000_000, compresslevel=9)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    yield LocalServer(f"http://127.0.0.1:{port}", port)
    server.shutdown()
    server.server_close()


@pytest.fixture
def local_server(_server: LocalServer, connect_guard: ConnectLog, limits: int) -> LocalServer:
    """The local server, with connections allowed to it and to nothing else."""
    connect_guard.allowed.add(("127.0.0.1", _server.port))
    return _server
