#!/usr/bin/env bash
# Install everything the project needs on a fresh Debian machine with Python 3.11:
# system libraries (Pango for WeasyPrint; with --browser also Chromium and poppler for the
# browser and PDF tests, and pdf.js from npm into tools/pdfjs, which needs Node.js >= 20.16)
# and the Python packages into ./.venv. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

want=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fontconfig)
# The interpreter: Debian's CPython 3.11 where the machine has it. Debian builds it with
# profile-guided optimisation and LTO; a default source build (pyenv's, python.org's
# ./configure) has neither and runs pure Python, such as WeasyPrint's layout, 15-20 % slower
# (docs/pdf-layout.md). Anywhere else, the python3 on the PATH.
python=python3
if [ -x /usr/bin/python3.11 ]; then
  python=/usr/bin/python3.11
  # venv, and a compiler and headers for the optional C helper core/_stackchunks.c.
  want+=(python3.11-venv python3.11-dev gcc)
fi
if [ "${1:-}" = "--browser" ]; then
  want+=(chromium poppler-utils)
fi
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# A virtualenv made from another interpreter (before this choice) is made again.
if [ -f .venv/pyvenv.cfg ]; then
  want_exe=$("$python" -c 'import os, sys; print(os.path.realpath(sys.executable))')
  have_exe=$(sed -n 's/^executable = //p' .venv/pyvenv.cfg)
  if [ -z "$have_exe" ] || [ "$(readlink -f "$have_exe")" != "$want_exe" ]; then
    echo "Recreating .venv with $want_exe"
    rm -rf .venv
  fi
fi
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=.venv/.installed-$(cat pyproject.toml core/_stackchunks.c | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[dev]"
  rm -f .venv/.installed-*
  touch "$stamp"
fi

# pdf.js (pdfjs-dist, pinned in tools/pdfjs/package-lock.json) for the PDF text-layer tests:
# node runs tools/pdfjs/extract.mjs. Node.js >= 20.16 must be installed.
if [ "${1:-}" = "--browser" ]; then
  if ! command -v npm >/dev/null || ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 16) ? 0 : 1)'; then
    echo "Node.js >= 20.16 with npm is required for the PDF text-layer tests (tools/pdfjs)" >&2
    exit 1
  fi
  pdfjs_stamp=tools/pdfjs/node_modules/.installed-$(sha256sum tools/pdfjs/package-lock.json | cut -c1-16)
  if [ ! -f "$pdfjs_stamp" ]; then
    (cd tools/pdfjs && npm ci --no-audit --no-fund --loglevel=error)
    touch "$pdfjs_stamp"
  fi
fi
