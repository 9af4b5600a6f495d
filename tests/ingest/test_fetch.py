"""The guarded fetcher: SSRF refusals before any connect(), and real fetches from 127.0.0.1."""

from __future__ import annotations

import codecs
import contextlib
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import pytest

from corridor.errors import CorridorError
from corridor.ingest import fetch_url, read_path
from corridor.ingest.fetch import check_url, fetch, is_public, legacy_ipv4
from corridor.settings import get_settings

FORBIDDEN = [
    "http://127.0.0.1/",
    "http://127.0.0.1:80/admin",
    "http://0x7f.1/",
    "http://2130706433/",
    "http://017700000001/",
    "http://0x7f000001/",
    "http://127.1/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/",
    "http://172.16.0.1/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://198.18.0.1/",
    "http://localhost/",
    "http://LOCALHOST./",
    "http://api.localhost/",
    "http://0.0.0.0/",
    "http://0/",
    "http://[::]/",
    "http://[fc00::1]/",
    "http://[fd12:3456::1]/",
    "http://[fe80::1]/",
    "http://[64:ff9b::7f00:1]/",
    "http://[2002:7f00:1::]/",
    "http://224.0.0.1/",
    "http://255.255.255.255/",
    "http://internal.example.com/",
    "http://rebind.example.com/",
    "http://metadata.example.com/",
    "http://ula.example.com/",
    "http://cgnat.example.com/",
    "http://mapped.example.com/",
    "https://93.184.216.34:8443/",
    "http://public.example.com:22/",
    "ftp://93.184.216.34/",
    "file:///etc/passwd",
    "gopher://127.0.0.1:70/",
    "http://user:secret@93.184.216.34/",
    "http://[::1/",
    "javascript:alert(1)",
]


def test_forbidden_table_is_large_enough() -> None:
    assert len(FORBIDDEN) >= 25


@pytest.mark.parametrize("url", FORBIDDEN)
def test_fetch_url_refuses_forbidden_target_without_connecting(url, connect_guard, fake_dns):
    results = fetch_url(url)
    assert len(results) == 1
    assert results[0].document is None
    assert results[0].error is not None and results[0].error.code == "E307", results[0].error
    assert connect_guard.attempts == []


# The local server is allowed as the first hop (allow_private=True); a redirect off its
# origin is checked as strictly as a URL given by hand.
REDIRECT_TARGETS = [
    url for url in FORBIDDEN if url.startswith("http://") and "[::1/" not in url
] + ["http://127.0.0.1:1/", "http://localhost:{port}/page", "https://127.0.0.1:{port}/page"]


@pytest.mark.parametrize("target", REDIRECT_TARGETS)
def test_fetch_url_rechecks_every_redirect(target, local_server, connect_guard, fake_dns):
    target = target.format(port=local_server.port)
    results = fetch_url(f"{local_server.base}/redirect?to={quote(target)}", allow_private=True)
    assert len(results) == 1
    assert results[0].error is not None and results[0].error.code == "E307", results[0].error
    assert connect_guard.foreign() == []
    assert connect_guard.attempts, "the first hop, to the local server, did connect"


def test_fetch_url_refuses_private_target_by_default(local_server, connect_guard):
    results = fetch_url(f"{local_server.base}/page")
    assert results[0].error is not None and results[0].error.code == "E307"
    assert connect_guard.attempts == []


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("0x7f.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("017700000001", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("0xa9.0xfe.0xa9.0xfe", "169.254.169.254"),
        ("0", "0.0.0.0"),
        ("example.com", None),
        ("08.1.2.3", None),
        ("1.2.3.4.5", None),
        ("256.1.1.1", None),
    ],
)
def test_legacy_ipv4_reads_inet_aton_spellings(host, expected):
    assert legacy_ipv4(host) == expected


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("::ffff:93.184.216.34", False),  # IPv4-mapped is never global as such
        ("100.64.0.1", False),
        ("not an address", False),
    ],
)
def test_is_public_classifies_addresses(address, public):
    assert is_public(address) is public


