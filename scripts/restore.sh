#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an empty PostgreSQL database.
# Usage: scripts/restore.sh FILE [TARGET_URL]   (TARGET_URL defaults to $DATABASE_URL)
# All or nothing (one transaction); a target that already holds tables is refused, so a
# restore never mixes with live data. Afterwards: `flask db current` names the head the
# dump was at, and `flask ledger check` must be clean before traffic is sent to it.
set -euo pipefail

file=${1:?usage: scripts/restore.sh FILE [TARGET_URL]}
target=${2:-${DATABASE_URL:?give TARGET_URL or set DATABASE_URL}}
url=${target/postgresql+psycopg:/postgresql:}

tables=$(psql --no-psqlrc --tuples-only --no-align --dbname="$url" \
  --command="SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != 0 ]; then
  echo "restore.sh: the target database already holds $tables table(s); restore into an empty one" >&2
  exit 1
fi
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$url" "$file"
# Pages kept (in Redis or files) since the dump was made were filed under generations the
# restored database will count through again: move it past any of them (milliseconds since
# 1970 outgrow a count of commits), so that none of those pages is ever served.
psql --no-psqlrc --quiet --dbname="$url" --command="UPDATE page_generation SET value = \
  GREATEST(value + 1, (extract(epoch FROM clock_timestamp()) * 1000)::bigint) WHERE id = 1"
echo "restored $file"
