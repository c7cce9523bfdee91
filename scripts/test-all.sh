#!/usr/bin/env bash
# Installs everything the tests need on a fresh machine and runs every check and test.
# The Kafka broker is started by the test setup itself (test/support/kafka/global-setup.ts, with tools/kafka/), from Maven Central jars.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-system-deps.sh
bash scripts/install-schemathesis.sh
# `npm install`, not `npm ci`: the registry mirror these machines use does not serve the
# darwin/win32/armv7 builds of @bufbuild/buf, so the lock file cannot list them and `npm ci` refuses it.
npm install --no-audit --no-fund
export PATH="$PWD/node_modules/.bin:$PATH"

echo "== typecheck (tsc --strict over generator, cli, runtime, generated, services, tests)"
npx tsc -p tsconfig.json --noEmit
echo "== format and lint (Biome, biome.json)"
npx biome ci
echo "== direction of dependencies (dependency-cruiser, .dependency-cruiser.cjs)"
npm run -s deps
echo "== build the packages (dist/: what npm would publish and the concord command runs)"
npm run build
echo "== packages: publint and arethetypeswrong"
bash scripts/check-packages.sh
echo "== concord generate --check"
npx concord generate --check
echo "== concord breaking against the previous commit"
bash scripts/check-contracts.sh
echo "== vitest"
mkdir -p .tmp
status=0
npx vitest run --reporter=default --reporter=json --outputFile=.tmp/vitest.json || status=$?
node scripts/print-test-summary.js .tmp/vitest.json
exit "$status"
