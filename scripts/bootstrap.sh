# Shared set-up for ./run-app and ./run-tests (sourced, not executed).
# Creates .venv on first use and re-installs only when pyproject.toml changed.

PYTHON=${PYTHON:-python3}
VENV=.venv

qt_runtime_packages="libxss1 libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxkbcommon-x11-0 libxcb-image0
  libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xfixes0 libegl1 libgl1
  libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-dejavu-core"
desktop_test_packages="xvfb dbus-x11 dbus-bin dbus-daemon systemd dunst trayer xdotool xclip imagemagick libnotify-bin x11-utils faketime xterm"
# tests/team start a real PostgreSQL server (initdb, pg_ctl) and use psql to make its databases, and
# keep a password in a real Secret Service (GNOME Keyring on a D-Bus session of the test's own).
team_test_packages="postgresql postgresql-client gnome-keyring openssl"

ensure_venv() {
  local extras=$1
  local stamp="$VENV/.installed-$extras"
  if [ ! -x "$VENV/bin/python" ]; then
    echo "Creating $VENV …"
    "$PYTHON" -m venv "$VENV"
  fi
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "Installing Python dependencies ($extras) …"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -e ".[$extras]"
    touch "$stamp"
  fi
}

# Install Debian/Ubuntu packages that are missing (as root, or through passwordless sudo).
ensure_debs() {
  command -v dpkg-query >/dev/null 2>&1 || return 0
  local missing=()
  for pkg in $*; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
      echo "Missing Debian packages: ${missing[*]}"
      echo "Install them with: sudo apt-get install ${missing[*]}"
      return 1
    fi
  fi
  echo "Installing Debian packages: ${missing[*]} …"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