def test_check_url_allows_private_only_when_asked(fake_dns):
    assert check_url("http://10.0.0.1:8080/x", allow_private=True).addresses == ("10.0.0.1",)
    with pytest.raises(CorridorError) as info:
        check_url("http://10.0.0.1:8080/x")
    assert info.value.code == "E307"


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[httpx.Request]:
    """The requests fetch sends, each stopped before it leaves (a ConnectError)."""
    requests: list[httpx.Request] = []

    def capture(self, request, **kwargs):
        requests.append(request)
        raise httpx.ConnectError("stopped by the test")

    monkeypatch.setattr(httpx.Client, "send", capture)
    return requests


def test_fetch_connects_to_checked_address_with_host_and_sni(sent, fake_dns, connect_guard):
    """DNS rebinding: the request goes to the address that was checked, named by Host/SNI."""
    results = fetch_url("https://public.example.com/news?id=7")
    assert results[0].error is not None and results[0].error.code == "E308"
    request = sent[0]
    assert request.url.host == "93.184.216.34"
    assert request.url.port in (None, 443)  # httpx drops the default port
    assert request.url.path == "/news" and request.url.query == b"id=7"
    assert request.headers["Host"] == "public.example.com"
    assert request.extensions["sni_hostname"] == "public.example.com"
    assert connect_guard.attempts == []


def test_fetch_url_reads_local_page(local_server):
    results = fetch_url(f"{local_server.base}/page", allow_private=True)
    assert len(results) == 1 and results[0].error is None
    document = results[0].document
    assert document is not None
    assert document.title == "Gwadar Port handles first bulk cargo under new terminal"
    assert document.url == f"{local_server.base}/page"
    assert "first bulk carrier" in document.text
    assert "Breaking News" not in document.text


def test_fetch_url_decodes_gzip_body(local_server):
    results = fetch_url(f"{local_server.base}/page.gz", allow_private=True)
    assert results[0].error is None
    assert results[0].document is not None and "45,000 tonnes" in results[0].document.text


def test_fetch_url_aborts_gzip_bomb(local_server):
    started = time.monotonic()
    results = fetch_url(f"{local_server.base}/bomb", allow_private=True)
    assert results[0].error is not None and results[0].error.code == "E302"
    assert "decoded" in results[0].error.detail
    assert time.monotonic() - started < 5


def test_fetch_url_caps_streamed_body(local_server):
    results = fetch_url(f"{local_server.base}/big", allow_private=True)
    assert results[0].error is not None and results[0].error.code == "E302"


def test_fetch_url_refuses_declared_oversize_body(local_server):
    results = fetch_url(f"{local_server.base}/big-declared", allow_private=True)
    assert results[0].error is not None and results[0].error.code == "E302"
    assert "Content-Length" in results[0].error.detail


def test_fetch_follows_five_redirects(local_server):
    fetched = fetch(f"{local_server.base}/hop/4", allow_private=True)  # 4 hops + 1 to /page
    assert fetched.url == f"{local_server.base}/page"


def test_fetch_url_stops_after_five_redirects(local_server):
    results = fetch_url(f"{local_server.base}/hop/5", allow_private=True)
    assert results[0].error is not None and results[0].error.code == "E308"
    assert "redirects" in results[0].error.detail


def test_fetch_url_refuses_disallowed_content_type(local_server):
    results = fetch_url(f"{local_server.base}/image.png", allow_private=True)
    assert results[0].error is not None and results[0].error.code == "E301"


def test_fetch_url_reports_http_error(local_server):
    results = fetch_url(f"{local_server.base}/missing", allow_private=True)
    assert results[0].error is not None and results[0].error.code == "E308"
    assert "404" in results[0].error.detail


def test_fetch_url_reads_plain_text(local_server):
    results = fetch_url(f"{local_server.base}/plain", allow_private=True)
    document = results[0].document
    assert document is not None and document.author == "Qaiser Nawab"
    assert document.url == f"{local_server.base}/plain"


