/**
 * What `ceph osd df -f json` says of each OSD: its size and what it holds now. The plan takes
 * them as the capacity and the measured usage instead of crush weights and group sizes.
 *
 * The fields are those Ceph's OSDUtilizationFormatDumper::dump_item writes (src/osd/OSDMap.cc;
 * src/mon/OSDMonitor.cc before Luminous): `{"nodes":[{"id","name","type","kb","kb_used",
 * "kb_avail",…}],"stray":[…],"summary":{…}}`, sizes in KiB. `ceph osd df tree` adds bucket
 * nodes (type other than "osd"), which are skipped.
 */
import type { ClusterState } from "../placement/types.js";
import { PlanError } from "./errors.js";

/**
 * Each OSD's size and use in bytes, from `ceph osd df -f json`.
 *
 * @group Plans
 */
export interface OsdDf {
  /** Bytes per OSD (kb × 1024); OSDs reporting no size (down, never booted) are left out. */
  readonly capacity: ReadonlyMap<number, number>;
  /** Bytes each listed OSD holds now, all data included (kb_used × 1024). */
  readonly used: ReadonlyMap<number, number>;
}

/**
 * Reads `ceph osd df -f json` (or `ceph osd df tree -f json`): the JSON text or its parsed value.
 *
 * @group Plans
 *
 * @throws {@link PlanError} when it is not JSON, has no `nodes` list, or names the first OSD
 * whose id or sizes do not parse (negative, not a number, more used than its size).
 */
export function parseOsdDf(json: unknown): OsdDf {
  let root = json;
  if (typeof json === "string") {
    try {
      root = JSON.parse(json) as unknown;
    } catch (e) {
      throw new PlanError(`not JSON (${(e as Error).message})`);
    }
  }
  const nodes = typeof root === "object" && root !== null ? (root as Record<string, unknown>)["nodes"] : undefined;
  if (!Array.isArray(nodes)) throw new PlanError("not 'ceph osd df -f json': no nodes list");
  const capacity = new Map<number, number>();
  const used = new Map<number, number>();
  nodes.forEach((n: unknown, i) => {
    if (typeof n !== "object" || n === null) throw new PlanError(`osd df node ${i} is not an object`, i);
    const o = n as Record<string, unknown>;
    if (o["type"] !== undefined && o["type"] !== "osd") return;
    const id = o["id"];
    if (!Number.isInteger(id) || (id as number) < 0) throw new PlanError(`osd df node ${i}: id ${String(id)} is not an OSD id`, i);
    const name = `osd.${String(id)}`;
    const kb = kib(o["kb"], name, "kb");
    const kbUsed = kib(o["kb_used"], name, "kb_used");
    if (kb === 0) return;
    if (kbUsed > kb) throw new PlanError(`${name}: kb_used ${kbUsed} is more than its size kb ${kb}`, name);
    capacity.set(id as number, kb * 1024);
    used.set(id as number, kbUsed * 1024);
  });
  return { capacity, used };
}

function kib(v: unknown, name: string, field: string): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new PlanError(`${name}: ${field} is not a size in KiB (${JSON.stringify(v)})`, name);
  return v;
}

/**
 * Every OSD the osd df lists exists in the OSD map: sizes of another cluster would plan moves
 * against disks that are not there.
 *
 * @group Plans
 *
 * @throws {@link PlanError} naming the first OSD the OSD map does not have.
 */
export function checkOsdDf(state: ClusterState, df: OsdDf): void {
  for (const id of df.capacity.keys()) {
    if (id >= state.maxOsd || !state.osds[id]!.exists) throw new PlanError(`osd.${id}: the osd df lists it but the OSD map has no such OSD; they describe different clusters`, `osd.${id}`);
  }
}
