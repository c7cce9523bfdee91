#!/usr/bin/env bash
# CI: contracts/ must stay compatible with the previous commit. A breaking change lands only with
# an explicit acceptance (or a rule override) in the `breaking` section of concord.config.json.
# Skips cleanly where there is no previous commit (first commit, shallow clone, no git).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

against="${CONCORD_BREAKING_AGAINST:-HEAD~1}"
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "check-contracts: not a git work tree; skipping concord breaking"
  exit 0
fi
if ! git rev-parse --verify --quiet "${against}^{commit}" >/dev/null; then
  echo "check-contracts: no ${against} here (first commit or shallow clone); skipping concord breaking"
  exit 0
fi
format=text
if [ "${GITHUB_ACTIONS:-}" = "true" ]; then format=github; fi
echo "== concord breaking --against ${against}"
node cli/bin/concord.js breaking --against "${against}" --format "${format}"
