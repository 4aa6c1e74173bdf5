"""Running the staff command line as a separate process, as a shell would."""

from __future__ import annotations

import os
import subprocess
import sys


def run_into_a_closed_pipe(*argv: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run the CLI with its output piped to a reader that has already gone (as `| head` does
    once it has its lines); the exit status and what it wrote to stderr."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "bot", *argv],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env={**os.environ, **(env or {})},
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)
    return result.returncode, result.stderr.decode()
