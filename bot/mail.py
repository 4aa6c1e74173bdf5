"""Sending e-mail over SMTP, with the settings in one place.

Python's own `smtplib` and `email` do everything needed here (STARTTLS, implicit TLS, login, a
multipart plain-text and HTML message), so no extra dependency: one message at a time from a queue
does not need an asynchronous client or a pool.

Settings (from the environment):
- `SMTP_URL`: where to send.
  `smtp://host:25` (no encryption: a relay on the same machine or network only),
  `smtp+starttls://user:password@host:587` (STARTTLS, required: a server that does not offer it is
  refused rather than sent the message in clear), `smtps://user:password@host:465` (TLS from the
  start). A user name (and password) in the URL means log in; percent-encode special characters.
- `SMTP_FROM`: the sender's address, e.g. `"Infinity Group complaints <complaints@example.co.uk>"`.
- `SMTP_CA_FILE`: a CA bundle to check the server's certificate against (default: the system's).
- `SMTP_TIMEOUT_SECONDS`: how long one connection may take (default 10).

Errors are raised as `MailError`, whose `kind` (e.g. "SMTPRecipientsRefused", "ConnectionRefused")
is safe to log and store: it never carries an address or the message.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

SMTP_URL_VARIABLE = "SMTP_URL"
SMTP_FROM_VARIABLE = "SMTP_FROM"
SMTP_CA_VARIABLE = "SMTP_CA_FILE"
SMTP_TIMEOUT_VARIABLE = "SMTP_TIMEOUT_SECONDS"
SECURITY_BY_SCHEME = {"smtp": "none", "smtp+starttls": "starttls", "smtps": "tls"}
DEFAULT_PORTS = {"none": 25, "starttls": 587, "tls": 465}


class MailNotConfigured(Exception):
    """No SMTP_URL (or no SMTP_FROM), or a malformed one: the message says which."""


class MailError(Exception):
    """A send that failed; `kind` names the failure without any personal data."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        super().__init__(kind)


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    security: str  # none, starttls or tls
    username: str | None
    password: str | None
    sender: str
    ca_file: str | None = None
    timeout: float = 10.0

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> MailSettings:
        environ = os.environ if environ is None else environ
        url = (environ.get(SMTP_URL_VARIABLE) or "").strip()
        if not url:
            raise MailNotConfigured(f"no {SMTP_URL_VARIABLE}: e-mail is not set up")
        sender = (environ.get(SMTP_FROM_VARIABLE) or "").strip()
        if not sender:
            raise MailNotConfigured(f"no {SMTP_FROM_VARIABLE}: e-mail needs a sender's address")
        parts = urlsplit(url)
        security = SECURITY_BY_SCHEME.get(parts.scheme.lower())
        if security is None or not parts.hostname:
            raise MailNotConfigured(
                f"{SMTP_URL_VARIABLE} must be smtp://, smtp+starttls:// or smtps:// with a host"
            )
        try:
            port = parts.port or DEFAULT_PORTS[security]
            timeout = float(environ.get(SMTP_TIMEOUT_VARIABLE) or 10)
        except ValueError:
            raise MailNotConfigured(f"{SMTP_URL_VARIABLE}: the port is not a number") from None
        return cls(
            host=parts.hostname,
            port=port,
            security=security,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            sender=sender,
            ca_file=(environ.get(SMTP_CA_VARIABLE) or "").strip() or None,
            timeout=timeout,
        )

    def tls_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.ca_file)


def _kind(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{type(error).__name__} {error.smtp_code}"
    return type(error).__name__


def send(settings: MailSettings, message: EmailMessage) -> None:
    """Send one message (its From set from the settings if missing); MailError if it fails."""
    if "From" not in message:
        message["From"] = settings.sender
    try:
        if settings.security == "tls":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host,
                settings.port,
                timeout=settings.timeout,
                context=settings.tls_context(),
            )
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        with client:
            client.ehlo()
            if settings.security == "starttls":
                if not client.has_extn("starttls"):
                    raise MailError("STARTTLS not offered")
                client.starttls(context=settings.tls_context())
                client.ehlo()
            if settings.username:
                client.login(settings.username, settings.password or "")
            client.send_message(message)
    except MailError:
        raise
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(_kind(error)) from None
