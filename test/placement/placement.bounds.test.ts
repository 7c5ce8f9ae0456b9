/**
 * What fuzzing found (issue 17): pool and OSD counts that no cluster has, and pg_upmap_primaries
 * entries naming what is not there. Each is refused with a typed error at once (or, where Ceph
 * tolerates it, kept with a warning and without effect) — never a RangeError, a heap full of
 * arrays, or an abort.
 */
import { describe, expect, it } from "vitest";
import { formatMapPgs } from "../../src/analysis/osdmaptoolReport.js";
import { balanceReads } from "../../src/balance/readBalance.js";
import { ClusterStateError, PlacementError } from "../../src/placement/errors.js";
import { mapPool } from "../../src/placement/mapPool.js";
import { clusterStateFromOsdmapJson } from "../../src/placement/osdmapJson.js";
import { placePg } from "../../src/placement/place.js";
import { createClusterState, MAX_OSD, MAX_PG_NUM } from "../../src/placement/state.js";
import type { ClusterState, ClusterStateWarning } from "../../src/placement/types.js";
import { modelMap } from "../support/modelMap.js";

const { map, deviceIds } = modelMap(3);

function osdDump(overrides: Record<string, unknown> = {}, pool: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    epoch: 5,
    max_osd: deviceIds.length,
    pools: [{ pool: 1, pool_name: "rbd", flags: 1, type: 1, size: 3, min_size: 2, crush_rule: 0, object_hash: 2, pg_num: 32, pg_placement_num: 32, erasure_code_profile: "", ...pool }],
    osds: deviceIds.map((id) => ({ osd: id, up: 1, in: 1, weight: 1, primary_affinity: 1 })),
    pg_upmap: [],
    pg_upmap_items: [],
    pg_temp: [],
    primary_temp: [],
    erasure_code_profiles: {},
    ...overrides,
  };
}

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe("pool and OSD counts no cluster has", () => {
  it.each([2 ** 31, 2 ** 32 - 1, 2 ** 30, 1e7, MAX_PG_NUM + 1])("refuses pg_num %d with a ClusterStateError naming Ceph's limit", (pgNum) => {
    const e = caught(() => createClusterState({ crush: map, pools: [{ id: 1, pgNum, objectHash: "rjenkins" }] }));
    expect(e).toBeInstanceOf(ClusterStateError);
    expect((e as Error).message).toMatch(/pg_num .* mon_max_pool_pg_num/);
    const fromJson = caught(() => clusterStateFromOsdmapJson(osdDump({}, { pg_num: pgNum, pg_placement_num: pgNum }), map));
    expect(fromJson).toBeInstanceOf(ClusterStateError);
  });

  it("refuses to map in bulk what a hand-resized state or osdmaptool's --pg_num makes too large", () => {
    const state = createClusterState({ crush: map, pools: [{ id: 1, pgNum: 64, objectHash: "rjenkins" }] });
    // osdmaptool's --pg_num resizes in memory: a huge one is a PlacementError, not a RangeError
    for (const pgNum of [2 ** 31, 2 ** 30, 1e7]) {
      const e = caught(() => formatMapPgs(state, { pool: 1, pgNum }));
      expect(e).toBeInstanceOf(PlacementError);
      expect((e as Error).message).toMatch(/more than crushmap maps at once/);
    }
    const big = Object.freeze({ ...state, pools: Object.freeze([Object.freeze({ ...state.pools[0]!, pgNum: 2 ** 30 })]) }) as ClusterState;
    expect(caught(() => mapPool(big, 1))).toBeInstanceOf(PlacementError);
  });

  it.each([1e8, 2 ** 31, MAX_OSD + 1])("refuses max_osd %d with a ClusterStateError (no heap exhaustion)", (maxOsd) => {
    const e = caught(() => clusterStateFromOsdmapJson(osdDump({ max_osd: maxOsd }), map));
    expect(e).toBeInstanceOf(ClusterStateError);
    expect((e as Error).message).toMatch(/max_osd .* mon_max_osd/);
    expect(caught(() => createClusterState({ crush: map, pools: [], maxOsd }))).toBeInstanceOf(ClusterStateError);
  });

  it("accepts the limits themselves", () => {
    expect(createClusterState({ crush: map, pools: [], maxOsd: MAX_OSD, strict: false }).maxOsd).toBe(MAX_OSD);
    expect(createClusterState({ crush: map, pools: [{ id: 1, pgNum: MAX_PG_NUM, objectHash: "rjenkins" }] }).pools[0]!.pgNum).toBe(MAX_PG_NUM);
  });
});

