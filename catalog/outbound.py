"""Which URLs the server itself may call: never into its own machine or network.

A gallery's courier endpoint is typed by a manager, and the dispatch worker POSTs to it. Left
unchecked, a manager could point it at ``http://127.0.0.1:6379``, the cloud's metadata service
(``169.254.169.254``) or a host of the private network, in any of the spellings an address has
(``2130706433``, ``0x7f000001``, ``0177.0.0.1``, ``127.1``, ``[::ffff:127.0.0.1]``) or behind a
host name that resolves inward. So every outbound URL is checked twice:

* :func:`check_url` when the setting is saved: https only, no user name or password, an
  allowed port, no unusual spelling of an IPv4 address, and every address the host resolves to
  public;
* :func:`resolve_for_send` again right before each send, after a fresh name resolution, since a
  name that was public when saved may resolve inward later (DNS rebinding). It returns the
  :class:`Destination` to call, with the address the check approved: the worker connects to
  that address (``orders/dispatch.py``, TLS still checked against the name), so a name whose
  answer changes between the check and the connection cannot send the request inward. The
  worker follows no redirects, so the checked URL is the only one called.

``allow_private`` is the development and test setting (``OUTBOUND_ALLOW_PRIVATE``, off in
production): it lets the URL point at this machine (``localhost``, ``127.0.0.0/8``, ``::1``,
over http or https, on any port) for the demo's courier simulator and the tests' receivers;
other private, link-local or reserved addresses stay refused, and host names are not resolved.
This module reads no Flask configuration: callers pass the settings in.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from catalog.i18n import N_

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

HTTPS_PORTS: tuple[int, ...] = (443,)
MAX_URL_LENGTH = 500
LOOPBACK_NAMES = frozenset({"localhost"})
_NAME_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-.")


class BlockedURL(ValueError):
    """The server may not call this URL. ``message`` is an English msgid marked with ``N_``
    (for the person who typed it), ``detail`` the technical reason (for the log only)."""

    def __init__(self, message: str, detail: str) -> None:
        super().__init__(detail)
        self.message = message
        self.detail = detail


NOT_HTTPS = N_("Give the dispatcher's address starting with https://.")
NOT_HTTPS_LOCAL = N_(
    "Give the dispatcher's address starting with https:// "
    "(http:// only for 127.0.0.1 or localhost, when testing)."
)
INTERNAL = N_(
    "This address points into a private network. Give the dispatcher's public address "
    "starting with https://."
)
BAD_PORT = N_("Gerai calls dispatchers only on port %(ports)s.")
UNKNOWN_HOST = N_("This host name cannot be found. Check the dispatcher's address.")


def is_public(address: IPAddress) -> bool:
    """Whether an address is on the public internet (an IPv4-mapped IPv6 address is judged as
    the IPv4 address it carries)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return is_public(address.ipv4_mapped)
    inward = (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
    )
    return address.is_global and not inward


