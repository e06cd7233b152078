"""What every request and response of the form goes through: host and origin checks, security headers.

- Host: only the address the server is bound to (on loopback: 127.0.0.1, ::1 or localhost; bound to every
  address: an IP address, never a DNS name), so a DNS-rebinding page cannot reach the form.
- Origin: a POST from another site (its Origin or Sec-Fetch-Site says so) is refused, on loopback too.
- Headers: a strict Content-Security-Policy (no script at all, no framing), nosniff, no referrer, and
  `Cache-Control: no-store` on every answer except the stylesheet (any answer to a post may hold a name).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request

CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
           "Referrer-Policy": "no-referrer", "Cross-Origin-Opener-Policy": "same-origin"}
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
WILDCARDS = ("0.0.0.0", "::", "")


def allowed_host(name: str | None, bound: str) -> bool:
    """Tell whether a request's Host (its name, without the port) may reach a server bound to `bound`."""
    if not name:
        return False
    name = name.lower()
    if bound in WILDCARDS:
        return name == "localhost" or _is_address(name)
    if _is_loopback(bound):
        return name in LOOPBACK_NAMES or name == bound.lower()
    return name == bound.lower()


def cross_site() -> bool:
    """Tell whether this POST comes from another page than the form's own (another site, or another origin on
    this machine). Browsers say so in Sec-Fetch-Site; with `Referrer-Policy: no-referrer` they send `Origin:
    null` even from the form itself, so a null Origin is refused only when Sec-Fetch-Site is missing."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site not in ("same-origin", "none")
    origin = request.headers.get("Origin")
    return origin is not None and (origin == "null" or urlsplit(origin).netloc.lower() != request.host.lower())


def install(app: Flask) -> None:
    """Check each request's host, and add the security headers to each response."""
    @app.before_request
    def _host() -> Response | None:
        if not allowed_host(urlsplit(f"//{request.host}").hostname, current_app.config["HOST"]):
            return Response("Unknown host name.\n", status=400, mimetype="text/plain")
        return None

    @app.after_request
    def _headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if request.path != "/style.css":
            response.headers["Cache-Control"] = "no-store"
        return response


def _is_address(name: str) -> bool:
    """Tell whether a host name is an IP address literal."""
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _is_loopback(host: str) -> bool:
    """Tell whether an address (or localhost) is this machine only."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
