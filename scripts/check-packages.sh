#!/usr/bin/env bash
# Each publishable package, as npm would publish it, checked by tools no one here wrote:
# publint (package.json fields, exports targets, files) and @arethetypeswrong/cli (types resolve
# for every entry under node16 and bundler resolution). The packages are ESM-only, so attw's
# esm-only profile leaves out CommonJS `require` resolution, which they do not offer.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

for package in runtime generator cli; do
  echo "== ${package}: publint --strict"
  (cd "${package}" && publint --strict)
  echo "== ${package}: attw --pack --profile esm-only"
  (cd "${package}" && attw --pack . --profile esm-only --format table-flipped)
done
