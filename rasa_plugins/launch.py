"""The `rasa` command with the project's Rasa patches installed first.

    .venv/bin/python -m rasa_plugins.launch run --model ... --endpoints endpoints.yml ...

takes exactly `rasa`'s arguments. scripts/serve.sh (`make run`, `make shell`), the Makefile's Rasa
targets, the test servers (tests/servers.py) and the benchmark start Rasa this way: this is the one
place the patches in `rasa_plugins/patches/` are installed (`RASA_PATCHES=off` leaves Rasa as
released; docs/rasa-patches.md). Plain `rasa ...` in the project directory runs Rasa unpatched,
with the same answers, only slower.
"""

from __future__ import annotations

import logging
import sys

from rasa_plugins import patches


def main(argv: list[str] | None = None) -> None:
    # Rasa sets up its own logging once it has read its arguments; until then, this line's own.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-8s %(name)s  - %(message)s"))
    patches.logger.addHandler(handler)
    patches.logger.setLevel(logging.INFO)
    patches.logger.propagate = False
    try:
        patches.install()
    finally:
        patches.logger.removeHandler(handler)
        patches.logger.propagate = True
        patches.logger.setLevel(logging.NOTSET)

    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *(sys.argv[1:] if argv is None else argv)]
    rasa_main()


if __name__ == "__main__":
    main()
