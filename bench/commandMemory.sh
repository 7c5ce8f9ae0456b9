#!/usr/bin/env bash
# Peak memory (max RSS, /usr/bin/time -v) and time of every crushmap command on a cluster of
# 10,000 OSDs and 1,048,576 groups, against the 2 GiB budget and, for map-pgs, against osdmaptool.
# The cluster comes from crushtool --build and osdmaptool --createsimple (bench/scaleCluster.ts);
# the CLI runs from its build (npm run build), the streamed map-pgs from bench/mapPgsStream.ts
# bundled the same way. Commands run one at a time, output to /dev/null.
#
#   npm run build && bash bench/commandMemory.sh [OSDS=10000] [PGNUM=1048576]
#   MAPPGS_ONLY=1 bash bench/commandMemory.sh    (osdmaptool and map-pgs rows only)
set -euo pipefail
cd "$(dirname "$0")/.."
OSDS=${1:-10000}
PGNUM=${2:-1048576}
DIR=${TMPDIR:-/tmp}/crushmap-scale
read -r CRUSH OSDMAP_BIN JSON_SMALL JSON < <(npx tsx -e "
import { scaleFiles } from './bench/scaleCluster.ts';
const a = scaleFiles($OSDS, 5), b = scaleFiles($OSDS, 5, $PGNUM);
console.log(a.crush, a.osdmap, a.json, b.json);")
AFTER=$DIR/crush-$OSDS-plus-host.bin
if [ ! -e "$AFTER" ]; then
  # a new host of 12 OSDs in the first rack
  cp "$CRUSH" "$AFTER"
  for i in $(seq 0 11); do
    id=$((OSDS + i))
    crushtool -i "$AFTER" --add-item "$id" 1.0 "osd.$id" --loc host hostnew --loc rack rack0 --loc root root -o "$AFTER" > /dev/null
  done
fi
STREAM=$DIR/mapPgsStream.mjs
npx esbuild bench/mapPgsStream.ts --bundle --platform=node --format=esm --log-level=warning --outfile="$STREAM"
CLI="node dist/cli.js"
OM="--osdmap $JSON --crush $CRUSH"

measure() { # label command...
  local label=$1 status=ok kb secs
  shift
  /usr/bin/time -o "$DIR/time.txt" -f "%M %e" "$@" > /dev/null 2> "$DIR/cmd.err" || status="exit $?: $(tail -1 "$DIR/cmd.err")"
  read -r kb secs < <(tail -1 "$DIR/time.txt")
  printf '| %s | %s MiB | %s s | %s |\n' "$label" "$((kb / 1024))" "$secs" "$([ "$status" != ok ] && echo "$status" || { [ "$kb" -le $((2 * 1024 * 1024)) ] && echo yes || echo NO; })"
}

echo "$OSDS OSDs (crushtool --build … host straw2 12 rack straw2 20 root straw2 0), pool rbd of $PGNUM groups × 3"
echo
echo "| command | max RSS | time | within 2 GiB |"
echo "|---|---:|---:|:---:|"
measure "osdmaptool --test-map-pgs-dump --pg_num $PGNUM" osdmaptool "$OSDMAP_BIN" --mark-up-in --test-map-pgs-dump --pool 1 --pg_num "$PGNUM"
measure "osdmaptool --test-map-pgs-dump-all --pg_num $PGNUM" osdmaptool "$OSDMAP_BIN" --mark-up-in --test-map-pgs-dump-all --pool 1 --pg_num "$PGNUM"
measure "crushmap map-pgs --pg-num $PGNUM" $CLI map-pgs --osdmap "$JSON_SMALL" --crush "$CRUSH" --pool rbd --pg-num "$PGNUM"
# the binary OSD map osdmaptool reads (its embedded crush map), with osdmaptool's --mark-up-in
measure "crushmap map-pgs --osdmap osdmap.bin --mark-up-in --pg-num $PGNUM" $CLI map-pgs --osdmap "$OSDMAP_BIN" --mark-up-in --pool rbd --pg-num "$PGNUM"
measure "crushmap map-pgs --osdmap osdmap.bin --mark-up-in --all --pg-num $PGNUM" $CLI map-pgs --osdmap "$OSDMAP_BIN" --mark-up-in --pool rbd --all --pg-num "$PGNUM"
measure "crushmap map-pgs (pool of $PGNUM)" $CLI map-pgs $OM --pool rbd
measure "crushmap map-pgs --all (pool of $PGNUM)" $CLI map-pgs $OM --pool rbd --all
measure "crushmap map-pgs --json (pool of $PGNUM)" $CLI map-pgs $OM --pool rbd --json
measure "mapPgsChunks (bench/mapPgsStream.ts, pool of $PGNUM)" node "$STREAM" "$JSON" "$CRUSH" --pool rbd
[ "${MAPPGS_ONLY:-}" = 1 ] && exit 0
measure "crushmap plan (add a host of 12 OSDs)" $CLI plan --from "$CRUSH" --to "$AFTER" --osdmap "$JSON" --pool rbd
measure "crushmap balance --max-deviation 1" $CLI balance $OM --pool rbd --max-deviation 1
measure "crushmap failure --fail rack0" $CLI failure $OM --pool rbd --fail rack0
measure "crushmap durability --failures 3" $CLI durability $OM --pool rbd --failures 3
measure "crushmap audit" $CLI audit $OM
measure "crushmap test --num-rep 3, 1,048,576 inputs, statistics" $CLI test -i "$CRUSH" --rule 0 --num-rep 3 --min-x 0 --max-x $((PGNUM - 1)) --show-statistics
measure "crushmap tree" $CLI tree -i "$CRUSH"
measure "crushmap analyze --inputs $PGNUM" $CLI analyze -i "$CRUSH" --inputs "$PGNUM"
