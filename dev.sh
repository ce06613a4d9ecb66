#!/usr/bin/env bash
# One entry point for a fresh Debian machine: it installs what is missing
# (Debian packages, the .venv, PyPI packages, compiled translations) and then
# does the one thing asked.
#
#   ./dev.sh demo         start the kiosk in demo mode (windowed, simulated devices)
#   ./dev.sh test         lint, type-check, build the bundle and self-test it, run every test
#   ./dev.sh setup        only install
#   ./dev.sh screenshots  PNG of every screen, both languages, both orientations
#                         (add --all-themes: each again in large text and high contrast)
#   ./dev.sh bench        the benchmarks under bench/
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

# Debian packages the kiosk and its tests need at run time.
DEB_PACKAGES=(
  python3 python3-venv espeak-ng libespeak-ng1 libusb-1.0-0 libpcsclite1 libportaudio2 alsa-utils fonts-nanum xvfb xauth fonts-noto-core
  fontconfig libfontconfig1 libfreetype6 libdbus-1-3 libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0
  binutils
)

log() { printf '\033[1m[dev]\033[0m %s\n' "$*" >&2; }

ensure_debian_packages() {
  command -v dpkg-query >/dev/null 2>&1 || { log "not a Debian system: install the equivalents of: ${DEB_PACKAGES[*]}"; return 0; }
  local missing=()
  for p in "${DEB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  else
    log "missing Debian packages; run this, then try again:"
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
}

ensure_venv() {
  if [ ! -x "$PY" ]; then
    log "creating the virtual environment in .venv"
    python3 -m venv "$VENV"
  fi
  # Reinstall only when the dependency list changed.
  local stamp="$VENV/.installed-$(sha256sum pyproject.toml constraints.txt | sha256sum | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    log "installing PyPI packages into .venv"
    "$PY" -m pip install -q --upgrade pip >/dev/null
    "$PY" -m pip install -q -c constraints.txt -e ".[dev,simulator]"
    rm -f "$VENV"/.installed-*
    touch "$stamp"
  fi
}

build_translations() {
  local ts qm
  for ts in ui/translations/*.ts; do
    qm="${ts%.ts}.qm"
    if [ ! -f "$qm" ] || [ "$ts" -nt "$qm" ]; then
      "$VENV/bin/pyside6-lrelease" -silent "$ts" -qm "$qm"
    fi
  done
  # The core's own message catalogue (receipts, checklists, spoken replies): gettext .po -> .mo.
  local po mo
  for po in kiosk_app/locale/*/LC_MESSAGES/*.po; do
    mo="${po%.po}.mo"
    if [ ! -f "$mo" ] || [ "$po" -nt "$mo" ]; then
      "$VENV/bin/pybabel" -q compile -i "$po" -o "$mo"
    fi
  done
}

# The assistant's trained classifier (assistant_models/trained/, not in git): built from the
# examples, intent files and procedures; a no-op when those did not change since the last build.
build_assistant_model() {
  "$VENV/bin/kiosk" assistant train >/dev/null
}

setup() {
  ensure_debian_packages
  ensure_venv
  build_translations
  build_assistant_model
}

run_tests() {
  export QT_QPA_PLATFORM=offscreen
  log "ruff"
  "$VENV/bin/ruff" check .
  "$VENV/bin/ruff" format --check .
  log "mypy (strict)"
  "$VENV/bin/mypy"
  log "frozen bundle: build and self-test"
  "$VENV/bin/pyinstaller" --noconfirm --log-level ERROR --distpath build/dist --workpath build/pyinstaller kiosk.spec
  KIOSK_DATA_DIR="$(mktemp -d)" build/dist/kiosk/kiosk --self-test
  log "pytest"
  "$VENV/bin/pytest" -p no:cacheprovider
}

cmd=${1:-help}
case "$cmd" in
  setup) setup ;;
  demo)
    setup
    shift
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      log "no display found: running on a virtual X display (Ctrl-C to stop; './dev.sh screenshots' shows it)"
      exec xvfb-run -a -s "-screen 0 1920x1080x24" "$VENV/bin/kiosk" demo "$@"
    fi
    exec "$VENV/bin/kiosk" demo "$@"
    ;;
  test) setup; run_tests ;;
  screenshots)
    setup
    exec xvfb-run -a -s "-screen 0 1920x1920x24" "$PY" -m ui.screenshots "${@:2}"
    ;;
  bench) setup; shift; exec "$PY" bench/run_all.py "$@" ;;
  *) sed -n '2,11p' "$0"; exit 2 ;;
esac
