#!/usr/bin/env bash
# Installs the Debian packages Interphase builds against. Safe to re-run.
set -euo pipefail
PACKAGES=(libfftw3-dev libpng-dev libtiff-dev libcairo2-dev libjpeg62-turbo-dev libstb-dev pkg-config fonts-dejavu-core python3 python3-venv python3-pip)
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
if dpkg -s "${PACKAGES[@]}" >/dev/null 2>&1; then
  echo "setup: all packages already installed"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y "${PACKAGES[@]}"
