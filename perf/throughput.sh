#!/usr/bin/env bash
# Throughput of one page under gunicorn (2 workers) with wrk, on loopback only, time-bounded.
#   perf/throughput.sh [path] [seconds] [connections]     e.g. perf/throughput.sh /personen/ 30 8
# Uses the configured database (DATABASE_URL) and logs in as the bench manager.
set -euo pipefail
cd "$(dirname "$0")/.."

PAGE="${1:-/personen/}"
SECONDS_TO_RUN="${2:-30}"
CONNECTIONS="${3:-8}"
PORT="${PERF_PORT:-8931}"
URL="http://127.0.0.1:${PORT}${PAGE}"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
COOKIE="$(.venv/bin/python manage.py bench --session-cookie)"

DEBUG=false .venv/bin/gunicorn config.wsgi:application --workers 2 --bind "127.0.0.1:${PORT}" \
  --log-level warning >/tmp/perf-gunicorn.log 2>&1 &
GUNICORN=$!
trap 'kill "$GUNICORN" 2>/dev/null; wait "$GUNICORN" 2>/dev/null || true' EXIT

for _ in $(seq 1 50); do
  curl -s -o /dev/null "http://127.0.0.1:${PORT}/konto/login/" && break
  sleep 0.2
done
STATUS="$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: ${COOKIE}" "$URL")"
if [ "$STATUS" != "200" ]; then
  echo "GET ${PAGE} as the bench manager gave HTTP ${STATUS}, not 200" >&2
  exit 1
fi
curl -s -o /dev/null -H "Cookie: ${COOKIE}" "$URL"  # warm both workers
curl -s -o /dev/null -H "Cookie: ${COOKIE}" "$URL"

echo "wrk: ${CONNECTIONS} connections, 2 threads, ${SECONDS_TO_RUN} s, ${URL}, $(nproc) CPUs," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
wrk --threads 2 --connections "$CONNECTIONS" --duration "${SECONDS_TO_RUN}s" --timeout 10s \
  --latency -H "Cookie: ${COOKIE}" "$URL"
