/**
 * Bad cluster input gets a typed error naming the problem, never a wrong mapping.
 */
import { describe, expect, it } from "vitest";
import { ClusterStateError, PlacementError } from "../../src/placement/errors.js";
import { clusterStateFromOsdmapJson } from "../../src/placement/osdmapJson.js";
import { placeObject, placePg } from "../../src/placement/place.js";
import { createClusterState } from "../../src/placement/state.js";
import { modelMap } from "../support/modelMap.js";
import { crushmapCli } from "../support/crushtool.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { printCrushText } from "../../src/map/text/print.js";

const { map, deviceIds } = modelMap(3);
const pool = { id: 1, pgNum: 32, objectHash: "rjenkins" as const };

function osdDump(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    epoch: 5,
    max_osd: deviceIds.length,
    pools: [
      { pool: 1, pool_name: "rbd", flags: 1, type: 1, size: 3, min_size: 2, crush_rule: 0, object_hash: 2, pg_num: 32, pg_placement_num: 32, erasure_code_profile: "" },
    ],
    osds: deviceIds.map((id) => ({ osd: id, up: 1, in: 1, weight: 1, primary_affinity: 1 })),
    pg_upmap: [],
    pg_upmap_items: [],
    pg_temp: [],
    primary_temp: [],
    erasure_code_profiles: {},
    ...overrides,
  };
}

