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
  max_document_bytes *after* decompression (a gzip bomb is cut off), allow-listed types;
- one deadline (fetch_timeout) for the whole fetch: every connect, read and write waits at
  most the time left, so a server trickling its body cannot hold a fetch open;
- text/plain is decoded in the charset its response declares (the text reader, which sees
  only bytes, reads UTF-8); HTML and feeds name their encoding inside and decode themselves.

`allow_private` (for a local test server) lifts the address and port rules for the URL given
and for redirects that stay on its origin; a redirect elsewhere is checked as if it were off:
the user vouched for that server, not for wherever it sends us.
"""

from __future__ import annotations

import codecs
import ipaddress
import re
import socket
import ssl
import time
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit

import httpcore
import httpx
import idna

from corridor.errors import CorridorError
from corridor.ingest.base import ReadResult
from corridor.ingest.read import read_bytes
from corridor.ingest.sniff import media_type, sniff
from corridor.settings import get_settings

MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 15.0
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
# The longest URL corridor reads, fetches or stores: what a source's url column holds
# (sources.url is VARCHAR(2000); PostgreSQL refuses longer, SQLite would store it).
MAX_URL_CHARS = 2000
# C0 controls and DEL: no URL holds them raw (RFC 3986), PostgreSQL refuses NUL in text, and
# httpx refuses the rest after the checks. (Spaces and non-ASCII are percent-encoded.)
_URL_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# The catalogue's hints speak of files; these are what a URL's user can do instead.
URL_HINT = (
    "check the address: corridor fetches http(s) URLs of at most 2000 characters, with a valid "
    "host name and no control characters"
)
TIME_LIMIT_HINT = "the server is slow: raise CORRIDOR_FETCH_TIMEOUT to wait longer"
CHARSET_HINT = (
    "the server declared no charset, or a wrong one: save the text as UTF-8 and ingest the file"
)
# Browsers read the latin-1 and ASCII labels as windows-1252 (WHATWG Encoding), which is what
# servers using them mostly send: read as latin-1, its quotes and dashes would be C1 controls,
# which cleaning drops.
_AS_WINDOWS_1252 = frozenset({"iso8859-1", "ascii", "cp1252"})
# Python's text codecs that no server means: escapes, IDNA, and UTF-7 (which browsers refuse).
_NOT_CHARSETS = frozenset(
    {"unicode-escape", "raw-unicode-escape", "idna", "punycode", "undefined", "utf-7"}
)
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)
_C1_IN_1252 = {
    byte: bytes([byte]).decode("cp1252")
    for byte in range(0x80, 0xA0)
    if byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)  # unassigned: left as they are
}


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
        data = _declared_text_as_utf8(fetched)
    except CorridorError as exc:
        return [ReadResult(None, shown(url), exc)]
    results = read_bytes(
        data,
        name=fetched.url,
        content_type=fetched.content_type,
        fetch_linked=fetch_linked,
        allow_private=allow_private,
    )
    for result in results:
        # Feed entries carry their own links; the page itself is the final URL.
        if result.document is not None and result.origin == fetched.url:
            result.document.url = result.document.url or fetched.url
        if result.error is not None and result.error.code == "E303":
            _rehint(result.error, CHARSET_HINT)
    return results


def fetch(url: str, *, allow_private: bool = False) -> Fetched:
    """The body of `url`, redirects followed by hand; raises E307, E308, E301 or E302."""
    settings = get_settings()
    deadline = time.monotonic() + settings.fetch_timeout
    target = check_url(url, allow_private=allow_private)
    first_origin = target.origin
    transport = _transport(deadline)
    try:
        with httpx.Client(
            transport=transport,
            trust_env=False,
            follow_redirects=False,
            event_hooks={"response": [_take_location]},
        ) as client:
            for hop in range(MAX_REDIRECTS + 1):
                with _open(client, target, deadline) as response:
                    location = response.extensions.get(_LOCATION)
                    if response.status_code in _REDIRECTS and location:
                        if hop == MAX_REDIRECTS:
                            raise CorridorError(
                                "E308", f"more than {MAX_REDIRECTS} redirects", where=url
                            )
                        try:
                            next_url = urljoin(target.url, location.strip())
                        except ValueError as exc:  # "http://[::1/": urljoin parses it
                            detail = f"redirect to a malformed URL ({exc})"
                            error = CorridorError("E307", detail, where=target.url, hint=URL_HINT)
                            raise error from None
                        private_ok = allow_private and origin_of(next_url) == first_origin
                        target = check_url(next_url, allow_private=private_ok)
                        continue
                    return _body(response, target, deadline, settings.max_document_bytes)
    except _TimeUp:
        detail = f"total time limit of {settings.fetch_timeout:g} s reached"
        raise _rehint(CorridorError("E308", detail, where=target.url), TIME_LIMIT_HINT) from None
    raise AssertionError("unreachable")  # the loop returns or raises


_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_LOCATION = "corridor.location"


def _take_location(response: httpx.Response) -> None:
    """Take a redirect's Location out of httpx's sight. httpx builds a redirect's next request
    itself, even with follow_redirects=False, and raises on a Location it cannot parse (an
    invalid punycode host, a control character) before fetch() could check it; fetch()
    follows redirects by hand and check_url() says what is wrong with the address."""
    location = response.headers.get("location")
    if location is not None:
        del response.headers["location"]
        response.extensions[_LOCATION] = location


def shown(url: str) -> str:
    """`url` fit for a one-line message: control characters escaped, cut to 200 characters."""
    url = _URL_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", url)
    return url if len(url) <= 200 else url[:200] + "..."


def url_problem(url: str) -> str | None:
    """What makes `url` unusable whatever its host (too long, a control character in it),
    or None. Readers check the URLs a document names with it; check_url() too."""
    if len(url) > MAX_URL_CHARS:
        return f"{len(url):,} characters, over {MAX_URL_CHARS}"
    control = _URL_CONTROL.search(url)
    if control is not None:
        return f"a control character (U+{ord(control.group()):04X}) at position {control.start()}"
    return None


def check_url(url: str, *, allow_private: bool = False) -> Target:
    """Parse and vet `url` (E307 if refused) and resolve its host; connects to nothing."""
    where = shown(url)
    url = url.strip()
    problem = url_problem(url)
    if problem is not None:
        raise CorridorError("E307", f"the URL has {problem}", where=where, hint=URL_HINT)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise CorridorError("E307", f"malformed URL ({exc})", where=where, hint=URL_HINT) from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise CorridorError("E307", f"scheme {scheme or '(none)'!r} (http/https only)", where=where)
    if parts.username is not None or parts.password is not None:
        raise CorridorError("E307", "credentials in the URL", where=where)
    try:
        host = ascii_host(parts.hostname or "")
    except UnicodeError as exc:
        detail = f"malformed host name {shown(parts.hostname or '')!r} ({_describe(exc)})"
        raise CorridorError("E307", detail, where=where, hint=URL_HINT) from None
    if not host:
        raise CorridorError("E307", "no host", where=where)
    port = port or _DEFAULT_PORTS[scheme]
    if not allow_private and port not in (80, 443):
        raise CorridorError("E307", f"port {port} (80 and 443 only)", where=where)
    addresses = _addresses(host, port, where)
    if not allow_private:
        for address in addresses:
            if not is_public(address):
                raise CorridorError(
                    "E307", f"{host} is a non-public address ({address})", where=where
                )
    return Target(url, parts, host, port, tuple(addresses))


def ascii_host(host: str) -> str:
    """`host` as DNS, the Host header and SNI name it: lowercase, a Unicode name in its IDNA
    A-labels, no trailing dot. Raises UnicodeError (idna's errors are UnicodeErrors) for a
    name that is not one, such as an "xn--" label that decodes to nothing valid."""
    host = host.rstrip(".")
    if not host.isascii():
        # (after the mapping too: UTS46 makes an ideographic full stop, "。", a dot)
        return idna.encode(host, uts46=True).decode("ascii").rstrip(".")
    for label in host.split("."):
        if label[:4].lower() == "xn--":
            idna.decode(label)  # checks it; the name is sent as it is
    return host.lower()


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
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        port = parts.port or _DEFAULT_PORTS.get(scheme, 0)
        host = ascii_host(parts.hostname or "")
    except ValueError:  # UnicodeError is a ValueError
        return None
    return (scheme, host, port)


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
            raise _TimeUp
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
        headers = {
            "Host": _host_header(target),
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,"
            "application/pdf,text/plain;q=0.8,*/*;q=0.1",
            # Only codings we decode ourselves, under the size cap.
            "Accept-Encoding": "gzip, deflate",
        }
        try:
            request = client.build_request("GET", ip_url, headers=headers, extensions=extensions)
            return client.send(request, stream=True)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            last_error = exc
        except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
            # httpx's own refusals (InvalidURL, idna's UnicodeErrors) are this URL's failure
            # too: check_url() passed it, so they are rare, but they must not end a batch.
            raise CorridorError("E308", _describe(exc), where=shown(target.url)) from None
    detail = _describe(last_error) if last_error else "timed out"
    raise CorridorError("E308", detail, where=target.url)


def _host_header(target: Target) -> str:
    host = f"[{target.host}]" if ":" in target.host else target.host
    explicit = target.parts.port is not None
    return f"{host}:{target.port}" if explicit else host


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
        for chunk in _raw(response, deadline):
            body += inflater.feed(chunk, limit - len(body)) if inflater else chunk
            if len(body) > limit:
                raise CorridorError("E302", f"body over {limit} bytes (decoded)", where=where)
    except httpx.HTTPError as exc:
        raise CorridorError("E308", _describe(exc), where=where) from None
    return Fetched(target.url, bytes(body), declared)


def _raw(response: httpx.Response, deadline: float) -> Iterator[bytes]:
    # Chunks as they arrive: a fixed chunk size would wait for 64 KB between checks.
    for chunk in response.iter_raw():
        if time.monotonic() >= deadline:
            raise _TimeUp
        yield chunk


class _TimeUp(Exception):
    """The fetch's deadline passed; fetch() names the URL and the limit."""


def _transport(deadline: float) -> httpx.HTTPTransport:
    """httpx's transport, its connections made and used through a _DeadlineBackend."""
    context = httpx.create_ssl_context(verify=True, trust_env=False)
    # No keep-alive: a pooled connection is keyed by address, so a redirect to another name
    # on the same address would reuse a TLS session verified for the first name.
    no_reuse = httpx.Limits(max_keepalive_connections=0)
    transport = httpx.HTTPTransport(verify=context, trust_env=False, limits=no_reuse)
    # httpx takes no network backend (encode/httpx#3749): give its pool one, settings as
    # above. Timeouts alone cannot do it: httpcore fixes a body's read timeout as it starts.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=context,
        max_connections=no_reuse.max_connections,
        max_keepalive_connections=0,
        keepalive_expiry=no_reuse.keepalive_expiry,
        network_backend=_DeadlineBackend(deadline),
    )
    return transport


