"""HTTP for the registry client: the standard library's `http.client`, kept alive per thread.

TLS uses the system CAs plus the per-host ``certs.d`` folders (`RegistrySettings`):
``*.crt`` files are CAs, a ``*.cert`` with its ``*.key`` is a client certificate, as
Docker reads them; plain HTTP only for the hosts the settings name insecure. HTTPS goes
through the proxy the environment names (``HTTPS_PROXY``, ``NO_PROXY``) in a CONNECT
tunnel; plain-HTTP hosts are reached directly. 429, 5xx, time-outs and dropped connections
are tried again with back-off (``Retry-After`` honoured, capped); a refused connection or
an unknown host is not, so a registry that is down fails at once. Failures become
`TransportError` with one line that names the host and never a header value.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
import urllib.request
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from dlint_dockerfile.registry.settings import RegistrySettings

__all__ = ["MAX_BODY", "Response", "Transport", "TransportError"]

#: The largest body read (a manifest or a token answer); registries cap manifests at 4 MiB.
MAX_BODY = 4 * 1024 * 1024
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_BACKOFF_FIRST = 0.5
_BACKOFF_CAP = 10.0
_REDIRECTS = 5
_USER_AGENT = "dlint (registry client)"


class TransportError(Exception):
    """A request that got no HTTP answer: one line, safe to show."""


@dataclass(frozen=True)
class Response:
    """An HTTP answer: status, headers with lower-case names, body (empty for HEAD)."""

    status: int
    headers: dict[str, str]
    body: bytes
    url: str


class Transport:
    """Sends requests for one `RegistryClient`; safe to share between threads."""

    def __init__(self, settings: RegistrySettings) -> None:
        self.settings = settings
        self._contexts: dict[str, ssl.SSLContext] = {}
        self._lock = threading.Lock()
        self._local = threading.local()

    # ------------------------------------------------------------------ public

    def base_url(self, host: str) -> str:
        """``https://host`` (or ``http://host`` for an insecure host)."""
        scheme = "http" if host in self.settings.insecure else "https"
        return f"{scheme}://{host}"

    def request(
        self,
        method: str,
        url: str,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
    ) -> Response:
        """Send with retries and redirects; the answer may be any status."""
        headers = dict(headers or {})
        for _ in range(_REDIRECTS + 1):
            response = self._with_retries(method, url, headers, body)
            location = response.headers.get("location")
            if response.status not in (301, 302, 303, 307, 308) or not location:
                return response
            target = urljoin(url, location)
            if urlsplit(target).netloc != urlsplit(url).netloc:
                headers.pop("Authorization", None)
            if urlsplit(target).scheme == "http" and urlsplit(url).scheme == "https":
                raise TransportError(f"{urlsplit(url).netloc} redirected to plain HTTP")
            if response.status == 303:
                method, body = "GET", None
            url = target
        raise TransportError(f"too many redirects from {urlsplit(url).netloc}")

    # ------------------------------------------------------------------ retries

    def _with_retries(
        self, method: str, url: str, headers: dict[str, str], body: bytes | None
    ) -> Response:
        attempt = 0
        while True:
            try:
                response = self._send(method, url, headers, body)
            except TransportError as error:
                if not getattr(error, "retry", False) or attempt >= self.settings.retries:
                    raise
                delay = _backoff(attempt)
            else:
                if response.status not in _RETRY_STATUSES or attempt >= self.settings.retries:
                    return response
                delay = _retry_after(response.headers.get("retry-after"), attempt)
            attempt += 1
            if delay > 0:
                time.sleep(delay)

    def _send(
        self, method: str, url: str, headers: dict[str, str], body: bytes | None
    ) -> Response:
        parts = urlsplit(url)
        host = parts.netloc
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        sent = {"User-Agent": _USER_AGENT, "Host": host, **headers}
        for fresh in (False, True):
            connection, reused = self._connection(parts.scheme, host, fresh)
            try:
                connection.request(method, target, body=body, headers=sent)
                answer = connection.getresponse()
                data = answer.read(MAX_BODY + 1) if method != "HEAD" else b""
                if len(data) > MAX_BODY:
                    self._drop(parts.scheme, host)
                    raise TransportError(f"{host} sent more than {MAX_BODY} bytes")
                if answer.will_close or not answer.isclosed():
                    self._drop(parts.scheme, host)
                return Response(
                    status=answer.status,
                    headers={name.lower(): value for name, value in answer.getheaders()},
                    body=data,
                    url=url,
                )
            except ssl.SSLCertVerificationError as error:
                self._drop(parts.scheme, host)
                raise TransportError(self._tls_message(host, error)) from None
            except ssl.SSLError as error:
                self._drop(parts.scheme, host)
                raise TransportError(f"TLS: {error.reason or error} with {host}") from None
            except ConnectionRefusedError:
                self._drop(parts.scheme, host)
                raise TransportError(f"cannot reach {host}: connection refused") from None
            except socket.gaierror:
                self._drop(parts.scheme, host)
                raise TransportError(f"cannot reach {host}: unknown host") from None
            except TimeoutError:
                self._drop(parts.scheme, host)
                raise _retryable(
                    f"cannot reach {host}: no answer in {self.settings.timeout:g} s"
                ) from None
            except (OSError, http.client.HTTPException) as error:
                self._drop(parts.scheme, host)
                if reused and not fresh:
                    continue  # a kept-alive connection the server had closed
                raise _retryable(
                    f"cannot reach {host}: {type(error).__name__}"
                    + (f" ({error.strerror})" if isinstance(error, OSError) and error.strerror
                       else "")
                ) from None
        raise TransportError(f"cannot reach {host}")  # pragma: no cover - loop returns

    # ------------------------------------------------------------------ connections

    def _connection(
        self, scheme: str, host: str, fresh: bool
    ) -> tuple[http.client.HTTPConnection, bool]:
        pool: dict[tuple[str, str], http.client.HTTPConnection] = self._local.__dict__.setdefault(
            "pool", {}
        )
        key = (scheme, host)
        if not fresh and key in pool:
            return pool[key], True
        self._drop(scheme, host)
        connection = self._open(scheme, host)
        pool[key] = connection
        return connection, False

    def _drop(self, scheme: str, host: str) -> None:
        pool = self._local.__dict__.get("pool", {})
        connection = pool.pop((scheme, host), None)
        if connection is not None:
            connection.close()

    def _open(self, scheme: str, host: str) -> http.client.HTTPConnection:
        timeout = self.settings.timeout
        if scheme == "http":
            return http.client.HTTPConnection(host, timeout=timeout)
        proxy = _proxy_for(host)
        context = self._context(host)
        if proxy is not None:
            connection = http.client.HTTPSConnection(proxy, timeout=timeout, context=context)
            connection.set_tunnel(host)
            return connection
        return http.client.HTTPSConnection(host, timeout=timeout, context=context)

    def _context(self, host: str) -> ssl.SSLContext:
        with self._lock:
            context = self._contexts.get(host)
            if context is None:
                context = ssl.create_default_context()
                for folder in self._host_folders(host):
                    for ca in sorted(folder.glob("*.crt")):
                        context.load_verify_locations(cafile=str(ca))
                    for cert in sorted(folder.glob("*.cert")):
                        key = cert.with_suffix(".key")
                        if key.is_file():
                            context.load_cert_chain(str(cert), str(key))
                self._contexts[host] = context
            return context

    def _host_folders(self, host: str) -> list[Path]:
        return [d / host for d in self.settings.certs_dir_paths() if (d / host).is_dir()]

    def _tls_message(self, host: str, error: ssl.SSLCertVerificationError) -> str:
        reason = error.verify_message or error.reason or "verification failed"
        folders = self.settings.certs_dir_paths()
        where = folders[0] / host / "ca.crt" if folders else Path("certs.d") / host / "ca.crt"
        return f"TLS: certificate of {host} not trusted: {reason} (add its CA to {where})"


def _retryable(message: str) -> TransportError:
    error = TransportError(message)
    error.retry = True  # type: ignore[attr-defined]
    return error


def _backoff(attempt: int) -> float:
    return float(min(_BACKOFF_FIRST * 2**attempt, _BACKOFF_CAP))


def _retry_after(value: str | None, attempt: int) -> float:
    """``Retry-After`` (seconds or an HTTP date), capped; else the back-off."""
    if value is None:
        return _backoff(attempt)
    value = value.strip()
    if value.isdigit():
        return min(float(value), _BACKOFF_CAP)
    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError):
        return _backoff(attempt)
    return max(0.0, min(when - time.time(), _BACKOFF_CAP))


def _proxy_for(host: str) -> str | None:
    """``host:port`` of the HTTPS proxy the environment names for ``host``, or None."""
    proxy = urllib.request.getproxies().get("https")
    if not proxy or urllib.request.proxy_bypass(host.rsplit(":", 1)[0]):
        return None
    parts = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
    return parts.netloc.rsplit("@", 1)[-1] or None