def test_feed_fetches_linked_pages_only_when_asked(local_server, connect_guard):
    feed = f"{local_server.base}/feed.xml"
    teasers = list(read_path(feed, allow_private=True))
    assert [r.document.text for r in teasers if r.document] == [
        "Only a teaser.",
        "Link is dead.",
        "Points inside.",
    ]

    linked = list(read_path(feed, allow_private=True, fetch_linked=True))
    assert len(linked) == 3
    page = linked[0].document
    assert page is not None and "first bulk carrier" in page.text
    assert page.url == f"{local_server.base}/page"
    assert page.publisher == "Daily Corridor"  # the page's own metadata wins over the feed's
    # A page that cannot be read leaves the entry's own text, said in a note.
    dead, inside = linked[1], linked[2]
    assert dead.document is not None and dead.document.text == "Link is dead."
    assert dead.note is not None and "E308" in dead.note and "feed's text" in dead.note
    assert dead.document.title == teasers[1].document.title
    # allow_private vouches for the feed's server, not for the addresses its links name.
    assert inside.document is not None and inside.document.text == "Points inside."
    assert inside.note is not None and "E307" in inside.note
    assert connect_guard.foreign() == []


def test_a_linked_page_that_fails_is_a_failure_when_the_entry_has_no_text(
    local_server, connect_guard, tmp_path
):
    feed = tmp_path / "bare.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        f"<item><title>Gone</title><link>{local_server.base}/missing</link></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    (result,) = read_path(feed, allow_private=True, fetch_linked=True)
    assert result.document is None and result.error is not None
    assert result.error.code == "E308"


def test_cli_targets_pass_fetch_linked_to_a_feed_url(local_server, connect_guard):
    # `corridor ingest URL --fetch-linked` reads its targets through read_targets
    from corridor.ingest.batch import read_targets

    feed = f"{local_server.base}/feed.xml"
    linked = list(read_targets([feed], allow_private=True, fetch_linked=True))
    page = linked[0].document
    assert page is not None and "first bulk carrier" in page.text


# A second local server for what the shared one does not serve: bodies sent slowly, and
# text in a charset given per request (?type=<Content-Type>&hex=<body>).
class _PacedHandler(BaseHTTPRequestHandler):
    stop = threading.Event()  # set at teardown: releases handlers that are stalling

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/text":
            query = parse_qs(url.query)
            body = bytes.fromhex(query["hex"][0])
            self._head({"Content-Type": query["type"][0], "Content-Length": str(len(body))})
            self.wfile.write(body)
            return
        self._head({"Content-Type": "text/plain", "Content-Length": "40"})
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            if url.path == "/trickle":  # 40 bytes, one every half second: 20 s in all
                for _ in range(40):
                    self.wfile.write(b"x")
                    if self.stop.wait(0.5):
                        return
            elif url.path == "/stall":  # one byte after 1.5 s, then silence
                self.stop.wait(1.5)
                self.wfile.write(b"x")
                self.stop.wait(60)

    def _head(self, headers: dict[str, str]) -> None:
        self.send_response(200)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()


@pytest.fixture(scope="module")
def _paced() -> Iterator[str]:
    _PacedHandler.stop.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _PacedHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    _PacedHandler.stop.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def paced_server(_paced, connect_guard, limits) -> str:
    connect_guard.allowed.add(("127.0.0.1", urlsplit(_paced).port))
    return _paced


@pytest.fixture
def short_timeout(monkeypatch) -> Iterator[float]:
    monkeypatch.setenv("CORRIDOR_FETCH_TIMEOUT", "2.5")
    get_settings.cache_clear()
    yield 2.5
    monkeypatch.delenv("CORRIDOR_FETCH_TIMEOUT")
    get_settings.cache_clear()


