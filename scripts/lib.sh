# shellcheck shell=bash
# Shared by scripts/up.sh and scripts/test.sh; sourced, never run. Callers have already set -euo pipefail
# and changed to the repository root.

# shellcheck disable=SC2034 # used by the scripts that source this file
PG_BIN=/usr/lib/postgresql/15/bin

# Telemetry and the first-run banner would reach for hosts this project's machines cannot reach.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

die() {
    echo "error: $*" >&2
    exit 1
}

require_dotnet() {
    command -v dotnet >/dev/null 2>&1 ||
        die "dotnet is not on PATH: install the .NET SDK named in global.json (10.0.x) and run this again"
}

deb_installed() {
    [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true) == "install ok installed" ]]
}

# Installs Debian packages quietly; apt's own output is shown only when it fails. No-op without arguments,
# so callers pass only what is missing and a complete machine never runs apt-get update.
apt_install() {
    (($#)) || return 0
    local sudo=() log
    if ((EUID != 0)); then
        command -v sudo >/dev/null 2>&1 || die "installing $* needs root (or sudo)"
        sudo=(sudo)
    fi
    log=$(mktemp)
    echo "Installing Debian packages: $*"
    if ! { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q update &&
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends "$@"; } \
        >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        die "apt-get could not install: $*"
    fi
    rm -f "$log"
}

# PostgreSQL refuses to run as root, so root runs clusters as the postgres user; anyone else runs them
# as themselves.
pg_os_user() {
    if ((EUID == 0)); then echo postgres; else id -un; fi
}

require_pg_os_user() {
    ((EUID != 0)) || id postgres >/dev/null 2>&1 ||
        die "user 'postgres' does not exist: reinstall postgresql-15 (apt-get install --reinstall postgresql-15)"
}

# From / so the postgres user is never left in a working directory it may not enter.
as_pg() {
    if ((EUID == 0)); then
        (cd / && runuser -u postgres -- "$@")
    else
        (cd / && "$@")
    fi
}

# Writes standard input to a file inside a cluster, as the cluster's owner.
pg_write() {
    as_pg tee "$1" >/dev/null
}

# A directory or file the cluster owner must own, created by the caller (which may own the parent).
pg_own_dir() {
    mkdir -p "$1"
    chown "$(pg_os_user)" "$1"
    chmod 700 "$1"
}

pg_own_file() {
    touch "$1"
    chown "$(pg_os_user)" "$1"
    chmod 600 "$1"
}

# Tail of a server log, for the message when a cluster does not start.
show_log() {
    echo "---- last lines of $1" >&2
    tail -n 30 "$1" >&2 || true
}
