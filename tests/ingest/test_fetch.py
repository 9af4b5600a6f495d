"""The guarded fetcher: SSRF refusals before any connect(), and real fetches from 127.0.0.1."""

from __future__ import annotations

import time
from urllib.parse import quote

import httpx
import pytest

from corridor.errors import CorridorError
from corridor.ingest import fetch_url, read_path
from corridor.ingest.fetch import check_url, fetch, is_public, legacy_ipv4

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


def test_fetch_connects_to_checked_address_with_host_and_sni(monkeypatch, fake_dns, connect_guard):
    """DNS rebinding: the request goes to the address that was checked, named by Host/SNI."""
    sent: list[httpx.Request] = []

    def capture(self, request, **kwargs):
        sent.append(request)
        raise httpx.ConnectError("stopped by the test")

    monkeypatch.setattr(httpx.Client, "send", capture)
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
    assert linked[1].error is not None and linked[1].error.code == "E308"
    # allow_private vouches for the feed's server, not for the addresses its links name.
    assert linked[2].error is not None and linked[2].error.code == "E307"
    assert connect_guard.foreign() == []
