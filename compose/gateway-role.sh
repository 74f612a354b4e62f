#!/usr/bin/env bash
# Run once by the postgres image when it creates the cluster: the gateway's login role, with its password from a secret
# file and no privileges yet. `secq db migrate` (the migrate service) grants it exactly what the gateway needs.
# psql's :'password' quotes the value as a literal, so no character in the password can change the statement.
set -euo pipefail
password=$(cat /run/secrets/gateway_db_password)
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -v password="$password" <<'SQL'
CREATE ROLE secq_gateway LOGIN PASSWORD :'password';
SQL
