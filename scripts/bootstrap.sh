# shellcheck shell=bash
# scripts/bootstrap.sh - make the project runnable, with no manual step. Sourced by ./run and ./test.
#
# bc_bootstrap does, each step skipped when already done (a healthy second start costs ~0.1 s):
#   1. as root on Debian/Ubuntu: apt-install the Qt/QtWebEngine runtime libraries and a CJK font
#      that are missing (checked with dpkg-query first); otherwise only warn which are missing;
#   2. keep .venv if its Python runs and is >= 3.11, else (re)create it with the newest Python
#      >= 3.11 on PATH: $PYTHON, python3.13, python3.12, python3.11, python3 (each is run to check
#      its version, so an inactive pyenv shim is skipped). With none, as root on Debian/Ubuntu
#      apt-installs python3 + python3-venv; a Python without ensurepip gets python3.X-venv;
#   3. pip install -e '.[test]' unless .venv/.bootstrap-stamp holds the hash of pyproject.toml.
# Progress lines go to stderr, so the console's own stdout (CLI subcommands) stays clean.
# Functions only: sourcing this file changes nothing. Callers set -euo pipefail.

BC_ROOT=${BC_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
BC_VENV=$BC_ROOT/.venv
BC_STAMP=$BC_VENV/.bootstrap-stamp
BC_NAME=${BC_NAME:-bootstrap}

# Debian 12 names; on newer releases (t64 transition) NAMEt64 counts as NAME.
BC_QT_PKGS=(
  # Qt offscreen
  libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0
  # QtWebEngine
  libnss3 libnspr4 libxcomposite1 libxdamage1 libxext6 libxfixes3 libxrandr2 libxtst6 libxkbfile1
  libasound2 libgbm1 libxcb1 libxcb-dri3-0
  # a real X display (xcb platform plugin)
  libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxkbcommon-x11-0
  # Chinese text
  fonts-noto-cjk
)

bc_say()  { printf '%s: %s\n' "$BC_NAME" "$*" >&2; }
bc_warn() { printf '%s: warning: %s\n' "$BC_NAME" "$*" >&2; }
bc_die()  { printf '%s: error: %s\n' "$BC_NAME" "$*" >&2; exit 1; }

bc_is_root() { [[ $EUID -eq 0 ]]; }
bc_has_apt() { command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; }
bc_can_apt() { bc_is_root && bc_has_apt; }

# ---------------------------------------------------------------------------------------- apt
BC_APT_UPDATED=0
bc_apt_update() {
  [[ $BC_APT_UPDATED == 1 ]] && return 0
  local log; log=$(mktemp)
  if ! DEBIAN_FRONTEND=noninteractive apt-get update -q >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"; bc_die "apt-get update failed"
  fi
  rm -f "$log"; BC_APT_UPDATED=1
}

# bc_apt_install PKG... : install quietly (no recommends); show apt's output only on failure.
bc_apt_install() {
  bc_apt_update
  local log; log=$(mktemp)
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"; bc_die "apt-get install $* failed"
  fi
  rm -f "$log"
}

bc_apt_has() { apt-cache show "$1" >/dev/null 2>&1; }  # is PKG known to apt (not purely virtual)?

# bc_missing_pkgs PKG... : print those of PKG... installed neither as NAME nor as NAMEt64.
bc_missing_pkgs() {
  local -A have=()
  local p
  while read -r p; do have[$p]=1; done < <(
    dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' 2>/dev/null | awk '$1 == "ii" { print $2 }')
  for p in "$@"; do
    [[ -n ${have[$p]:-} || -n ${have[${p}t64]:-} ]] || printf '%s\n' "$p"
  done
}

bc_ensure_qt_libs() {
  bc_has_apt || return 0   # not Debian/Ubuntu: nothing we can check
  local missing p names=()
  missing=$(bc_missing_pkgs "${BC_QT_PKGS[@]}")
  [[ -z $missing ]] && return 0
  if ! bc_is_root; then
    bc_warn "Qt may not start; missing Debian packages (as root: apt-get install --no-install-recommends" \
      $missing")"
    return 0
  fi
  bc_say "installing Qt runtime libraries (apt):" $missing "…"
  bc_apt_update
  for p in $missing; do
    if bc_apt_has "${p}t64"; then names+=("${p}t64"); else names+=("$p"); fi
  done
  bc_apt_install "${names[@]}"
}

# LibreOffice Calc (headless) and poppler: the tests open every workbook in a real spreadsheet
# client, print it to PDF and count its pages. Installed by ./test only, where apt can.
BC_CALC_PKGS=(libreoffice-calc poppler-utils)
bc_ensure_calc() {
  command -v soffice >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1 && return 0
  if ! bc_can_apt; then
    bc_warn "LibreOffice Calc or poppler-utils missing: the print tests are skipped (as root on Debian/Ubuntu:" \
      "apt-get install --no-install-recommends ${BC_CALC_PKGS[*]})"
    return 0
  fi
  bc_say "installing LibreOffice Calc and poppler-utils (apt) for the print tests …"
  bc_apt_update
  bc_apt_install "${BC_CALC_PKGS[@]}"
}

# ------------------------------------------------------------------------------------- Python
bc_py_ok() {  # does "$1" run and is it Python >= 3.11?
  "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1
}
bc_py_ver() { "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])'; }

# Sets BC_PY_CMD (the command that was found) and BC_PY (its sys.executable).
bc_find_python() {
  local c
  for c in ${PYTHON:-} python3.13 python3.12 python3.11 python3; do
    command -v "$c" >/dev/null 2>&1 || continue
    if bc_py_ok "$c"; then
      BC_PY_CMD=$c
      BC_PY=$("$c" -c 'import sys; print(sys.executable)')
      return 0
    fi
    [[ $c == "${PYTHON:-}" ]] && bc_warn "PYTHON=$PYTHON does not run as Python >= 3.11; ignoring it"
  done
  return 1
}

bc_ensure_python() {
  bc_find_python && return 0
  if bc_can_apt; then
    bc_say "no Python >= 3.11 found; installing python3 python3-venv (apt) …"
    bc_apt_install python3 python3-venv
    bc_find_python && return 0
    # e.g. Ubuntu 22.04: python3 is 3.10, but python3.11 is in the archive
    if bc_apt_has python3.11 && bc_apt_has python3.11-venv; then
      bc_say "python3 is older than 3.11; installing python3.11 python3.11-venv (apt) …"
      bc_apt_install python3.11 python3.11-venv
      bc_find_python && return 0
    fi
  fi
  bc_die "no Python >= 3.11 found (tried ${PYTHON:+$PYTHON, }python3.13 python3.12 python3.11 python3 on PATH).
  Install one, e.g. as root on Debian 12 / Ubuntu 24.04: apt-get install python3 python3-venv,
  or put a python3.11+ on PATH (pyenv works), or point PYTHON=/path/to/python3.x at it."
}

bc_venv_ok() { [[ -x $BC_VENV/bin/python ]] && bc_py_ok "$BC_VENV/bin/python"; }

bc_create_venv() {
  local ver log pkg
  bc_ensure_python
  ver=$(bc_py_ver "$BC_PY")
  bc_say "creating .venv with python$ver ($BC_PY) …"
  rm -rf "$BC_VENV"
  log=$(mktemp)
  if "$BC_PY" -m venv "$BC_VENV" >"$log" 2>&1; then rm -f "$log"; return 0; fi
  if "$BC_PY" -c 'import ensurepip' >/dev/null 2>&1 && ! grep -qi ensurepip "$log"; then
    cat "$log" >&2; rm -f "$log"; bc_die "python$ver -m venv failed"
  fi
  rm -f "$log"
  # Debian/Ubuntu split ensurepip (needed by venv) into python3.X-venv.
  rm -rf "$BC_VENV"
  if ! bc_can_apt; then
    bc_die "python$ver ($BC_PY) cannot create a venv: its ensurepip module is missing.
  Install it (as root): apt-get install python$ver-venv   (or python3-venv), then run this again."
  fi
  pkg=python3-venv; bc_apt_update; bc_apt_has "python$ver-venv" && pkg=python$ver-venv
  bc_say "python$ver lacks ensurepip; installing $pkg (apt) …"
  bc_apt_install "$pkg"
  "$BC_PY" -m venv "$BC_VENV" || bc_die "python$ver -m venv failed even with $pkg installed"
}

bc_stamp_value() { sha256sum "$BC_ROOT/pyproject.toml" | cut -d' ' -f1; }

bc_ensure_venv() {
  if ! bc_venv_ok; then
    [[ -e $BC_VENV ]] && bc_say ".venv is broken or older than Python 3.11; recreating it"
    bc_create_venv
  fi
  local want; want=$(bc_stamp_value)
  [[ -f $BC_STAMP && $(<"$BC_STAMP") == "$want" ]] && return 0
  if ! "$BC_VENV/bin/python" -m pip --version >/dev/null 2>&1; then
    bc_say ".venv has no pip; recreating it"
    bc_create_venv
  fi
  local first=""
  [[ -f $BC_STAMP ]] || first=" (a first install downloads PySide6, a few hundred MB)"
  bc_say "installing dependencies into .venv: pip install -e '.[test]'$first …"
  # PYTHONWARNINGS: keep setuptools' deprecation notices about pyproject.toml out of a quiet install
  PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONWARNINGS=ignore \
    "$BC_VENV/bin/python" -m pip install -q -e "$BC_ROOT[test]" \
    || bc_die "pip install failed (see above); fix it and run this again"
  printf '%s\n' "$want" >"$BC_STAMP"
}

# bc_bootstrap: everything, under a lock so two starts at once do not build the same .venv.
bc_bootstrap() {
  local lock fd
  lock=/tmp/branch-console-bootstrap-$(printf '%s' "$BC_ROOT" | sha256sum | cut -c1-12).lock
  if command -v flock >/dev/null 2>&1 && exec {fd}>>"$lock"; then
    flock "$fd" || true
  fi
  bc_ensure_qt_libs
  bc_ensure_venv
  if [[ -n ${fd:-} ]]; then exec {fd}>&-; fi
}
