#!/usr/bin/env bash
# Schemathesis, the contract fuzzer that test/services/fuzz.integration.test.ts runs against the
# gateway, in a Python venv under .cache/ (installed from PyPI only when it is missing).
# python3 and its venv module come from scripts/install-system-deps.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
version=4.32.5
venv=.cache/schemathesis
if [ -x "$venv/bin/schemathesis" ] && "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "version ${version}\$"; then
  exit 0
fi
echo "installing schemathesis ${version} into ${venv}"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==${version}"
"$venv/bin/schemathesis" --version
