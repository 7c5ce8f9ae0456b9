/**
 * Reports on maps as wide and as deep as Ceph's tools handle them: nothing in the reports may
 * grow the call stack with the map (a recursion per level, or one argument per device).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatMapPgs, mapPgsChunks } from "../../src/analysis/osdmaptoolReport.js";
import { formatTree, treeRows } from "../../src/analysis/tree.js";
import { formatUtilization } from "../../src/analysis/formatUtilization.js";
import { analyzeUtilization } from "../../src/analysis/utilization.js";
import { decodeCrushMap } from "../../src/map/binary/decode.js";
import { LEGACY_TUNABLES } from "../../src/map/tunables.js";
import type { Bucket, CrushMap, Device } from "../../src/map/types.js";
import { createClusterState } from "../../src/placement/state.js";
import { hasCrushtool, SKIP_MESSAGE } from "../support/crushtool.js";

const TYPES = [
  { id: 0, name: "osd" },
  { id: 1, name: "host" },
  { id: 2, name: "rack" },
  { id: 3, name: "root" },
];
const RULE = {
  id: 0,
  name: "replicated_rule",
  type: 1,
  minSize: 1,
  maxSize: 10,
  steps: [{ op: "take", item: -1 }, { op: "chooseleaf", mode: "firstn", num: 0, type: 1 }, { op: "emit" }],
} as const;

function map(devices: Device[], buckets: Bucket[]): CrushMap {
  return { tunables: LEGACY_TUNABLES, devices, types: TYPES, buckets, rules: [RULE], classes: [], chooseArgs: [] };
}

/** `count` devices in hosts of `perHost` and racks of 100 hosts under root -1, each of weight 0.25. */
function wideMap(count: number, perHost = 13): CrushMap {
  const devices: Device[] = Array.from({ length: count }, (_, id) => ({ id, name: `osd.${id}` }));
  const hosts: Bucket[] = [];
  for (let h = 0; h * perHost < count; h++) {
    const items = devices.slice(h * perHost, h * perHost + perHost).map((d) => ({ id: d.id, weight: 0x4000 }));
    hosts.push({ id: -2 - h, name: `host${h}`, type: 1, alg: "straw2", hash: 0, items });
  }
  const racks: Bucket[] = [];
  for (let r = 0; r * 100 < hosts.length; r++) {
    const items = hosts.slice(r * 100, r * 100 + 100).map((b) => ({ id: b.id, weight: b.items.reduce((s, it) => s + it.weight, 0) }));
    racks.push({ id: -2 - hosts.length - r, name: `rack${r}`, type: 2, alg: "straw2", hash: 0, items });
  }
  const root: Bucket = { id: -1, name: "default", type: 3, alg: "straw2", hash: 0, items: racks.map((b) => ({ id: b.id, weight: b.items.reduce((s, it) => s + it.weight, 0) })) };
  return map(devices, [root, ...racks, ...hosts]);
}

/** Root -1 over a chain of `levels` racks, the last holding one host of three devices. */
function chainMap(levels: number): CrushMap {
  const devices: Device[] = [0, 1, 2].map((id) => ({ id, name: `osd.${id}` }));
  const host: Bucket = { id: -2 - levels, name: "host0", type: 1, alg: "straw2", hash: 0, items: devices.map((d) => ({ id: d.id, weight: 0x10000 })) };
  const buckets: Bucket[] = [];
  for (let l = 0; l <= levels; l++) {
    const child = l === levels ? host.id : -2 - l;
    buckets.push({ id: -1 - l, name: l === 0 ? "default" : `rack${l}`, type: l === 0 ? 3 : 2, alg: "straw2", hash: 0, items: [{ id: child, weight: 0x30000 }] });
  }
  return map(devices, [...buckets, host]);
}