@pytest.mark.parametrize("path", ["/trickle", "/stall"])
def test_fetch_url_stops_slow_body_at_total_time_limit(paced_server, short_timeout, path):
    """A body sent slowly, or stalled part-way, cannot hold the fetch past the deadline."""
    started = time.monotonic()
    results = fetch_url(f"{paced_server}{path}", allow_private=True)
    elapsed = time.monotonic() - started
    assert short_timeout - 0.1 <= elapsed < short_timeout + 1.0
    error = results[0].error
    assert error is not None and error.code == "E308", error
    assert "total time limit" in error.detail, error  # the deadline fired, not a read timeout
    assert "CORRIDOR_FETCH_TIMEOUT" in error.render()
    assert error.where == f"{paced_server}{path}"


ACCENTED = (
    "Gwadar accord signé\n\n"
    "Le ministre de l'Économie a signé vendredi un accord à Gwadar avec la société "
    "chinoise, a déclaré le ministère. Les travaux du port reprendront en été."
)


def _text_url(base: str, content_type: str, body: bytes) -> str:
    return f"{base}/text?type={quote(content_type)}&hex={body.hex()}"


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/plain; charset=iso-8859-1", ACCENTED.encode("latin-1")),
        ('text/plain; charset="ISO-8859-1"', ACCENTED.encode("latin-1")),
        ("text/plain; charset=windows-1252", ACCENTED.encode("cp1252")),
        ("text/plain; charset=iso-8859-15", ACCENTED.encode("iso-8859-15")),
        ("text/plain; charset=utf-16le", ACCENTED.encode("utf-16-le")),
        ("text/plain; charset=utf-8", ACCENTED.encode("utf-8")),
        # A BOM outranks the header, as in browsers; an unknown charset leaves UTF-8.
        ("text/plain; charset=iso-8859-1", codecs.BOM_UTF8 + ACCENTED.encode("utf-8")),
        ("text/plain; charset=x-no-such-charset", ACCENTED.encode("utf-8")),
    ],
)
def test_fetch_url_decodes_text_in_declared_charset(paced_server, content_type, body):
    results = fetch_url(_text_url(paced_server, content_type, body), allow_private=True)
    assert results[0].error is None, results[0].error
    document = results[0].document
    assert document is not None
    assert document.title == "Gwadar accord signé"
    assert "ministre de l'Économie a signé vendredi un accord à Gwadar" in document.text
    assert "reprendront en été." in document.text


def test_fetch_url_reads_latin_1_label_as_windows_1252(paced_server):
    """Servers that say iso-8859-1 mostly send windows-1252: its quotes are not C1 controls."""
    body = ACCENTED.replace("l'Économie", "l\u2019\u00c9conomie").encode("cp1252")
    url = _text_url(paced_server, "text/plain; charset=iso-8859-1", body)
    document = fetch_url(url, allow_private=True)[0].document
    assert document is not None and "l\u2019Économie" in document.text


@pytest.mark.parametrize(
    ("content_type", "body", "detail"),
    [
        ("text/plain", ACCENTED.encode("latin-1"), "invalid utf-8 at byte 18"),
        ("text/plain; charset=utf-8", ACCENTED.encode("latin-1"), "invalid utf-8 at byte 18"),
        (
            "text/plain; charset=shift_jis",
            b"Gwadar \x82\xa0 \xff\xfe",
            "invalid shift_jis at byte 10",
        ),
    ],
)
def test_fetch_url_reports_undecodable_text_with_hint_for_url(
    paced_server, content_type, body, detail
):
    url = _text_url(paced_server, content_type, body)
    error = fetch_url(url, allow_private=True)[0].error
    assert error is not None and error.code == "E303", error
    assert error.detail == detail
    assert error.hint != CorridorError("E303").hint  # "save the file as UTF-8": no file here
    assert "charset" in error.hint
    assert error.render() == str(error) and error.to_dict()["hint"] == error.hint


# Redirects to addresses httpx cannot even parse: httpx builds the next request of a redirect
# itself (follow_redirects=False too) and raised idna's InvalidCodepoint or InvalidURL, which
# ended a whole batch with E900 (QA).
BAD_LOCATIONS = [
    "http://xn--a.example/x",  # invalid punycode
    "http://xn--ls8h.xn--a.example/",
    "http://b\u00fccher.example/",  # a name in Unicode: its A-label is what gets resolved
    "http://a b.example/",
    "http://[::1/",
    "http://public.example.com/a\x01b",
    "http://public.example.com/" + "a" * 3000,
]


