"""The guarded fetcher: public http(s) addresses only, checked before any connection.

Rules (see shared/notes/libraries.md, SSRF):
- http and https on ports 80 and 443, no credentials in the URL;
- every A/AAAA record of the host must be a global address (loopback, RFC 1918, link-local
  and cloud metadata, CGNAT, ULA, IPv4-mapped/NAT64/6to4/Teredo wrappers of those, and the
  inet_aton spellings 0x7f.1 and 2130706433 are all refused);
- the connection goes to the address that was checked, not to a second DNS answer (that
  defeats DNS rebinding); the Host header and TLS SNI still carry the name, so certificates
  are verified against it;
- redirects (at most 5) are followed by hand and every hop is checked again;
- no proxies from the environment, bounded timeouts, a streamed body capped at
  max_document_bytes *after* decompression (a gzip bomb is cut off), allow-listed types.

`allow_private` (for a local test server) lifts the address and port rules for the URL given
and for redirects that stay on its origin; a redirect elsewhere is checked as if it were off:
the user vouched for that server, not for wherever it sends us.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit

import httpx

from corridor.errors import CorridorError
from corridor.ingest.base import ReadResult
from corridor.ingest.read import read_bytes
from corridor.ingest.sniff import media_type
from corridor.settings import get_settings

MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 15.0
CHUNK = 64 * 1024
USER_AGENT = "corridor/0.1 (+https://github.com/corridor)"
ALLOWED_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "application/xml",
        "text/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/pdf",
        "text/plain",
    }
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass(frozen=True, slots=True)
class Target:
    """A URL that passed the checks, and the addresses it may be fetched from."""

    url: str
    parts: SplitResult
    host: str
    port: int
    addresses: tuple[str, ...]

    @property
    def origin(self) -> tuple[str, str, int]:
        return (self.parts.scheme.lower(), self.host, self.port)


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    data: bytes
    content_type: str | None


def fetch_url(
    url: str, *, allow_private: bool = False, fetch_linked: bool = False
) -> list[ReadResult]:
    """Fetch `url` through the guard and read its body; failures are results, not raises."""
    try:
        fetched = fetch(url, allow_private=allow_private)
    except CorridorError as exc:
        return [ReadResult(None, url, exc)]
    results = read_bytes(
        fetched.data,
        name=fetched.url,
        content_type=fetched.content_type,
        fetch_linked=fetch_linked,
        allow_private=allow_private,
    )
    for result in results:
        # Feed entries carry their own links; the page itself is the final URL.
        if result.document is not None and result.origin == fetched.url:
            result.document.url = result.document.url or fetched.url
    return results


def fetch(url: str, *, allow_private: bool = False) -> Fetched:
    """The body of `url`, redirects followed by hand; raises E307, E308, E301 or E302."""
    settings = get_settings()
    deadline = time.monotonic() + settings.fetch_timeout
    target = check_url(url, allow_private=allow_private)
    first_origin = target.origin
    # No keep-alive: a pooled connection is keyed by address, so a redirect to another name
    # on the same address would reuse a TLS session verified for the first name.
    no_reuse = httpx.Limits(max_keepalive_connections=0)
    with httpx.Client(
        trust_env=False, follow_redirects=False, verify=True, limits=no_reuse
    ) as client:
        for hop in range(MAX_REDIRECTS + 1):
            with _open(client, target, deadline) as response:
                location = response.headers.get("location")
                if response.is_redirect and location:
                    if hop == MAX_REDIRECTS:
                        raise CorridorError(
                            "E308", f"more than {MAX_REDIRECTS} redirects", where=url
                        )
                    next_url = urljoin(target.url, location.strip())
                    private_ok = allow_private and origin_of(next_url) == first_origin
                    target = check_url(next_url, allow_private=private_ok)
                    continue
                return _body(response, target, deadline, settings.max_document_bytes)
    raise AssertionError("unreachable")  # the loop returns or raises


def check_url(url: str, *, allow_private: bool = False) -> Target:
    """Parse and vet `url` (E307 if refused) and resolve its host; connects to nothing."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise CorridorError("E307", f"malformed URL ({exc})", where=url) from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise CorridorError("E307", f"scheme {scheme or '(none)'!r} (http/https only)", where=url)
    if parts.username is not None or parts.password is not None:
        raise CorridorError("E307", "credentials in the URL", where=url)
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise CorridorError("E307", "no host", where=url)
    port = port or _DEFAULT_PORTS[scheme]
    if not allow_private and port not in (80, 443):
        raise CorridorError("E307", f"port {port} (80 and 443 only)", where=url)
    addresses = _addresses(host, port, url)
    if not allow_private:
        for address in addresses:
            if not is_public(address):
                raise CorridorError(
                    "E307", f"{host} is a non-public address ({address})", where=url
                )
    return Target(url, parts, host, port, tuple(addresses))