describe("crushtool --tree at scale", () => {
  it("formats a 130,000-device map: one row per device and bucket, columns as wide as the widest cell", () => {
    const m = wideMap(130_000);
    const lines = formatTree(m).trimEnd().split("\n");
    expect(lines).toHaveLength(1 + m.devices.length + m.buckets.length);
    expect(lines[0]).toBe("ID      CLASS  WEIGHT       TYPE NAME             ");
    expect(lines[1]).toBe("    -1         32500.00000  root default          ");
    expect(lines[lines.length - 1]).toBe("129999             0.25000              osd.129999");
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });

  it("formats a hierarchy 5,000 levels deep, each level indented under the last", () => {
    const rows = treeRows(chainMap(5_000));
    expect(rows).toHaveLength(5_000 + 2 + 3);
    // root, racks 1…5,000, the host, its three devices
    expect(rows.map((r) => r.depth)).toEqual([...Array.from({ length: 5_002 }, (_, i) => i), 5_002, 5_002, 5_002]);
    const host = formatTree(chainMap(5_000)).split("\n")[5_002]!;
    expect(host.replace(/ +/g, " ").trim()).toBe("-5002 3.00000 host host0");
    expect(host.indexOf("host host0") - host.indexOf("3.00000")).toBe("3.00000  ".length + 4 * 5_001);
  });

  it.skipIf(!hasCrushtool)("prints what crushtool prints for a 130,000-OSD map it built", () => {
    const dir = mkdtempSync(join(tmpdir(), "crushmap-tree-"));
    const bin = join(dir, "big.bin");
    // the root's weight passes 32 bits and wraps, in crushtool's map as in its print
    execFileSync("crushtool", ["--build", "--num_osds", "130000", "host", "straw2", "12", "rack", "straw2", "20", "root", "straw2", "0", "-o", bin], { stdio: "pipe" });
    const ceph = execFileSync("crushtool", ["-i", bin, "--tree"], { maxBuffer: 1 << 28 }).toString();
    expect(formatTree(decodeCrushMap(readFileSync(bin)))).toBe(ceph);
  });
  it.skipIf(hasCrushtool)(SKIP_MESSAGE, () => {});
});

describe("analyze at scale", () => {
  it("analyzes a hierarchy 20,000 levels deep", () => {
    const r = analyzeUtilization(chainMap(20_000), { rule: 0, numRep: 3, inputs: 20 });
    // one host: one replica per input, on the devices of that host
    expect(r.placed).toBe(20);
    expect(r.devices.map((d) => d.id)).toEqual([0, 1, 2]);
    expect(r.domains).toHaveLength(1);
    expect(formatUtilization(r)).toContain("per host:\n  host0");
  });

  it("lists every failure domain of a map with 130,000 hosts", () => {
    const r = analyzeUtilization(wideMap(130_000, 1), { rule: 0, numRep: 3, inputs: 2_000 });
    expect(r.domains).toHaveLength(130_000);
    const text = formatUtilization(r);
    expect(text.slice(text.indexOf("per host:")).trimEnd().split("\n")).toHaveLength(130_001);
  });
});

describe("osdmaptool's map-pgs report as a stream", () => {
  const state = createClusterState({ crush: wideMap(1_300), pools: [{ id: 1, name: "rbd", pgNum: 20_000, objectHash: "rjenkins" }] });
  it.each(["none", "dump", "all"] as const)("comes in chunks of whole lines that join into the whole report (%s)", (dump) => {
    const chunks = Array.from(mapPgsChunks(state, { dump }));
    expect(chunks.join("")).toBe(formatMapPgs(state, { dump }));
    for (const c of chunks) {
      expect(c.endsWith("\n")).toBe(true);
      // bounded whatever pg_num is: a few thousand group lines, the last chunk adding the OSD table
      expect(c.split("\n").length - 1).toBeLessThanOrEqual(1_024 + 1_310);
    }
    if (dump !== "none") expect(chunks.length).toBeGreaterThan(15);
    // one line per group, then the per-OSD table
    const lines = chunks.join("").trimEnd().split("\n");
    expect(lines.filter((l) => l.startsWith("1.")).length).toBe(dump === "none" ? 0 : 20_000);
    expect(lines.filter((l) => l.startsWith("osd.")).length).toBe(1_300);
  });
});
