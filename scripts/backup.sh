#!/usr/bin/env bash
# Back up Twiza's PostgreSQL database: a compressed pg_dump archive (custom format).
# Usage: DATABASE_URL=postgresql+psycopg://... scripts/backup.sh [FILE]
#   FILE defaults to $BACKUP_DIR (or .)/twiza-<UTC time>.dump; the path is printed.
# The archive is written beside FILE and renamed only once pg_restore can read it, so a
# failed backup never leaves a file that looks complete. Uploaded documents (UPLOAD_DIR)
# are files, not rows: back them up with the database (docs/deployment.md).
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL must name the database to back up}"
# libpq does not know SQLAlchemy's driver suffix.
url=${DATABASE_URL/postgresql+psycopg:/postgresql:}
file=${1:-${BACKUP_DIR:-.}/twiza-$(date -u +%Y%m%dT%H%M%SZ).dump}
partial="$file.partial"
trap 'rm -f "$partial"' EXIT

pg_dump --format=custom --compress=6 --no-owner --no-privileges --file="$partial" "$url"
pg_restore --list "$partial" >/dev/null
mv "$partial" "$file"
echo "$file"