def is_public(address: str) -> bool:
    """Whether `address` is globally routable, looking through IPv6 wrappers of IPv4."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            # A resolver has no reason to hand out ::ffff:a.b.c.d, and whether Python calls
            # one global has changed between patch releases: refuse them all.
            return False
        embedded: list[ipaddress.IPv4Address] = []
        if ip.sixtofour is not None:
            embedded.append(ip.sixtofour)
        if ip.teredo is not None:
            embedded.extend(ip.teredo)
        if ip in _NAT64:
            embedded.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if any(not is_public(str(inner)) for inner in embedded):
            return False
    return bool(
        ip.is_global
        and not ip.is_multicast
        and not ip.is_reserved
        and not ip.is_loopback
        and not ip.is_link_local
        and not ip.is_private
        and not ip.is_unspecified
    )


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (A and AAAA). Tests replace this function."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def legacy_ipv4(host: str) -> str | None:
    """The address inet_aton reads in `host` (0x7f.1, 2130706433, 0177.0.0.1), if any.

    The C resolver accepts these spellings, so they are addresses, not names, and must be
    checked as such.
    """
    parts = host.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    numbers = []
    for part in parts:
        if re.fullmatch(r"0[xX][0-9a-fA-F]*", part):
            numbers.append(int(part[2:] or "0", 16))
        elif re.fullmatch(r"0[0-7]+", part):
            numbers.append(int(part, 8))
        elif re.fullmatch(r"0|[1-9][0-9]*", part):
            numbers.append(int(part))
        else:
            return None
    *leading, last = numbers
    if any(n > 255 for n in leading) or last >= 256 ** (4 - len(leading)):
        return None
    value = 0
    for n in leading:
        value = value * 256 + n
    value = value * 256 ** (4 - len(leading)) + last
    return str(ipaddress.IPv4Address(value))


def _addresses(host: str, port: int, url: str) -> list[str]:
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    legacy = legacy_ipv4(host)
    if legacy is not None:
        return [legacy]
    if host.casefold() == "localhost" or host.casefold().endswith(".localhost"):
        return ["127.0.0.1", "::1"]  # RFC 6761: always loopback, whatever DNS says
    try:
        addresses = resolve(host, port)
    except (OSError, UnicodeError) as exc:
        raise CorridorError("E308", f"cannot resolve {host} ({exc})", where=url) from None
    if not addresses:
        raise CorridorError("E308", f"{host} has no address", where=url)
    return addresses


def origin_of(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of `url`: what "the same server" means for allow_private."""
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        port = parts.port or _DEFAULT_PORTS.get(scheme, 0)
    except ValueError:
        return None
    return (scheme, (parts.hostname or "").rstrip("."), port)


@contextmanager
def _open(client: httpx.Client, target: Target, deadline: float) -> Iterator[httpx.Response]:
    response = _send(client, target, deadline)
    try:
        yield response
    finally:
        response.close()


