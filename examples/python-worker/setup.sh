#!/usr/bin/env bash
# Makes the Python worker runnable: a venv in .venv (from the system python3, or $PYTHON), the
# pinned requirements, and the generated stubs in gen/. Idempotent; a re-run skips pip when the venv
# already holds what requirements.txt pins (a stamp of its hash and the Python version).
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
  echo "setup.sh: the Python worker needs Python 3.10 or later ($PYTHON is $("$PYTHON" --version 2>&1 | head -1))" >&2
  exit 1
fi

# A venv whose interpreter is gone (python3 upgraded or removed) is made anew.
if [ -e .venv ] && ! .venv/bin/python -c 'import sys' >/dev/null 2>&1; then rm -rf .venv; fi
if [ ! -x .venv/bin/python ]; then "$PYTHON" -m venv .venv; fi

stamp=.venv/.requirements.stamp
want="$(sha256sum requirements.txt | cut -d' ' -f1) $(.venv/bin/python -c 'import sys; print(sys.version)' | head -1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  printf '%s\n' "$want" >"$stamp"
fi

PYTHON=.venv/bin/python bash gen.sh
echo "python worker ready: examples/python-worker/.venv ($(.venv/bin/python --version))"
