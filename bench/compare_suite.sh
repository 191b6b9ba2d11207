#!/bin/bash
# Issue 12, point 7: time the same tests in today's suite and in 5be0223's, one after the other.
# Usage: bench/compare_suite.sh [BASELINE_COMMIT]   (run on an idle machine; takes about 25 minutes)
# Clones both into a temporary folder (with ../shared beside them), collects the baseline's test ids,
# keeps those today's suite still has unchanged, and times: today's suite on those ids on 2 workers,
# then the baseline's whole `./run test` as it ran then (one process). Prints both wall times.
set -u
BASE=${1:-5be0223}
HERE=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
ln -sfn "$HERE/../shared" "$WORK/shared"
collect() {
  DJANGO_SETTINGS_MODULE=continuum.settings DATABASE_URL=postgres://x@localhost/x CONTINUUM_SECRET_KEY=x \
    .venv/bin/python -m pytest --collect-only -q -p no:randomly 2>/dev/null | grep "::" | sort
}
git clone -q "$HERE" "$WORK/new" && git clone -q "$HERE" "$WORK/old" && git -C "$WORK/old" checkout -q "$BASE"
for side in new old; do
  cp -a "$HERE/.venv" "$WORK/$side/.venv" && ln -sfn "$HERE/node_modules" "$WORK/$side/node_modules"
done
(cd "$WORK/old" && collect > "$WORK/old-ids.txt")
(cd "$WORK/new" && collect > "$WORK/new-ids.txt")
comm -12 "$WORK/old-ids.txt" "$WORK/new-ids.txt" > "$WORK/same-ids.txt"
echo "baseline ids: $(wc -l < "$WORK/old-ids.txt"); unchanged today: $(wc -l < "$WORK/same-ids.txt")"
timed() {  # timed LOG COMMAND...: run the command into LOG, print its wall time in seconds
  local log=$1 s e; shift; s=$(date +%s.%N); "$@" > "$log" 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc
}
uptime
new=$(cd "$WORK/new" && timed "$WORK/new.log" ./run test -q -n 2 --dist loadfile "@$WORK/same-ids.txt")
echo "new (same ids, 2 workers): ${new} s wall; $(grep -E '^[0-9]+ (passed|failed)' "$WORK/new.log" | tail -1)"
uptime
old=$(cd "$WORK/old" && timed "$WORK/old.log" ./run test -q)
echo "old ($BASE, whole suite as it ran then): ${old} s wall; $(grep -E '^[0-9]+ (passed|failed)' "$WORK/old.log" | tail -1)"
echo "logs in $WORK"
