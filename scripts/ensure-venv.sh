#!/usr/bin/env bash
# Make .venv ready: the locked dependencies, and this checkout installed in editable mode.
#
# Installing Rasa takes minutes and 2.7 GB, so the dependencies live in a shared environment keyed
# on the lock file's hash (under $COMPLAINTS_CACHE, default ~/.cache/complaints-assistant) and are
# reused by every checkout on the machine. Each checkout's own .venv is a small environment that
# adds that shared one to its path and installs this project (and its `complaints` command).
set -euo pipefail
cd "$(dirname "$0")/.."

python=$(scripts/find-python.sh)
lock_hash=$( (cat requirements.lock; "$python" -c 'import sys; print(sys.version)') | sha256sum | cut -c1-16)
cache=${COMPLAINTS_CACHE:-$HOME/.cache/complaints-assistant}
deps="$cache/deps-py310-$lock_hash"
mkdir -p "$cache"

if [ ! -f "$deps/.complete" ]; then
  (
    flock 9
    if [ ! -f "$deps/.complete" ]; then
      echo "Installing the locked dependencies into $deps (first time for this lock file: about 4 minutes)..."
      rm -rf "$deps"
      "$python" -m venv "$deps"
      "$deps/bin/python" -m pip install --disable-pip-version-check --no-deps -r requirements.lock \
        >"$cache/install-$lock_hash.log" 2>&1 || { tail -40 "$cache/install-$lock_hash.log"; exit 1; }
      "$deps/bin/python" -m pip check >/dev/null || { "$deps/bin/python" -m pip check; exit 1; }
      touch "$deps/.complete"
    fi
  ) 9>"$cache/.install.lock"
fi

marker=".venv/.deps"
if [ ! -f "$marker" ] || [ "$(cat "$marker")" != "$deps" ] || [ ! -x .venv/bin/complaints ]; then
  echo "Preparing .venv on $deps ..."
  rm -rf .venv
  "$python" -m venv --without-pip .venv
  site=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  deps_site=$("$deps/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  echo "import site; site.addsitedir('$deps_site')" > "$site/_complaints_deps.pth"
  .venv/bin/python -m pip install --disable-pip-version-check --no-deps --no-build-isolation -e . \
    >.venv/install.log 2>&1 || { tail -40 .venv/install.log; exit 1; }
  echo "$deps" > "$marker"
fi
