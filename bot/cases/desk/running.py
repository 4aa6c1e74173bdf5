"""Running a desk command: the exit statuses, who is acting, opening the store, and every refusal
turned into one clear line (and a JSON error with `--json`): bad input exit 2, a move the lifecycle
refuses or a store that fails exit 1.
"""

from __future__ import annotations

import argparse
import functools
import getpass
import os
import sys
from collections.abc import Callable
from typing import TextIO

from sqlalchemy.exc import SQLAlchemyError

from bot.cases.desk.text import UNSAFE
from bot.cases.lifecycle import LifecycleError
from bot.cases.references import ReferenceFormatError
from bot.cases.store import CaseNotFound, CaseStore, database_url, safe_url
from bot.cli_support import print_json
from bot.intake import IntakeError, IntakeErrors
from bot.provider_codes import UnknownProvider

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
DESK_CHANNEL = "desk"
STAFF_VARIABLE = "COMPLAINTS_STAFF"
DIGEST_TO_VARIABLE = "COMPLAINTS_DIGEST_TO"

Handler = Callable[[argparse.Namespace, TextIO], int]


class DeskError(Exception):
    """Bad input the staff member can fix: one clear line, exit status 2."""


def staff_actor(args: argparse.Namespace) -> str:
    actor = (args.actor or os.environ.get(STAFF_VARIABLE) or "").strip()
    if not actor:
        try:
            actor = getpass.getuser()
        except Exception:  # noqa: BLE001 - no login name (a container): fall back to "staff"
            actor = "staff"
    if len(actor) > 200 or UNSAFE.search(actor) or "\n" in actor:
        raise DeskError("--actor: give a staff name of at most 200 characters on one line")
    return actor


def _open_store(args: argparse.Namespace) -> CaseStore:
    url = args.database or database_url()
    try:
        return CaseStore.open(url)
    except SQLAlchemyError as error:
        first = str(error.orig if hasattr(error, "orig") and error.orig else error).splitlines()
        raise _StoreUnavailable(
            f"cannot open the case store at {safe_url(url)}: {first[0] if first else error}"
        ) from None
    except ValueError as error:
        raise DeskError(f"--database: {error}") from None


class _StoreUnavailable(Exception):
    pass


def fail(args: argparse.Namespace, out: TextIO, messages: list[str], errors: list[dict]) -> None:
    for message in messages:
        sys.stderr.write(f"complaints: {message}\n")
    if getattr(args, "json", False):
        print_json({"ok": False, "errors": errors}, out)


def desk_command(function: Callable[[argparse.Namespace, TextIO, CaseStore], int]) -> Handler:
    """Open the store, run the command, close the store; turn refusals into clear messages."""

    @functools.wraps(function)
    def run(args: argparse.Namespace, out: TextIO) -> int:
        try:
            store = _open_store(args)
        except DeskError as error:
            fail(args, out, [str(error)], [{"code": "usage", "message": str(error)}])
            return EXIT_USAGE
        except _StoreUnavailable as error:
            fail(args, out, [str(error)], [{"code": "store-unavailable", "message": str(error)}])
            return EXIT_REFUSED
        try:
            return function(args, out, store)
        except IntakeErrors as error:
            fail(args, out, [e.message for e in error.errors], [e.to_dict() for e in error.errors])
            return EXIT_USAGE
        except IntakeError as error:
            fail(args, out, [error.message], [error.to_dict()])
            return EXIT_USAGE
        except (ReferenceFormatError, CaseNotFound, UnknownProvider, DeskError) as error:
            code = {
                ReferenceFormatError: "reference-invalid",
                CaseNotFound: "case-unknown",
                UnknownProvider: "provider-unknown",
            }
            fail(
                args,
                out,
                [str(error)],
                [{"code": code.get(type(error), "usage"), "message": str(error)}],
            )
            return EXIT_USAGE
        except SQLAlchemyError as error:
            message = f"the case store failed: {str(error).splitlines()[0]}"
            fail(args, out, [message], [{"code": "store-failed", "message": message}])
            return EXIT_REFUSED
        except LifecycleError as error:
            fail(
                args,
                out,
                [str(error)],
                [{"code": "move-refused", "move": error.move, "status": error.status,
                  "message": str(error)}],
            )  # fmt: skip
            return EXIT_REFUSED
        finally:
            store.dispose()

    return run