def _send(client: httpx.Client, target: Target, deadline: float) -> httpx.Response:
    """A streamed GET to the first checked address that accepts a connection."""
    last_error: Exception | None = None
    for address in target.addresses:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        literal = f"[{address}]" if ":" in address else address
        ip_url = urlunsplit(
            (target.parts.scheme, f"{literal}:{target.port}", target.parts.path or "/",
             target.parts.query, "")
        )  # fmt: skip
        extensions: dict[str, object] = {
            "timeout": {
                "connect": min(CONNECT_TIMEOUT, remaining),
                "read": min(READ_TIMEOUT, remaining),
                "write": min(READ_TIMEOUT, remaining),
                "pool": min(CONNECT_TIMEOUT, remaining),
            }
        }
        if target.parts.scheme.lower() == "https":
            # TLS goes to the checked address, but SNI and certificate checks use the name.
            extensions["sni_hostname"] = target.host
        request = client.build_request(
            "GET",
            ip_url,
            headers={
                "Host": target.parts.netloc,
                "User-Agent": USER_AGENT,
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,"
                "application/pdf,text/plain;q=0.8,*/*;q=0.1",
                # Only codings we decode ourselves, under the size cap.
                "Accept-Encoding": "gzip, deflate",
            },
            extensions=extensions,
        )
        try:
            return client.send(request, stream=True)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            last_error = exc
        except httpx.HTTPError as exc:
            raise CorridorError("E308", _describe(exc), where=target.url) from None
    detail = _describe(last_error) if last_error else "timed out"
    raise CorridorError("E308", detail, where=target.url)


def _body(response: httpx.Response, target: Target, deadline: float, limit: int) -> Fetched:
    where = target.url
    if response.status_code >= 300:
        raise CorridorError("E308", f"HTTP {response.status_code}", where=where)
    declared = response.headers.get("content-type")
    kind = media_type(declared)
    if kind is not None and kind not in ALLOWED_TYPES:
        raise CorridorError("E301", f"media type {kind}", where=where)
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        raise CorridorError("E302", f"Content-Length {length}, over {limit}", where=where)
    inflater = _Inflater.for_encoding(response.headers.get("content-encoding"), where)
    body = bytearray()
    try:
        for chunk in _raw(response, deadline, where):
            body += inflater.feed(chunk, limit - len(body)) if inflater else chunk
            if len(body) > limit:
                raise CorridorError("E302", f"body over {limit} bytes (decoded)", where=where)
    except httpx.HTTPError as exc:
        raise CorridorError("E308", _describe(exc), where=where) from None
    return Fetched(target.url, bytes(body), declared)


def _raw(response: httpx.Response, deadline: float, where: str) -> Iterator[bytes]:
    for chunk in response.iter_raw(CHUNK):
        if time.monotonic() > deadline:
            raise CorridorError("E308", "timed out reading the body", where=where)
        yield chunk


class _Inflater:
    """gzip/deflate decoding that never produces more than it is asked for."""

    def __init__(self, encoding: str, where: str) -> None:
        self.encoding, self.where = encoding, where
        self._gzip = encoding in ("gzip", "x-gzip")
        self._raw_deflate = False
        self._started = False
        self._obj = self._new()

    @classmethod
    def for_encoding(cls, header: str | None, where: str) -> _Inflater | None:
        encoding = (header or "identity").strip().casefold()
        if encoding in ("", "identity"):
            return None
        if encoding in ("gzip", "x-gzip", "deflate"):
            return cls(encoding, where)
        raise CorridorError("E308", f"unsupported Content-Encoding {encoding!r}", where=where)

    def _new(self) -> zlib._Decompress:
        if self._gzip:
            return zlib.decompressobj(zlib.MAX_WBITS | 16)
        return zlib.decompressobj(-zlib.MAX_WBITS if self._raw_deflate else zlib.MAX_WBITS)

    def feed(self, data: bytes, budget: int) -> bytes:
        """Decoded bytes of `data`, stopping once more than `budget` have come out."""
        out = bytearray()
        while data and len(out) <= budget:
            try:
                out += self._obj.decompress(data, max(1, budget - len(out) + 1))
            except zlib.error:
                if self._gzip or self._started or self._raw_deflate:
                    detail = f"corrupt {self.encoding} body"
                    raise CorridorError("E308", detail, where=self.where) from None
                # "deflate" is meant to be zlib-wrapped, but some servers send it raw.
                self._raw_deflate = True
                self._obj = self._new()
                continue
            self._started = True
            data = self._obj.unconsumed_tail
            if self._obj.eof:
                data = self._obj.unused_data
                # Concatenated gzip members are legal; trailing junk is ignored, as browsers do.
                if not (self._gzip and data.startswith(b"\x1f\x8b")):
                    break
                self._obj = self._new()
        return bytes(out)


def _describe(exc: BaseException) -> str:
    message = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
