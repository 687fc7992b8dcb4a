#!/usr/bin/env bash
# Load and fault run for docs/load.md: gunicorn (2 workers, production mode behind a pretend
# TLS proxy) on loopback, `manage.py loadtest` with 4 clients for 60 s on list and report
# pages; with --restart-postgres the PostgreSQL cluster is restarted once, 20 s into the run.
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_load perf/load.sh [--restart-postgres]
# The database must hold seed_demo data and a user "manager" (manage.py demo_users).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${LOAD_PORT:-8932}"
SECONDS_TO_RUN="${LOAD_SECONDS:-60}"
CLIENTS="${LOAD_CLIENTS:-4}"
PG_VERSION="$(ls /etc/postgresql 2>/dev/null | head -n1)"
: "${DATABASE_URL:?set DATABASE_URL to the seeded database}"

ORG="$(.venv/bin/python manage.py shell -c "
from django.db.models import Count
from people.models import Organisation
print(Organisation.objects.annotate(n=Count('participations')).order_by('-n').first().pk)" \
  | tail -n1)"
PATHS="/organisationen/,/personen/,/delegationen/,/vereinbarungen/,/veranstaltungen/"
PATHS="${PATHS},/begegnungen/,/berichte/,/berichte/zeitraum/,/berichte/partner/?organisation=${ORG}"

export APP_ENV=production DEBUG=false ALLOWED_HOSTS=127.0.0.1
SECRET_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')"
export SECRET_KEY
.venv/bin/gunicorn config.wsgi:application --workers 2 --bind "127.0.0.1:${PORT}" \
  --timeout 60 --log-level warning >/tmp/load-gunicorn.log 2>&1 &
GUNICORN=$!
trap 'kill "$GUNICORN" 2>/dev/null; wait "$GUNICORN" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -s -o /dev/null -H 'X-Forwarded-Proto: https' "http://127.0.0.1:${PORT}/konto/login/" && break
  sleep 0.2
done

FAULT=()
if [ "${1:-}" = "--restart-postgres" ]; then
  FAULT=(--fault-at 20 --fault-command "pg_ctlcluster --skip-systemctl-redirect ${PG_VERSION} main restart")
fi
echo "gunicorn 2 workers, ${CLIENTS} clients, ${SECONDS_TO_RUN} s, $(nproc) CPUs," \
  "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
.venv/bin/python manage.py loadtest --base-url "http://127.0.0.1:${PORT}" --clients "$CLIENTS" \
  --seconds "$SECONDS_TO_RUN" --paths "$PATHS" --as-user manager --https-proxy-header \
  --timeline "${FAULT[@]}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
