/**
 * `crushmap demo` (what `npm start` runs): places 100,000 objects on the built-in sample
 * cluster, shows how evenly the replicas spread against each disk's weight share, then adds a
 * host and shows how many replicas move against the least any placement could move.
 */
import { ratioHistogram } from "../analysis/histogram.js";
import { Mapper } from "../mapper/mapper.js";
import type { CrushMap } from "../map/types.js";
import { defineCommand } from "./command.js";
import type { CliIO } from "./io.js";
import { sampleCluster } from "./sampleCluster.js";
import { deviceCrushWeights } from "../map/hierarchy.js";
import { createClusterState } from "../placement/state.js";
import { planRebalance } from "../plan/planRebalance.js";
import { verifyPlan } from "../plan/verifyPlan.js";
import { formatBytes, formatDuration } from "../plan/units.js";

export const demoCommand = defineCommand({
  name: "demo",
  summary: "place 100,000 objects on a built-in sample cluster, then add a host",
  about: `Places 100,000 objects (3 replicas, one per host) on a built-in sample cluster of 72 disks of
4, 8 and 12 TB in 12 hosts across 3 racks, shows how evenly they spread against each disk's
weight share, then adds a host and shows how many replicas move against the least possible, and the
migration plan for a pool of 2048 placement groups: waves, copies, estimated time, verified.`,
  flags: {},
  run: (_, io) => demo(io),
});

const OBJECTS = 100_000;
const REPLICAS = 3;
const PG_NUM = 2048;
const PG_BYTES = 16 * 2 ** 30;

export function demo(io: CliIO): number {
  const { map, withNewHost } = sampleCluster();
  const out = (s = ""): void => io.stdout(s + "\n");
  const hosts = map.buckets.filter((b) => b.type === 1);
  out(`crushmap demo: ${map.devices.length} disks in ${hosts.length} hosts across 3 racks (4, 8 and 12 TB disks)`);
  out(`placing ${OBJECTS.toLocaleString("en-US")} objects × ${REPLICAS} replicas, one replica per host (straw2, Ceph-exact)`);
  out();

  const before = placeAll(map);
  const weights = deviceCrushWeights(map);
  const total = [...weights.values()].reduce((a, b) => a + b, 0);
  const counts = new Map<number, number>();
  for (const d of before) counts.set(d, (counts.get(d) ?? 0) + 1);
  const ratios = [...weights].map(([d, w]) => (counts.get(d) ?? 0) / ((OBJECTS * REPLICAS * w) / total));
  const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
  const sd = Math.sqrt(ratios.reduce((a, b) => a + (b - mean) ** 2, 0) / ratios.length);
  out("replicas per disk against its weight share (1.00 = exactly its share):");
  ratioHistogram(ratios).forEach((line) => out("  " + line));
  out(`  min ${Math.min(...ratios).toFixed(3)}  max ${Math.max(...ratios).toFixed(3)}  std dev ${sd.toFixed(3)}`);
  out();

  const after = placeAll(withNewHost);
  let moved = 0;
  for (let i = 0; i < OBJECTS; i++) {
    const a = before.subarray(i * REPLICAS, (i + 1) * REPLICAS);
    const b = after.subarray(i * REPLICAS, (i + 1) * REPLICAS);
    for (const d of b) if (!a.includes(d)) moved++;
  }
  const newWeights = deviceCrushWeights(withNewHost);
  const newTotal = [...newWeights.values()].reduce((a, b) => a + b, 0);
  const minimum = Math.round((OBJECTS * REPLICAS * (newTotal - total)) / newTotal);
  out(`adding host node-new (6 disks, ${(((newTotal - total) / total) * 100).toFixed(1)}% more capacity):`);
  out(`  replicas moved: ${moved.toLocaleString("en-US")} of ${(OBJECTS * REPLICAS).toLocaleString("en-US")}`);
  out(`  least possible: ${minimum.toLocaleString("en-US")} (the new host's fair share)`);
  out(`  overhead:       ${((moved / minimum - 1) * 100).toFixed(1)}% above the minimum`);
  out();

  // the same change as a migration plan for a pool of placement groups
  const pool = { id: 1, name: "rbd", size: 3, minSize: 2, pgNum: PG_NUM, objectHash: "rjenkins" as const };
  const stateBefore = createClusterState({ crush: map, pools: [pool] });
  const stateAfter = createClusterState({ crush: withNewHost, pools: [pool] });
  const plan = planRebalance(stateBefore, stateAfter, { pgBytes: PG_BYTES, maxBackfills: 2, domainLimits: { host: 4 } });
  const r = plan.report;
  out(`the migration plan for a pool of ${PG_NUM} placement groups of ${formatBytes(PG_BYTES)} (3 replicas, min_size 2):`);
  out(`  groups moving:  ${r.groupsChanged} of ${PG_NUM}`);
  out(`  copies:         ${r.movedReplicas} (${formatBytes(r.movedBytes)}); lower bound ${r.minimumReplicas}`);
  out(`  waves:          ${plan.waves} with at most 2 backfills per disk and 4 per host, make before break`);
  out(`  estimated time: ${formatDuration(r.estimatedSeconds)} at ${formatBytes(plan.options.bandwidth)}/s per disk`);
  out(`  verifyPlan:     ${verifyPlan(stateBefore, stateAfter, plan).ok ? "every wave replayed, limits, min_size and end state hold" : "FAILED"}`);
  out("  (crushmap plan --from BEFORE --to AFTER prints every move, wave by wave)");
  return 0;
}

function placeAll(map: CrushMap): Int32Array {
  const mapper = new Mapper(map);
  const out = new Int32Array(OBJECTS * REPLICAS);
  mapper.mapRange(0, REPLICAS, 0, OBJECTS, out);
  return out;
}