@pytest.mark.parametrize("location", BAD_LOCATIONS)
def test_a_redirect_to_a_bad_address_fails_that_url_alone(
    location, local_server, connect_guard, fake_dns
):
    url = f"{local_server.base}/redirect?to={quote(location)}"
    results = fetch_url(url, allow_private=True)
    assert len(results) == 1 and results[0].document is None
    error = results[0].error
    assert error is not None and error.code in ("E307", "E308"), error
    line = error.render()
    assert "\n" not in line and len(line) < 600 and "\x01" not in line
    assert connect_guard.foreign() == []


def test_a_unicode_host_is_resolved_and_named_by_its_a_label(sent, fake_dns, connect_guard):
    fake_dns["xn--bcher-kva.example"] = ["93.184.216.34"]
    results = fetch_url("https://B\u00fccher.example/news")
    assert results[0].error is not None and results[0].error.code == "E308"
    assert sent[0].headers["Host"] == "xn--bcher-kva.example"
    assert sent[0].extensions["sni_hostname"] == "xn--bcher-kva.example"


UNUSABLE_URLS = [
    "http://127.0.0.1:8731/a\x01b",
    "http://127.0.0.1:8731/a\x00b",
    "http://127.0.0.1:8731/a\nb",
    "http://127.0.0.1:8731/a\x7fb",
    "http://127.0.0.1:8731/" + "a" * 70_000,  # over httpx's own limit
    "http://127.0.0.1:8731/" + "a" * 2_100,  # over what sources.url holds
    "http://xn--a.example/",
]


@pytest.mark.parametrize("url", UNUSABLE_URLS)
def test_an_unusable_url_is_refused_before_any_request(url, connect_guard):
    from corridor.ingest.batch import read_targets

    for results in (
        fetch_url(url, allow_private=True),
        list(read_targets([url], allow_private=True)),
    ):
        assert len(results) == 1
        error = results[0].error
        assert error is not None and error.code == "E307", error
        line = error.render()
        assert "\n" not in line and len(line) < 600
        assert all(ord(c) >= 0x20 and c != "\x7f" for c in line + results[0].origin)
        assert len(results[0].origin) < 300
    assert connect_guard.attempts == []


def test_a_url_of_2000_characters_is_fetched(local_server):
    url = f"{local_server.base}/page?" + "q" * (2000 - len(f"{local_server.base}/page?"))
    assert len(url) == 2000
    (result,) = fetch_url(url, allow_private=True)
    assert result.error is None and result.document is not None and result.document.url == url


def test_ingest_goes_on_after_a_redirect_to_a_bad_address(engine, local_server, tmp_path):
    """QA: a 302 to http://xn--a.example/x was E900 and nothing of the batch was stored."""
    from corridor.ingest.batch import ingest, read_targets

    after = tmp_path / "after.txt"
    after.write_text("The Karot hydropower plant reached full load in June.")
    redirect = f"{local_server.base}/redirect?to={quote('http://xn--a.example/x')}"
    targets = [redirect, f"{local_server.base}/a\x01b", str(after)]
    summary = ingest(read_targets(targets, allow_private=True), engine=engine)
    assert (summary.read, summary.new, len(summary.failed)) == (3, 1, 2)
    codes = [reason.split(":")[0] for _, reason in summary.failed]
    assert codes == ["error E307", "error E307"]  # xn--a is no IDNA name; \x01 no URL


def test_ascii_host_has_no_trailing_dot_after_the_idna_mapping():
    # review: UTS46 maps "。" to "." after the name's own trailing dots were taken off
    from corridor.ingest.fetch import ascii_host

    assert ascii_host("ｌｏｃａｌｈｏｓｔ。") == "localhost"
    assert ascii_host("bücher.de。") == "xn--bcher-kva.de"
    assert ascii_host("Example.ORG.") == "example.org"
