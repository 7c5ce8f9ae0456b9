/**
 * The OSDMap fixtures of every release (test/fixtures/osdmap: 16.2 at the top, 18.2 under reef/,
 * 20.2 under tentacle/), each loaded as crushmap's cluster state from its dump and crush map.
 *
 * osdmaptool places with the binary crush map inside the OSD map, so that is the map a replay
 * loads. Ceph 18 and 20 decompile weights with five decimals, which loses up to a unit of 16.16
 * weight (Ceph's own `crushtool -c` of that text gives the same, different, map): the text form
 * is exact for placement here but not for weight columns and weight sums. Until the binary
 * decoder reads the 18/20 rule encoding, those releases load from the text map and say so in
 * `weightsExact`.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CrushMapError } from "../../src/map/errors.js";
import { loadCrushMap } from "../../src/map/load.js";
import type { CrushMap } from "../../src/map/types.js";
import { clusterStateFromOsdmapJson } from "../../src/placement/osdmapJson.js";
import type { ClusterState } from "../../src/placement/types.js";

export const OSDMAP_ROOT = join(import.meta.dirname, "..", "fixtures", "osdmap");

export const RELEASE_DIRS: readonly { readonly release: "16.2" | "18.2" | "20.2"; readonly dir: string }[] = [
  { release: "16.2", dir: OSDMAP_ROOT },
  { release: "18.2", dir: join(OSDMAP_ROOT, "reef") },
  { release: "20.2", dir: join(OSDMAP_ROOT, "tentacle") },
];

export interface RecordedRun {
  readonly kind: "test-map-pgs-dump" | "test-map-pgs-dump-all" | "test-map-object" | "test-map-pg" | "read";
  readonly pool?: number;
  readonly pgNum?: number;
  readonly object?: string;
  readonly pg?: string;
  readonly sizeAware?: boolean;
  readonly args: readonly string[];
  readonly stdout: string;
  readonly stderr?: string;
  readonly file?: string;
  readonly status?: number;
}

export interface ReleaseFixture {
  readonly release: "16.2" | "18.2" | "20.2";
  readonly cluster: string;
  readonly dir: string;
  /** `osd dump -f json` as recorded, parsed. */
  readonly dump: { readonly pools: readonly Record<string, unknown>[] } & Record<string, unknown>;
  readonly runs: readonly RecordedRun[];
  readonly state: ClusterState;
  /** False when the crush map came from the text form (see the module comment). */
  readonly weightsExact: boolean;
}

/** Every recorded cluster of every release present, in release then name order. */
export function releaseFixtures(): ReleaseFixture[] {
  return RELEASE_DIRS.filter(({ dir }) => existsSync(dir)).flatMap(({ release, dir }) =>
    readdirSync(dir)
      .filter((d) => existsSync(join(dir, d, "expected.json")))
      .sort()
      .map((cluster) => loadReleaseFixture(release, join(dir, cluster), cluster)),
  );
}

function loadReleaseFixture(release: ReleaseFixture["release"], dir: string, cluster: string): ReleaseFixture {
  const text = readFileSync(join(dir, "osdmap.json"), "utf8");
  const { crush, exact } = crushOf(dir, release);
  return {
    release,
    cluster,
    dir,
    dump: JSON.parse(text) as ReleaseFixture["dump"],
    runs: (JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as { runs: RecordedRun[] }).runs,
    state: clusterStateFromOsdmapJson(text, crush),
    weightsExact: exact,
  };
}

/** The binary crush map where the decoder reads it, else (18 and 20 only) the decompiled text. */
export function crushOf(dir: string, release: ReleaseFixture["release"]): { crush: CrushMap; exact: boolean } {
  try {
    return { crush: loadCrushMap(readFileSync(join(dir, "crush.bin"))), exact: true };
  } catch (e) {
    if (!(e instanceof CrushMapError) || release === "16.2") throw e;
    return { crush: loadCrushMap(readFileSync(join(dir, "crush.txt"), "utf8")), exact: false };
  }
}
