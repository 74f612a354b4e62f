#!/usr/bin/env bash
# README command 2: install what the tests need, then run every test against a throwaway PostgreSQL
# cluster (or the one named by ConnectionStrings__SecureQueue, when set). Exit code: dotnet test's.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

require_dotnet

# Debian's boto3 and AWS CLI, as /usr/bin/python3 and /usr/bin/aws, are the Query-protocol clients; Debian's
# chromium renders the compliance report headless (screenshot, DOM, PDF) in tests/SecureQueue.FunctionalTests/Report.
missing=()
[[ -x $PG_BIN/postgres ]] || missing+=(postgresql-15)
deb_installed python3-boto3 || missing+=(python3-boto3)
deb_installed awscli || missing+=(awscli)
deb_installed chromium || missing+=(chromium)
# Debian's docker-compose validates and resolves compose/docker-compose.yml in tests/SecureQueue.FunctionalTests/Deployment.
deb_installed docker-compose || missing+=(docker-compose)
apt_install "${missing[@]}"

NODE_CLIENTS=tests/clients/node
if [[ -f $NODE_CLIENTS/package.json ]]; then
    command -v npm >/dev/null 2>&1 || die "npm is not on PATH (needed by $NODE_CLIENTS)"
    if [[ ! -f $NODE_CLIENTS/package-lock.json ]]; then
        (cd "$NODE_CLIENTS" && npm install --no-audit --no-fund --loglevel=error)
    elif [[ ! -f $NODE_CLIENTS/node_modules/.package-lock.json ||
        $NODE_CLIENTS/package-lock.json -nt $NODE_CLIENTS/node_modules/.package-lock.json ||
        $NODE_CLIENTS/package.json -nt $NODE_CLIENTS/node_modules/.package-lock.json ]]; then
        (cd "$NODE_CLIENTS" && npm ci --no-audit --no-fund --loglevel=error)
    fi
fi

# A free port now may be taken by the time the server binds, so starting is retried on another port.
free_port() {
    local port
    for _ in {1..50}; do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    die "no free TCP port found on 127.0.0.1"
}

PG_TMP=
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
    [[ -n $PG_TMP ]] || return 0
    as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ -z ${ConnectionStrings__SecureQueue:-} ]]; then
    require_pg_os_user
    # Under /tmp, not $TMPDIR, which may sit under a home directory the postgres user cannot enter.
    PG_TMP=$(mktemp -d /tmp/secq-test-pg.XXXXXX)
    pg_own_dir "$PG_TMP"
    out=$(as_pg "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres --auth=trust -E UTF8 --locale=C --no-sync 2>&1) ||
        { echo "$out" >&2; die "initdb failed"; }
    # Trust is acceptable for a throwaway cluster that listens on 127.0.0.1 only and dies with this script.
    pg_write "$PG_TMP/data/pg_hba.conf" <<'HBA'
local all all               trust
host  all all 127.0.0.1/32  trust
HBA
    echo "include_if_exists = 'secq.conf'" | as_pg tee -a "$PG_TMP/data/postgresql.conf" >/dev/null
    started=
    for _ in 1 2 3 4 5; do
        PG_PORT=$(free_port)
        # fsync off: this data is thrown away, and durability of the machine's disk is not under test.
        pg_write "$PG_TMP/data/secq.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_TMP'
max_connections = 200
fsync = off
full_page_writes = off
CONF
        if as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/postgres.log" -w -t 60 start >/dev/null 2>&1; then
            started=yes
            break
        fi
    done
    [[ -n $started ]] || { show_log "$PG_TMP/postgres.log"; die "the test PostgreSQL cluster did not start"; }
    export ConnectionStrings__SecureQueue="Host=127.0.0.1;Port=$PG_PORT;Database=postgres;Username=postgres"
    echo "Test PostgreSQL on 127.0.0.1:$PG_PORT (removed on exit)"
fi

dotnet build SecureQueue.sln -c Release --nologo -v quiet
# Policy as code: the shipped policies must parse, lint clean (no errors or security warnings) and pass their cases.
SECQ=(dotnet src/SecureQueue.Cli/bin/Release/net10.0/secq.dll)
"${SECQ[@]}" policy validate policies
"${SECQ[@]}" policy lint policies
"${SECQ[@]}" policy test policies

# The output ends with dotnet test's own per-project summaries (Passed!/Failed! with counts); the EXIT
# trap then removes the cluster silently.
set +e
dotnet test SecureQueue.sln -c Release --no-build --blame-hang-timeout 10m --logger "console;verbosity=normal"
rc=$?
set -e
exit "$rc"
