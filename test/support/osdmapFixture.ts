/**
 * The OSDMap fixtures recorded from osdmaptool (test/fixtures/osdmap/<cluster>/), read two ways:
 * as crushmap's cluster state, and as the raw facts a test recomputes truths from by hand —
 * Ceph's own acting sets (`--test-map-pgs-dump`), the OSD and pool records of `--dump json`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadCrushMap } from "../../src/map/load.js";
import type { CrushMap } from "../../src/map/types.js";
import { clusterStateFromOsdmapJson } from "../../src/placement/osdmapJson.js";
import type { ClusterState } from "../../src/placement/types.js";

export const OSDMAP_FIXTURES = join(import.meta.dirname, "..", "fixtures", "osdmap");

/** What `osdmaptool --dump json` says of one pool, as printed. */
export interface DumpedPool {
  readonly pool: number;
  readonly pool_name: string;
  /** 1 replicated, 3 erasure. */
  readonly type: number;
  readonly size: number;
  readonly min_size: number;
  readonly crush_rule: number;
  readonly erasure_code_profile: string;
}

export interface DumpedOsd {
  readonly osd: number;
  readonly up: number;
  readonly in: number;
  readonly weight: number;
}

export interface OsdmapFixture {
  readonly dir: string;
  readonly state: ClusterState;
  /** The crush map, for walking the hierarchy in a test. */
  readonly crush: CrushMap;
  readonly pools: readonly DumpedPool[];
  readonly osds: readonly DumpedOsd[];
  /** Data shards of an erasure pool, from its profile (1 for a replicated pool: one copy reads). */
  readonly readable: (pool: DumpedPool) => number;
  /** Acting sets of every group of a pool, in pg order, as osdmaptool printed them (holes are 2147483647). */
  readonly acting: (pool: number) => number[][];
}

export function loadOsdmapFixture(name: string): OsdmapFixture {
  const dir = join(OSDMAP_FIXTURES, name);
  const osdmapText = readFileSync(join(dir, "osdmap.json"), "utf8");
  const crush = loadCrushMap(readFileSync(join(dir, "crush.txt"), "utf8"));
  const state = clusterStateFromOsdmapJson(osdmapText, crush);
  const dump = JSON.parse(osdmapText) as {
    pools: DumpedPool[];
    osds: DumpedOsd[];
    erasure_code_profiles: Record<string, { k: string }>;
  };
  const runs = (JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as { runs: { kind: string; pool?: number; pgNum?: number; stdout: string }[] }).runs;
  const acting = (pool: number): number[][] => {
    const run = runs.find((r) => r.kind === "test-map-pgs-dump" && r.pool === pool && r.pgNum === undefined);
    if (run === undefined) throw new Error(`${name}: no --test-map-pgs-dump run for pool ${pool}`);
    // lines are pgid<TAB>[acting]<TAB>acting_primary
    return run.stdout
      .split("\n")
      .filter((l) => l.startsWith(`${pool}.`))
      .map((l) => JSON.parse(l.split("\t")[1]!) as number[]);
  };
  const readable = (pool: DumpedPool): number => (pool.type === 3 ? Number(dump.erasure_code_profiles[pool.erasure_code_profile]!.k) : 1);
  return { dir, state, crush, pools: dump.pools, osds: dump.osds, readable, acting };
}
