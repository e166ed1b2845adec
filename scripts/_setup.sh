# Shared set-up for scripts/dev and scripts/test (sourced, not run). Idempotent and fast on rerun:
# apt runs only when a package is missing, pip only when pyproject.toml changed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

# System packages: WeasyPrint's libraries, a CJK font for certificates, gettext for translations.
APT_BASE=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk gettext)
# For the test suite also: pdftoppm (looking at certificate pages) and Chromium for browser tests.
APT_TEST=(poppler-utils chromium)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

ensure_apt() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null; then
    log "Missing system packages (${missing[*]}) and no apt-get: install them yourself."; return 1
  fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  log "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] < (3, 11))' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  log "Python 3.11 or newer is needed (set PYTHON=/path/to/python3.11)."; return 1
}

ensure_venv() {
  if [ ! -x "$PY" ]; then
    local python
    python=$(find_python)
    # Debian's own python3 has no ensurepip until python3-venv is installed.
    if ! "$python" -c 'import ensurepip' 2>/dev/null; then
      ensure_apt python3-venv
    fi
    log "Creating $VENV with $python"
    "$python" -m venv "$VENV"
  fi
}

# ensure_python_deps "" | "test": pip install -e ".[test]" when pyproject.toml changed since the last install.
ensure_python_deps() {
  local extras=$1 spec="." stamp="$VENV/.portal-installed" want
  [ -n "$extras" ] && spec=".[$extras]"
  want="$(sha256sum pyproject.toml | cut -c1-64) $extras"
  if [ -f "$stamp" ] && { [ "$(cat "$stamp")" = "$want" ] ||
       { [ -z "$extras" ] && [ "$(cut -d' ' -f1 "$stamp")" = "${want% }" ]; }; }; then
    return 0  # up to date (a test install also serves the portal)
  fi
  log "Installing Python dependencies (pip install -e \"$spec\")"
  "$PY" -m pip install -q --disable-pip-version-check --upgrade pip
  "$PY" -m pip install -q --disable-pip-version-check -e "$spec"
  echo "$want" >"$stamp"
}

compile_messages() {
  if command -v msgfmt >/dev/null; then
    # Only our own locale directories, never the virtualenv's packages.
    "$PY" manage.py compilemessages -v0 -l zh_Hans --ignore=.venv --ignore=node_modules --ignore=staticfiles
  else
    log "gettext (msgfmt) not installed: using the committed .mo files"
  fi
}
