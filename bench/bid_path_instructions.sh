#!/bin/sh
# Instructions per revision on the bid path (bench.bid_path under valgrind's callgrind), for an
# A/B of two checkouts on a machine whose speed drifts: callgrind counts instructions, not
# seconds, so the same code gives the same count within about 0.5 % whatever else runs.
# Two runs (100 and 300 revisions after the same seeding and first offers); the difference over
# 200 leaves out start-up. About 2 minutes per run; run two checkouts side by side.
#
#   bench/bid_path_instructions.sh                      # SQLite, in a scratch file
#   bench/bid_path_instructions.sh postgresql://127.0.0.1:5432/postgres
set -eu
cd "$(dirname "$0")/.."
url=${1:-}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
count() {
    db=${url:-sqlite:///$scratch/bid_path_$1.db}
    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        .venv/bin/python -m bench.bid_path --database-url "$db" --rooms 1 --bids "$1" --rounds 1 2>&1 |
        sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
}
short=$(count 100)
long=$(count 300)
echo "$(( (long - short) / 200 )) instructions per revision ($(git rev-parse --short HEAD), ${url:-sqlite})"
