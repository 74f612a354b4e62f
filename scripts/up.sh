#!/usr/bin/env bash
# README command 1: set up and run the gateway on this machine. Idempotent: a second run reuses the
# PostgreSQL cluster, its roles and passwords, and everything `secq up` created in .data/.
#   scripts/up.sh [arguments for `secq up`]      env: SECQ_PG_PORT (default 55432)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

require_dotnet
[[ -x $PG_BIN/postgres ]] || apt_install postgresql-15
require_pg_os_user

PG_PORT=${SECQ_PG_PORT:-55432}
if ! [[ $PG_PORT =~ ^[0-9]{1,5}$ ]] || ((PG_PORT < 1 || PG_PORT > 65535)); then
    die "SECQ_PG_PORT must be a TCP port, not '$PG_PORT'"
fi
PG_USER=$(pg_os_user)
DATA=$ROOT/.data
mkdir -p "$DATA"
chmod go-rwx "$DATA"

# The cluster lives in .data/ when its owner can reach it there. Root's clusters belong to postgres, which
# needs search permission on every ancestor of the repository; .data itself is made traversable
# (0711: names stay unlistable, and every secret inside is 0600 or in a 0700 directory).
if [[ $PG_USER == "$(id -un)" ]]; then
    CLUSTER_HOME=$DATA
elif runuser -u "$PG_USER" -- test -x "$ROOT"; then
    CLUSTER_HOME=$DATA
    chmod go+x "$DATA"
else
    CLUSTER_HOME=/var/lib/securequeue/$(printf '%s' "$ROOT" | sha256sum | cut -c1-16)
    echo "note: user $PG_USER cannot reach $ROOT, so the PostgreSQL cluster lives in $CLUSTER_HOME"
    mkdir -p "$CLUSTER_HOME"
fi
PGDATA_DIR=$CLUSTER_HOME/pg
PGRUN_DIR=$CLUSTER_HOME/pg-run
PGLOG=$CLUSTER_HOME/pg.log
pg_own_dir "$PGDATA_DIR"
pg_own_dir "$PGRUN_DIR"
pg_own_file "$PGLOG"

if [[ ! -f $PGDATA_DIR/PG_VERSION ]]; then
    [[ -z $(ls -A "$PGDATA_DIR") ]] || die "$PGDATA_DIR is neither empty nor a cluster: move it away and run this again"
    echo "Creating a PostgreSQL cluster in $PGDATA_DIR"
    # Local socket: peer (only the cluster's OS user); TCP: passwords (SCRAM) only.
    out=$(as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR" -U "$PG_USER" --auth-local=peer --auth-host=scram-sha-256 \
        -E UTF8 --locale=C 2>&1) || { echo "$out" >&2; die "initdb failed"; }
fi

grep -q "^include_if_exists = 'secq.conf'" "$PGDATA_DIR/postgresql.conf" ||
    echo "include_if_exists = 'secq.conf'" | as_pg tee -a "$PGDATA_DIR/postgresql.conf" >/dev/null
pg_write "$PGDATA_DIR/secq.conf" <<CONF
# Written by scripts/up.sh on every run.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PGRUN_DIR'
password_encryption = 'scram-sha-256'
CONF
pg_write "$PGDATA_DIR/pg_hba.conf" <<HBA
# Written by scripts/up.sh on every run.
local all all               peer
host  all all 127.0.0.1/32  scram-sha-256
HBA

if as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
    if [[ $(sed -n 4p "$PGDATA_DIR/postmaster.pid") != "$PG_PORT" ]]; then
        echo "Restarting PostgreSQL on port $PG_PORT"
        as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGLOG" -w -t 60 -m fast restart >/dev/null ||
            { show_log "$PGLOG"; die "PostgreSQL did not restart (is port $PG_PORT taken? set SECQ_PG_PORT)"; }
    else
        as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" reload >/dev/null
    fi
else
    echo "Starting PostgreSQL on 127.0.0.1:$PG_PORT"
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGLOG" -w -t 60 start >/dev/null ||
        { show_log "$PGLOG"; die "PostgreSQL did not start (is port $PG_PORT taken? set SECQ_PG_PORT)"; }
fi

# A password per role, kept in .data/ (0600) and never printed. Letters and digits only: it goes into SQL and a
# connection string unquoted.
password() {
    local file=$1
    if [[ ! -s $file ]]; then
        (umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$file")
    fi
    chmod 600 "$file"
    [[ $(<"$file") =~ ^[A-Za-z0-9]+$ ]] || die "$file must hold letters and digits only: remove it to generate a new one"
    cat "$file"
}
# secq owns the database and its tables and runs `secq db migrate`; secq_gateway is what the gateway connects as,
# with only the grants that migrate gives it (it can append to the log, never change or remove an event).
OWNER_PASSWORD_FILE=$DATA/pg.password
GATEWAY_PASSWORD_FILE=$DATA/pg-gateway.password
OWNER_PASSWORD=$(password "$OWNER_PASSWORD_FILE")
GATEWAY_PASSWORD=$(password "$GATEWAY_PASSWORD_FILE")

# Through standard input, so passwords never appear in a process's arguments.
as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PGRUN_DIR" -p "$PG_PORT" -U "$PG_USER" -d postgres >/dev/null <<SQL
SELECT 'CREATE ROLE secq LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'secq')\gexec
ALTER ROLE secq WITH LOGIN PASSWORD '$OWNER_PASSWORD';
SELECT 'CREATE ROLE secq_gateway LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'secq_gateway')\gexec
ALTER ROLE secq_gateway WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '$GATEWAY_PASSWORD';
SELECT 'CREATE DATABASE securequeue OWNER secq' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'securequeue')\gexec
SQL

CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Database=securequeue"
echo "PostgreSQL ready: $CONNECTION; owner secq (password in $OWNER_PASSWORD_FILE), gateway secq_gateway (password in $GATEWAY_PASSWORD_FILE)"
if ((EUID == 0)); then
    echo "  (stop it with: runuser -u $PG_USER -- $PG_BIN/pg_ctl -D $PGDATA_DIR stop)"
else
    echo "  (stop it with: $PG_BIN/pg_ctl -D $PGDATA_DIR stop)"
fi
# Build, then run from the repository root: `dotnet run` would start in the project folder, and `secq up` finds
# policies/ and .data/ relative to where it runs.
dotnet build src/SecureQueue.Cli -c Release --nologo -v quiet
SECQ=(dotnet src/SecureQueue.Cli/bin/Release/net10.0/secq.dll)
# The schema is applied as its owner (the password through the environment of this one process, never an argument);
# the gateway then serves as secq_gateway and refuses to start as anything that could rewrite the log.
PGPASSWORD=$OWNER_PASSWORD "${SECQ[@]}" db migrate --connection "$CONNECTION;Username=secq" --gateway-role secq_gateway
export ConnectionStrings__SecureQueue="$CONNECTION;Username=secq_gateway;Password=$GATEWAY_PASSWORD"
exec "${SECQ[@]}" up --data-dir "$ROOT/.data" "$@"
