#!/usr/bin/env bash
# Scale-out mode on this machine, for a newcomer to try: PostgreSQL + Redis, two web processes
# (gunicorn, one gevent-websocket worker each, on consecutive ports) and the scheduler as its
# own single process. Ctrl-C stops all three. Used by `make cluster`.
set -euo pipefail
cd "$(dirname "$0")/.."

export DATABASE_URL="${DATABASE_URL:-postgresql://127.0.0.1:5432/zorgbod}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
export SCHEDULER_MODE=external
export SCHEDULER_SYNC_SECONDS="${SCHEDULER_SYNC_SECONDS:-1}"
BASE_PORT="${BASE_PORT:-5001}"
# The links in e-mail (written by the scheduler process, which has no port of its own).
export PUBLIC_URL="${PUBLIC_URL:-http://127.0.0.1:${BASE_PORT}}"
WEB_PROCESSES="${WEB_PROCESSES:-2}"
FLASK=".venv/bin/flask --app wsgi"

# Create the database on first use (trust auth on this machine; elsewhere set DATABASE_URL).
db_name="${DATABASE_URL##*/}"
server_url="${DATABASE_URL%/*}/postgres"
if ! psql "$server_url" -tAc "SELECT 1 FROM pg_database WHERE datname='${db_name}'" | grep -q 1; then
  psql "$server_url" -c "CREATE DATABASE \"${db_name}\"" >/dev/null
fi
$FLASK db upgrade
$FLASK demo-data --if-empty

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

for ((i = 0; i < WEB_PROCESSES; i++)); do
  PORT=$((BASE_PORT + i)) .venv/bin/gunicorn -c serving/gunicorn.conf.py wsgi:app &
  pids+=($!)
done
$FLASK scheduler &
pids+=($!)

# Ready, not only alive: each web process answers /readyz with 200 once its personal-data
# scanner has loaded (about 10 s); a load balancer in front should probe the same address.
for ((i = 0; i < WEB_PROCESSES; i++)); do
  if ! .venv/bin/python serving/ready_notice.py "http://127.0.0.1:$((BASE_PORT + i))" "${pids[i]}"; then
    echo "The web process on port $((BASE_PORT + i)) did not become ready (see its output above)." >&2
    exit 1
  fi
done

echo ""
echo "Zorgbod scale-out: web processes on ports ${BASE_PORT}..$((BASE_PORT + WEB_PROCESSES - 1)), scheduler pid ${pids[-1]}"
echo "  database: ${DATABASE_URL}   message queue: ${REDIS_URL}"
echo "  Open http://127.0.0.1:${BASE_PORT}/ in one browser and http://127.0.0.1:$((BASE_PORT + 1))/ in another;"
echo "  a bid through one process reaches viewers of the other. deploy/nginx.conf puts them behind one address."
$FLASK demo-accounts
wait -n
