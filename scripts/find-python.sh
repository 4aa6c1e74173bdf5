#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter for the project's virtual environment.
# Rasa 3.6.21 runs on Python 3.8-3.10 only. Order: $PYTHON if set, then python3.10 on PATH,
# then pyenv's 3.10.x; otherwise fail with a message saying how to get one.
set -euo pipefail

is_python310() {
  "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1
}

if [ -n "${PYTHON:-}" ]; then
  if is_python310 "$PYTHON"; then
    command -v "$PYTHON"
    exit 0
  fi
  echo "PYTHON=$PYTHON is not a working Python 3.10 (Rasa 3.6.21 needs Python 3.8-3.10; this project pins 3.10)." >&2
  exit 1
fi

# On PATH (a pyenv shim that is not activated fails the check and is skipped).
if command -v python3.10 >/dev/null 2>&1 && is_python310 python3.10; then
  command -v python3.10
  exit 0
fi

if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  for candidate in $(ls -d "$root"/versions/3.10.*/bin/python3.10 2>/dev/null | sort -V -r); do
    if is_python310 "$candidate"; then
      echo "$candidate"
      exit 0
    fi
  done
fi

cat >&2 <<'MSG'
No Python 3.10 found. Rasa 3.6.21 runs on Python 3.8-3.10 only, and this project pins 3.10.
Tried: $PYTHON (unset), python3.10 on PATH, pyenv's versions/3.10.*.
Install one (for example `pyenv install 3.10.13` or your system's python3.10 package) or
point PYTHON at it: make test PYTHON=/path/to/python3.10
MSG
exit 1
