"""The action server's case store: opened once per process, on first use, at the current schema.

One engine per process (sessions are per unit of work inside `bot.cases.store`). Opening the store
and every call on it are blocking database I/O, so actions run them in a worker thread and the event
loop stays free for other conversations.

Complaints that cannot be written because the database is unreachable go to the outbox
(`bot.outbox`); a background thread retries them every OUTBOX_RETRY_SECONDS until each case exists.

Confirmation e-mails (bot/cases/confirmations.py) are queued with each case in the database; another
background thread sends what is due, woken at once when a case is created and otherwise every
MAIL_RETRY_SECONDS, so a slow or absent mail server never holds up a reply (when SMTP_URL is not
set, nothing is sent and the queue waits for staff: `cases confirmations`).
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Callable
from typing import TypeVar

from bot import clock
from bot.cases.confirmations import send_due
from bot.cases.store import CaseStore
from bot.mail import MailNotConfigured, MailSettings
from bot.outbox import Outbox

logger = logging.getLogger(__name__)

T = TypeVar("T")

OUTBOX_RETRY_SECONDS = float(os.environ.get("COMPLAINTS_OUTBOX_RETRY_SECONDS", "15"))
MAIL_RETRY_SECONDS = float(os.environ.get("COMPLAINTS_MAIL_RETRY_SECONDS", "30"))

_store: CaseStore | None = None
_lock = threading.Lock()
_outbox_worker: threading.Thread | None = None
_mail_worker: threading.Thread | None = None
_mail_wake = threading.Event()


def case_store() -> CaseStore:
    """The process's store, brought to the current schema the first time it is used."""
    global _store
    with _lock:
        if _store is None:
            _store = CaseStore.open()
        return _store


def reset_case_store() -> None:
    """Close and forget the open store (tests point DATABASE_URL somewhere new)."""
    global _store
    with _lock:
        if _store is not None:
            _store.dispose()
        _store = None


async def with_store(work: Callable[[CaseStore], T]) -> T:
    """Run `work(store)` in a worker thread, opening the store there if need be."""
    ensure_outbox_worker()  # kept complaints from before a restart are retried too
    ensure_mail_worker()  # and confirmations not yet sent
    return await asyncio.to_thread(lambda: work(case_store()))


def drain_outbox() -> list[str]:
    """Create the cases for every complaint kept in the outbox (a no-op when it is empty)."""
    outbox = Outbox()
    if not outbox.pending():
        return []
    created = outbox.drain(case_store(), now=clock.now())
    if created:
        wake_mail_worker()
    return created


def _retry_outbox_forever() -> None:
    stop = threading.Event()
    while not stop.wait(OUTBOX_RETRY_SECONDS):
        try:
            drain_outbox()
        except Exception as error:  # the database is still away: try again later
            logger.warning("outbox retry failed (%s); will retry", type(error).__name__)


def ensure_outbox_worker() -> None:
    """Start the background retry of kept complaints, once per process (unless the retry interval
    is set to 0, as the unit tests do: they drain the outbox themselves)."""
    global _outbox_worker
    if OUTBOX_RETRY_SECONDS <= 0:
        return
    with _lock:
        if _outbox_worker is None or not _outbox_worker.is_alive():
            _outbox_worker = threading.Thread(
                target=_retry_outbox_forever, name="outbox-retry", daemon=True
            )
            _outbox_worker.start()


def send_confirmations() -> list[str]:
    """Send the confirmation e-mails that are due; the references sent (none without SMTP_URL)."""
    try:
        settings = MailSettings.from_environment()
    except MailNotConfigured:
        return []
    return list(send_due(case_store(), settings, clock.now()).sent)


def _send_mail_forever() -> None:
    while True:
        _mail_wake.wait(MAIL_RETRY_SECONDS)
        _mail_wake.clear()
        try:
            send_confirmations()
        except Exception as error:  # the database is away: the queue is still there later
            logger.warning("confirmation sending failed (%s); will retry", type(error).__name__)


def ensure_mail_worker() -> None:
    """Start the background sending of confirmations, once per process (unless the interval is
    set to 0, as the unit tests do: they send themselves)."""
    global _mail_worker
    if MAIL_RETRY_SECONDS <= 0:
        return
    with _lock:
        if _mail_worker is None or not _mail_worker.is_alive():
            _mail_worker = threading.Thread(
                target=_send_mail_forever, name="confirmation-mail", daemon=True
            )
            _mail_worker.start()


def wake_mail_worker() -> None:
    """Send the new case's confirmation now, in the background."""
    ensure_mail_worker()
    _mail_wake.set()
