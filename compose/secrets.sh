#!/usr/bin/env bash
# Writes compose/secrets/ for docker-compose.yml: the gateway's keys, certificate and identities copied from a data
# directory that `secq up` (scripts/up.sh) created, and new random database passwords with the pgpass files
# Npgsql reads them from. Never overwrites an existing secret, so re-running keeps the passwords the cluster has.
#   compose/secrets.sh DATA_DIR          e.g. compose/secrets.sh .data
# Compose mounts secret files as they are on the host, and secq refuses a key that other users can read: every file is
# 0400, owned by the user that reads it in its container (1654, the runtime image's user; 999, postgres's).
set -euo pipefail
data=${1:?usage: compose/secrets.sh DATA_DIR}
out=$(dirname "${BASH_SOURCE[0]}")/secrets
mkdir -p "$out"
chmod 0750 "$out"

put() { # NAME, content on stdin
    if [[ -e $out/$1 ]]; then
        echo "kept    $out/$1"
        cat >/dev/null
        return
    fi
    (umask 0377 && cat >"$out/$1")
    echo "wrote   $out/$1"
}

for pair in identities.json:identities.json master.key:master.key checkpoint.key:checkpoint.key server.pem:tls/server.pem server.key:tls/server.key; do
    [[ -f $data/${pair#*:} ]] || { echo "compose/secrets.sh: $data/${pair#*:} is missing: run scripts/up.sh (secq up) first" >&2; exit 2; }
    put "${pair%%:*}" <"$data/${pair#*:}"
done

# 32 random bytes, hex: no ':' or '\' to escape in a pgpass line.
put owner_db_password < <(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
put gateway_db_password < <(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
put owner_pgpass < <(echo "postgres:5432:securequeue:secq:$(cat "$out/owner_db_password")")
put gateway_pgpass < <(echo "postgres:5432:securequeue:secq_gateway:$(cat "$out/gateway_db_password")")
owner() { # UID FILE…
    local uid=$1
    shift
    chown "$uid" "$@" 2>/dev/null || echo "note: chown $uid needs root: give $* to UID $uid before docker-compose up" >&2
}
owner 1654 "$out"/{identities.json,master.key,checkpoint.key,server.pem,server.key,owner_pgpass,gateway_pgpass}
owner 999 "$out"/{owner_db_password,gateway_db_password}