def _is_loopback(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def _split(url: str, *, allow_private: bool) -> tuple[SplitResult, str, int]:
    """The URL's parts, its host (lower case, ASCII) and port; BlockedURL when malformed."""
    refused = NOT_HTTPS_LOCAL if allow_private else NOT_HTTPS
    if len(url) > MAX_URL_LENGTH or any(c.isspace() or ord(c) < 32 or c == "\\" for c in url):
        raise BlockedURL(refused, "not a plain URL")
    try:
        parts = urlsplit(url)
        host, port = parts.hostname or "", parts.port
    except ValueError as error:  # a port out of range or not a number, a broken [IPv6]
        raise BlockedURL(refused, f"malformed URL: {error}") from error
    if parts.scheme not in ("http", "https") or not host:
        raise BlockedURL(refused, f"scheme {parts.scheme!r} or no host")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise BlockedURL(refused, "user name or password in the URL")
    if parts.fragment:
        raise BlockedURL(refused, "fragment in the URL")
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError as error:
        raise BlockedURL(refused, "host name not encodable") from error
    default = 443 if parts.scheme == "https" else 80
    return parts, host, port if port is not None else default


def _literal(host: str) -> IPAddress | None:
    """The address a host is written as, or None for a name.

    Only the usual spellings count as addresses (dotted decimal IPv4, IPv6 in brackets); a
    host that the C library would still read as an IPv4 address (``2130706433``,
    ``0x7f000001``, ``0177.0.0.1``, ``127.1``) or whose last label is a number is refused.
    """
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    last = host.rstrip(".").rsplit(".", 1)[-1]
    numeric = last.isdigit() or (last.startswith("0x") and last != "0x")
    try:
        socket.inet_aton(host)
    except (OSError, ValueError):
        if not numeric:
            if not set(host) <= _NAME_CHARACTERS:
                raise BlockedURL(INTERNAL, f"host {host!r} is not a host name") from None
            return None
    raise BlockedURL(INTERNAL, f"host {host!r} is an unusual spelling of an address")


def _resolve(host: str, port: int) -> list[IPAddress]:
    """Every address the name resolves to now; BlockedURL when it resolves to none."""
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise BlockedURL(UNKNOWN_HOST, f"{host!r} does not resolve: {error}") from error
    addresses = []
    for *_, sockaddr in answers:
        text = str(sockaddr[0]).split("%", 1)[0]  # an IPv6 zone (fe80::1%eth0) is inward anyway
        try:
            addresses.append(ipaddress.ip_address(text))
        except ValueError as error:
            raise BlockedURL(UNKNOWN_HOST, f"{host!r} resolved to {text!r}") from error
    if not addresses:
        raise BlockedURL(UNKNOWN_HOST, f"{host!r} resolves to no address")
    return addresses


@dataclass(frozen=True)
class Destination:
    """A URL that passed the checks, and how to reach it.

    ``address`` is the public address the host name resolved to when checked: connect there
    and nowhere else. It is None when there is nothing to pin: the host is written as an
    address, or ``allow_private`` is on (development and tests, where names are not resolved).
    """

    url: str
    host: str
    port: int
    address: str | None = None


def _check(url: str, *, allow_private: bool, ports: Collection[int]) -> Destination:
    """The checks both functions make; returns the stripped URL and the approved address."""
    url = url.strip()
    parts, host, port = _split(url, allow_private=allow_private)
    address = _literal(host)
    local = host in LOOPBACK_NAMES or (address is not None and _is_loopback(address))
    if allow_private and local:
        # this machine, for the demo and the tests: any scheme of the two, any port
        return Destination(url, host, port)
    if parts.scheme != "https":
        raise BlockedURL(NOT_HTTPS_LOCAL if allow_private else NOT_HTTPS, "not https")
    if address is not None and not is_public(address):
        raise BlockedURL(INTERNAL, f"{address} is not a public address")
    if port not in ports:
        raise BlockedURL(BAD_PORT, f"port {port} is not allowed")
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        raise BlockedURL(INTERNAL, f"{host} is this machine")
    if address is not None or allow_private:
        return Destination(url, host, port)  # an address is its own pin; see allow_private
    resolved = _resolve(host, port)
    for each in resolved:
        if not is_public(each):
            raise BlockedURL(INTERNAL, f"{host} resolves to {each}")
    return Destination(url, host, port, str(resolved[0]))


def check_url(url: str, *, allow_private: bool, ports: Collection[int] = HTTPS_PORTS) -> str:
    """The URL as it is to be stored, if the server may call it; else :class:`BlockedURL`."""
    return _check(url, allow_private=allow_private, ports=ports).url


def resolve_for_send(
    url: str, *, allow_private: bool, ports: Collection[int] = HTTPS_PORTS
) -> Destination:
    """Check a stored URL again right before calling it, resolving its host name afresh.

    The same rules as :func:`check_url`; call it before every request, so a name that resolved
    to a public address when the setting was saved and resolves inward now is not called, and
    connect to the returned destination's ``address`` when it has one.
    """
    return _check(url, allow_private=allow_private, ports=ports)


def port_list(ports: Collection[int]) -> str:
    """The allowed ports for a message: ``443`` or ``443, 8443``."""
    return ", ".join(str(port) for port in sorted(ports))