function expectError(run: () => unknown, type: new (...a: never[]) => Error, message: RegExp): void {
  let caught: unknown;
  try {
    run();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(type);
  expect((caught as Error).message).toMatch(message);
}

describe("cluster state errors", () => {
  it("rejects an unknown pool by name or id", () => {
    const state = createClusterState({ crush: map, pools: [pool] });
    expectError(() => placeObject(state, 9, "a"), PlacementError, /pool 9 does not exist/);
    expectError(() => placeObject(state, "nope", "a"), PlacementError, /pool 'nope' does not exist/);
    expectError(() => placePg(state, "2.0"), PlacementError, /pool 2 does not exist/);
  });

  it("rejects a group beyond pg_num and a malformed group id", () => {
    const state = createClusterState({ crush: map, pools: [pool] });
    expectError(() => placePg(state, "1.20"), PlacementError, /1\.20 is beyond pool 1's 32 groups/);
    expectError(() => placePg(state, "1.xyz"), PlacementError, /not a placement group id/);
  });

  it("rejects pg_num of 0 and pgp_num above pg_num", () => {
    expectError(() => createClusterState({ crush: map, pools: [{ ...pool, pgNum: 0 }] }), ClusterStateError, /pg_num of pool 1 is 0/);
    expectError(() => createClusterState({ crush: map, pools: [{ ...pool, pgpNum: 64 }] }), ClusterStateError, /pgp_num of pool 1 is 64/);
  });

  it("rejects a pool whose crush rule is missing, of the other type, or does not admit its size (16.2's crush_find_rule)", () => {
    for (const release of [16, 18, 20] as const) {
      expectError(() => createClusterState({ crush: map, release, pools: [{ ...pool, crushRule: 4 }] }), ClusterStateError, /crush rule 4, which the crush map does not have/);
    }
    expectError(
      () => createClusterState({ crush: map, release: 16, pools: [{ ...pool, type: "erasure", size: 3, erasureK: 2 }] }),
      ClusterStateError,
      /is erasure but crush rule 0/,
    );
    expectError(() => createClusterState({ crush: map, release: 16, pools: [{ ...pool, size: 11 }] }), ClusterStateError, /accepts sizes 1\.\.10/);
  });

  it("rejects an upmap naming a device that does not exist, or a group of a missing pool", () => {
    const ghost = deviceIds.length + 5;
    expectError(
      () => createClusterState({ crush: map, pools: [pool], pgUpmapItems: [{ pgid: "1.3", mappings: [{ from: 0, to: ghost }] }] }),
      ClusterStateError,
      new RegExp(`pg_upmap_items of 1\\.3 names osd\\.${ghost}, which does not exist`),
    );
    expectError(() => createClusterState({ crush: map, pools: [pool], pgUpmap: [{ pgid: "1.3", osds: [0, -4] }] }), ClusterStateError, /osd\.-4, which does not exist/);
    expectError(() => createClusterState({ crush: map, pools: [pool], pgTemp: [{ pgid: "4.0", osds: [0] }] }), ClusterStateError, /names pool 4, which does not exist/);
  });

  it("rejects a crush map that disagrees with the OSD map", () => {
    // an OSD the crush map does not know
    expectError(
      () => createClusterState({ crush: map, pools: [pool], osds: [...deviceIds.map((id) => ({ id })), { id: deviceIds.length }] }),
      ClusterStateError,
      new RegExp(`osd\\.${deviceIds.length} exists in the OSD map but not in the crush map`),
    );
    // a crush device the OSD map does not have
    expectError(
      () => createClusterState({ crush: map, pools: [pool], osds: deviceIds.slice(1).map((id) => ({ id })) }),
      ClusterStateError,
      /holds osd\.0, which does not exist in the OSD map/,
    );
    // a crush device beyond max_osd, even when not strict
    expectError(
      () => createClusterState({ crush: map, pools: [pool], maxOsd: 2, osds: [{ id: 0 }, { id: 1 }], strict: false }),
      ClusterStateError,
      /only 2 OSDs \(max_osd\)/,
    );
    // tolerated on request, as Ceph does
    const lax = createClusterState({ crush: map, pools: [pool], osds: deviceIds.slice(1).map((id) => ({ id })), strict: false });
    for (let ps = 0; ps < 32; ps++) expect(placePg(lax, { pool: 1, ps }).up).not.toContain(0);
  });

  it("rejects JSON that is not an OSD map dump, naming what is wrong", () => {
    expectError(() => clusterStateFromOsdmapJson("{not json", map), ClusterStateError, /not JSON/);
    expectError(() => clusterStateFromOsdmapJson("[1,2]", map), ClusterStateError, /not a JSON object/);
    expectError(() => clusterStateFromOsdmapJson('{"devices":[]}', map), ClusterStateError, /not an OSD map dump/);
    expectError(() => clusterStateFromOsdmapJson(osdDump({ pools: [{ pool: 1 }] }), map), ClusterStateError, /pool 1 type is missing/);
    const badWeight = osdDump({ osds: deviceIds.map((id) => ({ osd: id, up: 1, in: 1, weight: 1.5, primary_affinity: 1 })) });
    expectError(() => clusterStateFromOsdmapJson(badWeight, map), ClusterStateError, /osd\.0 weight is 1\.5/);
    const ec = osdDump({
      pools: [{ pool: 1, pool_name: "ec", flags: 1, type: 3, size: 3, min_size: 2, crush_rule: 0, object_hash: 2, pg_num: 8, pg_placement_num: 8, erasure_code_profile: "p" }],
    });
    expectError(() => clusterStateFromOsdmapJson(ec, map), ClusterStateError, /profile 'p', which the dump does not list/);
  });

  it("loads a well-formed dump", () => {
    const state = clusterStateFromOsdmapJson(JSON.stringify(osdDump()), map);
    expect(state.pools[0]).toMatchObject({ id: 1, name: "rbd", size: 3, minSize: 2, pgNum: 32, hashPsPool: true, objectHash: "rjenkins" });
    expect(placePg(state, "1.1f").up).toHaveLength(3);
  });
});

describe("placement CLI errors", () => {
  const dir = mkdtempSync(join(tmpdir(), "crushmap-placement-"));
  const crushPath = join(dir, "crush.txt");
  writeFileSync(crushPath, printCrushText(map));
  const osdmapPath = join(dir, "osdmap.json");
  writeFileSync(osdmapPath, JSON.stringify(osdDump()));

  it("prints one line and exits 1 for an unknown pool", () => {
    const r = crushmapCli(["map-pgs", "--osdmap", osdmapPath, "--crush", crushPath, "--pool", "7"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("crushmap: pool 7 does not exist\n");
  });

  it("prints one line and exits 1 for a file that is not an OSD map", () => {
    const r = crushmapCli(["map-object", "--osdmap", crushPath, "--crush", crushPath, "--pool", "1", "obj"]);
    expect(r.status).toBe(1);
    expect(r.stderr.split("\n")).toHaveLength(2);
    expect(r.stderr).toMatch(/the OSD map is not JSON/);
  });

  it("exits 2 with a usage line when the cluster is not given", () => {
    const r = crushmapCli(["map-pgs", "--pool", "1"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^crushmap: map-pgs needs --osdmap OSDMAP \(and --crush CRUSH for a JSON one\)/);
  });

  it("map-object without --pool assumes pool 1 and says so, as osdmaptool does", () => {
    const r2 = crushmapCli(["map-object", "--osdmap", osdmapPath, "--crush", crushPath, "obj"]);
    expect(r2.stderr).toBe("crushmap: assuming pool 1 (use --pool to override)\n");
    expect(r2.stdout).toBe(crushmapCli(["map-object", "--osdmap", osdmapPath, "--crush", crushPath, "--pool", "1", "obj"]).stdout);
  });
});