@contextmanager
def _bounded(deadline: float, timeout: float | None) -> Iterator[float]:
    """`timeout` cut to the time left; _TimeUp when none is, or when the cut one runs out."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise _TimeUp
    bound = left if timeout is None else min(timeout, left)
    try:
        yield bound
    except httpcore.TimeoutException:
        if bound < left:
            raise  # the step's own timeout (a silent server), not the deadline
        raise _TimeUp from None


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, deadline: float) -> None:
        self._backend = httpcore.SyncBackend()
        self._deadline = deadline

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        with _bounded(self._deadline, timeout) as bound:
            stream = self._backend.connect_tcp(host, port, bound, local_address, socket_options)
        return _DeadlineStream(stream, self._deadline)

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, deadline: float) -> None:
        self._stream = stream
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        with _bounded(self._deadline, timeout) as bound:
            return self._stream.read(max_bytes, bound)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        with _bounded(self._deadline, timeout) as bound:
            self._stream.write(buffer, bound)

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        with _bounded(self._deadline, timeout) as bound:
            stream = self._stream.start_tls(ssl_context, server_hostname, bound)
        return _DeadlineStream(stream, self._deadline)

    def get_extra_info(self, info: str) -> object:
        return self._stream.get_extra_info(info)


def _declared_text_as_utf8(fetched: Fetched) -> bytes:
    """The body, re-encoded as UTF-8 if it is plain text in another charset it declares.

    A BOM outranks the header (as in browsers) and is left to the text reader; so is a
    charset Python does not know, which is read as UTF-8 as if none were declared.
    """
    message = Message()
    message["content-type"] = fetched.content_type or ""
    charset = message.get_content_charset()
    data = fetched.data
    if not charset or data.startswith(_BOMS):
        return data
    try:
        if sniff(data, name=fetched.url, content_type=fetched.content_type) != "text":
            return data
        codec = codecs.lookup(charset).name
    except (CorridorError, LookupError):
        return data  # not text after all, or an unknown charset: the readers decide
    if codec == "utf-8" or codec in _NOT_CHARSETS:
        return data
    try:
        if codec in _AS_WINDOWS_1252:
            return data.decode("latin-1").translate(_C1_IN_1252).encode()
        return data.decode(codec).encode()
    except UnicodeDecodeError as exc:
        detail = f"invalid {charset} at byte {exc.start}"
        raise _rehint(CorridorError("E303", detail, where=fetched.url), CHARSET_HINT) from None
    except (UnicodeError, LookupError):  # rot13 and base64 are codecs, but not charsets
        return data


def _rehint(error: CorridorError, hint: str) -> CorridorError:
    """`error` with `hint` in place of the catalogue's one, in every rendering of it."""
    error.hint = hint
    error.args = (error.render(),)
    return error


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
