#!/usr/bin/env bash
# What the console's browser tests need (server/src/test/.../ConsoleInBrowserTest): Debian's
# Chromium at /usr/bin/chromium, Node.js, and playwright-core (the version pinned in
# server/src/test/console/package.json) in a node_modules of its own under the directory given.
# Installs whatever is missing: apt-get as root (CI), sudo -n otherwise; never a browser download
# by Playwright itself.
set -euo pipefail
dir="${1:?usage: console-browser.sh <directory for node_modules>}"
here="$(cd "$(dirname "$0")/.." && pwd)"

apt_install() {
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"; }
  else
    sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
  fi
}

if [ ! -x /usr/bin/chromium ]; then
  echo "console-browser: installing Debian's chromium"
  apt_install chromium
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "console-browser: installing nodejs and npm"
  apt_install nodejs npm
fi
mkdir -p "$dir"
cp "$here/server/src/test/console/package.json" "$dir/package.json"
want="$(node -e 'console.log(require(process.argv[1]).dependencies["playwright-core"])' "$dir/package.json")"
have="$(node -e 'try { console.log(require(process.argv[1]).version) } catch (e) { console.log("") }' "$dir/node_modules/playwright-core/package.json")"
if [ "$want" != "$have" ]; then
  echo "console-browser: installing playwright-core $want into $dir/node_modules"
  (cd "$dir" && npm install --no-audit --no-fund --ignore-scripts --no-package-lock --loglevel=error)
fi
echo "console-browser: $(/usr/bin/chromium --version 2>/dev/null), node $(node --version), playwright-core $want"
