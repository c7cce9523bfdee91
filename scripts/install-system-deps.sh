#!/usr/bin/env bash
# System tools the integration tests drive as "clients no one here wrote" (kcat, curl, chromium),
# and the servers and tools they start: PostgreSQL (outbox and store tests), openssl (TLS certificates),
# python3 with its venv module (Schemathesis, the contract fuzzer, lives in a venv: scripts/install-schemathesis.sh).
# Installed from Debian's packages when missing (CI and developer machines run as root).
set -euo pipefail
missing=()
command -v curl >/dev/null || missing+=(curl)
command -v kcat >/dev/null || missing+=(kcat)
command -v chromium >/dev/null || missing+=(chromium)
command -v mvn >/dev/null || missing+=(maven)
command -v openssl >/dev/null || missing+=(openssl)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
command -v python3 >/dev/null || missing+=(python3)
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing system packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  # Another apt run (a package timer, a parallel job) may hold the dpkg lock: wait for it.
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
