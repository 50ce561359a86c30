#!/usr/bin/env bash
# Makes sure Debian's Jupyter stack runs notebooks: nbclient (with jupyter-execute), nbformat,
# nbconvert and the python3 kernel of /usr/bin/python3. Idempotent: installs only what is missing.
# The notebook task type (plugins/papermill) runs notebooks with exactly these.
set -euo pipefail

log() { printf '[jupyter] %s\n' "$*" >&2; }

jupyter_ready() {
  /usr/bin/python3 -c 'import nbclient, nbformat, nbconvert, ipykernel' 2>/dev/null
}

if [ -x /usr/bin/python3 ] && jupyter_ready; then
  exit 0
fi
log "installing python3-nbclient python3-nbformat jupyter-nbconvert python3-ipykernel"
# another apt run (a parallel install) may hold the lock: wait for it instead of failing
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends \
  python3 python3-nbclient python3-nbformat jupyter-nbconvert python3-ipykernel >/dev/null
jupyter_ready || { log "the Jupyter modules still do not import with /usr/bin/python3"; exit 1; }
log "Jupyter ready: $(/usr/bin/python3 -c 'import nbclient, nbconvert; print("nbclient", nbclient.__version__, "nbconvert", nbconvert.__version__)')"