describe("pg_upmap_primaries naming what is not there", () => {
  const warned = (entries: unknown[]): { state: ClusterState; warnings: ClusterStateWarning[] } => {
    const warnings: ClusterStateWarning[] = [];
    const state = clusterStateFromOsdmapJson(osdDump({ pg_upmap_primaries: entries }), map, { onWarning: (w) => warnings.push(w) });
    return { state, warnings };
  };
  const plain = clusterStateFromOsdmapJson(osdDump(), map);

  it.each([
    ["an OSD id past max_osd", deviceIds.length + 5, /outside max_osd/],
    ["a negative OSD id", -1, /outside max_osd/],
  ])("keeps an entry naming %s, warns, and places as Ceph does (no effect)", (_, osd, message) => {
    const { state, warnings } = warned([{ pgid: "1.3", primary_osd: osd }]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(message);
    expect(warnings[0]!.item).toBe("1.3");
    expect(state.pgUpmapPrimaries.get("1.3")).toBe(osd);
    expect(placePg(state, "1.3")).toEqual(placePg(plain, "1.3"));
  });

  it("warns for an OSD id that does not exist below max_osd", () => {
    const dump = osdDump({ max_osd: deviceIds.length + 2, pg_upmap_primaries: [{ pgid: "1.4", primary_osd: deviceIds.length + 1 }] });
    const warnings: ClusterStateWarning[] = [];
    const state = clusterStateFromOsdmapJson(dump, map, { onWarning: (w) => warnings.push(w) });
    expect(warnings.map((w) => w.message)).toEqual([`pg_upmap_primaries of 1.4 names osd.${deviceIds.length + 1}, which does not exist; Ceph ignores the entry`]);
    expect(placePg(state, "1.4").up).toEqual(placePg(plain, "1.4").up);
  });

  it.each([
    ["a pool that does not exist", "7.1", /names pool 7, which does not exist/],
    ["a group beyond pg_num", "1.20", /beyond pool 1's 32 groups/],
    ["a malformed group id", "1.x", /not a placement group id/],
  ])("refuses an entry naming %s", (_, pgid, message) => {
    const e = caught(() => clusterStateFromOsdmapJson(osdDump({ pg_upmap_primaries: [{ pgid, primary_osd: 0 }] }), map));
    expect(e).toBeInstanceOf(ClusterStateError);
    expect((e as Error).message).toMatch(message);
  });

  it("refuses two entries for one group and an OSD that is not an integer", () => {
    expect(caught(() => clusterStateFromOsdmapJson(osdDump({ pg_upmap_primaries: [{ pgid: "1.1", primary_osd: 0 }, { pgid: "1.1", primary_osd: 1 }] }), map))).toBeInstanceOf(ClusterStateError);
    expect(caught(() => clusterStateFromOsdmapJson(osdDump({ pg_upmap_primaries: [{ pgid: "1.1", primary_osd: "2" }] }), map))).toBeInstanceOf(ClusterStateError);
    expect(caught(() => clusterStateFromOsdmapJson(osdDump({ pg_upmap_primaries: [{ pgid: "1.1" }] }), map))).toBeInstanceOf(ClusterStateError);
  });

  it("moves the primary of a group whose named OSD is in its set, and of no other", () => {
    const before = placePg(plain, "1.5");
    const second = before.up[1]!;
    const { state, warnings } = warned([{ pgid: "1.5", primary_osd: second }]);
    expect(warnings).toEqual([]);
    const after = placePg(state, "1.5");
    expect(after.upPrimary).toBe(second);
    expect(after.up).toEqual([second, before.up[0], ...before.up.slice(2)]);
    expect(after.raw).toEqual(before.raw);
    for (let ps = 0; ps < 32; ps++) if (ps !== 5) expect(placePg(state, `1.${ps.toString(16)}`)).toEqual(placePg(plain, `1.${ps.toString(16)}`));
  });

  it("warns for a dump from a release newer than Tentacle", () => {
    const warnings: ClusterStateWarning[] = [];
    clusterStateFromOsdmapJson(osdDump({ require_osd_release: "umbrella" }), map, { onWarning: (w) => warnings.push(w) });
    expect(warnings.map((w) => w.item)).toEqual(["require_osd_release"]);
    const none: ClusterStateWarning[] = [];
    clusterStateFromOsdmapJson(osdDump({ require_osd_release: "tentacle" }), map, { onWarning: (w) => none.push(w) });
    // "unknown" is Ceph's name for no release set (osdmaptool --createsimple), older ones are older
    for (const release of ["unknown", "jewel", "luminous"]) {
      clusterStateFromOsdmapJson(osdDump({ require_osd_release: release }), map, { onWarning: (w) => none.push(w) });
    }
    expect(none).toEqual([]);
  });

  it("a read balance of such a state ignores the entry as Ceph does", () => {
    const { state } = warned([{ pgid: "1.3", primary_osd: 99 }]);
    const r = balanceReads(state, 1);
    expect(r.changes.every((c) => c.entry === -1 || (c.entry >= 0 && c.entry < deviceIds.length))).toBe(true);
  });
});
