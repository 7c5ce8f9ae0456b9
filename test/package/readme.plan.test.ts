/**
 * The README's upmap workflow, run command by command so that it cannot rot: every `sh` block
 * of its "Migrations as upmap steps" section runs against a simulated cluster, and the scripts the
 * plan writes run too. The simulation starts from the recorded rep-basic OSD map and crush map;
 * `ceph` commands change its crush map and pg_upmap_items, and the dumps it prints are mapped with
 * the library's placement code (the one held to osdmaptool). A command the simulation does not
 * know fails the test, so the README can only show what runs.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { describe, expect, it } from "vitest";
import { isBinaryCrushMap, loadCrushMap } from "../../src/map/load.js";
import { ITEM_NONE } from "../../src/map/types.js";
import { mapPool, setOf } from "../../src/placement/mapPool.js";
import { clusterStateFromOsdmapJson } from "../../src/placement/osdmapJson.js";
import type { ClusterState } from "../../src/placement/types.js";
import { withUpmapItems } from "../../src/plan/planUpmapSteps.js";
import { crushmapCli } from "../support/crushtool.js";

const root = join(import.meta.dirname, "..", "..");
const fixture = join(import.meta.dirname, "..", "fixtures", "osdmap", "rep-basic");
const NONE = 2147483647;

/** The `sh` blocks of the README section on upmap migrations. */
function readmeBlocks(): string[] {
  const text = readFileSync(join(root, "README.md"), "utf8");
  const section = text.slice(text.indexOf("### Migrations as upmap steps"), text.indexOf("### Balancing"));
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

type Json = Record<string, unknown>;

class SimulatedCluster {
  private crush: Uint8Array = readFileSync(join(fixture, "crush.bin"));
  private readonly osdmap = JSON.parse(readFileSync(join(fixture, "osdmap.json"), "utf8")) as Json;
  readonly log: string[] = [];

  constructor(readonly dir: string) {}

  /** The OSD map as `ceph osd dump` prints it: OSDs the crush map holds exist, up and in (they were created first). */
  dump(): Json {
    const osds = this.osdmap["osds"] as Json[];
    for (const d of loadCrushMap(this.crush).devices) {
      if (osds.some((o) => o["osd"] === d.id)) continue;
      osds.push({ ...osds[0]!, osd: d.id, up: 1, in: 1, weight: 1 });
      this.osdmap["max_osd"] = Math.max(this.osdmap["max_osd"] as number, d.id + 1);
    }
    return this.osdmap;
  }

  state(): ClusterState {
    return clusterStateFromOsdmapJson(JSON.stringify(this.dump()), loadCrushMap(this.crush), { strict: false });
  }

  /** Every group as `ceph pg ls` lists it, all clean (Ceph has finished the last batch). */
  private pgStats(withBytes: boolean): Json[] {
    const s = this.state();
    return s.pools.flatMap((p) => {
      const m = mapPool(s, p.id);
      return Array.from({ length: m.pgNum }, (_, ps) => {
        const up = setOf(m.up, m.upLength, m.width, ps).map((o) => (o === ITEM_NONE ? NONE : o));
        return { pgid: `${p.id}.${ps.toString(16)}`, state: "active+clean", up, acting: up, ...(withBytes ? { stat_sum: { num_bytes: (1 + (ps % 7)) * 2 ** 30, num_objects: 100 } } : {}) };
      });
    });
  }

  /** `ceph osd df`: 4 TiB per 1.0 of crush weight, use from the groups' bytes (fields as Ceph's OSDUtilizationFormatDumper writes them). */
  private osdDf(): Json {
    const s = this.state();
    const used = new Map<number, number>();
    for (const pg of this.pgStats(true)) for (const o of pg["up"] as number[]) if (o !== NONE) used.set(o, (used.get(o) ?? 0) + ((pg["stat_sum"] as Json)["num_bytes"] as number));
    const nodes = s.crush.buckets.flatMap((b) => b.items.filter((it) => it.id >= 0).map((it) => ({ id: it.id, name: `osd.${it.id}`, type: "osd", type_id: 0, reweight: 1, kb: Math.round((it.weight / 0x10000) * 4 * 2 ** 30), kb_used: Math.round((used.get(it.id) ?? 0) / 1024), kb_avail: 0, utilization: 0, var: 1, pgs: 0 })));
    return { nodes, stray: [], summary: {} };
  }

  /** A file named in a command: the scripts the plan writes name them by the paths it was given. */
  path(file: string): string {
    return isAbsolute(file) ? file : join(this.dir, file);
  }

  private write(file: string, data: string | Uint8Array): void {
    writeFileSync(this.path(file), data);
  }

  /** One command of a README block or of a script the plan wrote. */
  run(line: string): void {
    const redirect = /^(.*?)\s*>\s*(\S+)$/.exec(line);
    const command = redirect === null ? line : redirect[1]!;
    const out = (text: string): void => {
      if (redirect === null) throw new Error(`'${line}' prints to the terminal; the README redirects every output`);
      this.write(redirect[2]!, text);
    };
    const words = command.split(/\s+/);
    this.log.push(command);
    const [prog, ...args] = words;
    if (prog === "crushmap" || prog === "crushtool") {
      const r = crushmapCli(args.map((a) => (/^[\w-]+\.(bin|txt|json)$/.test(a) ? this.path(a) : a)));
      if (r.status !== 0) throw new Error(`${command}: exit ${r.status}: ${r.stderr}`);
      if (redirect !== null) out(r.stdout);
      return;
    }
    if (prog === "sh") return this.script(readFileSync(this.path(args[0]!), "utf8"));
    if (prog === "wait_for_backfill" || prog === "set") return;
    if (prog !== "ceph") throw new Error(`the simulation does not know '${command}'`);
    this.ceph(args, command, out);
  }

  private ceph(args: string[], command: string, out: (text: string) => void): void {
    const a = args.join(" ");
    if (a === "osd dump -f json") return out(JSON.stringify(this.dump()));
    if (a === "pg ls -f json") return out(JSON.stringify({ pg_ready: true, pg_stats: this.pgStats(false) }));
    if (a === "pg dump -f json") return out(JSON.stringify({ pg_ready: true, pg_map: { version: 1, pg_stats: this.pgStats(true) } }));
    if (a === "osd df -f json") return out(JSON.stringify(this.osdDf()));
    if (a === "osd set norebalance" || a === "osd unset norebalance") return;
    if (args[0] === "osd" && args[1] === "getcrushmap" && args[2] === "-o") return this.write(args[3]!, this.crush);
    if (args[0] === "osd" && args[1] === "setcrushmap" && args[2] === "-i") {
      const bytes = readFileSync(this.path(args[3]!));
      if (!isBinaryCrushMap(bytes)) throw new Error(`${command}: Ceph takes a compiled crush map`);
      this.crush = bytes;
      return;
    }
    const items = this.osdmap["pg_upmap_items"] as { pgid: string; mappings: { from: number; to: number }[] }[];
    if (args[0] === "osd" && args[1] === "pg-upmap-items") {
      const pairs = args.slice(3).map(Number);
      const mappings = Array.from({ length: pairs.length / 2 }, (_, i) => ({ from: pairs[2 * i]!, to: pairs[2 * i + 1]! }));
      const k = items.findIndex((e) => e.pgid === args[2]);
      if (k >= 0) items[k] = { pgid: args[2]!, mappings };
      else items.push({ pgid: args[2]!, mappings });
      return;
    }
    if (args[0] === "osd" && args[1] === "rm-pg-upmap-items") {
      const k = items.findIndex((e) => e.pgid === args[2]);
      if (k < 0) throw new Error(`${command}: ${args[2]} has no pg_upmap_items`);
      items.splice(k, 1);
      return;
    }
    throw new Error(`the simulation does not know '${command}'`);
  }

  /** A block or a script: comments and blank lines skipped, shell functions defined and not run. */
  script(text: string): void {
    let inFunction = false;
    for (const raw of text.split("\n")) {
      const line = raw.replace(/\s+#.*$/, "").trim();
      if (/^\w+\(\) \{$/.test(line)) inFunction = true;
      if (inFunction) {
        if (line === "}") inFunction = false;
        continue;
      }
      if (line === "" || line.startsWith("#")) continue;
      for (const part of line.split(/\s*(?:&&|;)\s*/)) if (part !== "") this.run(part);
    }
  }

  /** Groups whose up set is not CRUSH's under the current crush map with no pins at all. */
  offCrush(): string[] {
    const s = this.state();
    const bare = withUpmapItems(s, new Map());
    const bad: string[] = [];
    for (const p of s.pools) {
      const pinned = mapPool(s, p.id);
      const crush = mapPool(bare, p.id);
      for (let ps = 0; ps < pinned.pgNum; ps++) {
        const x = setOf(pinned.up, pinned.upLength, pinned.width, ps).join();
        const y = setOf(crush.up, crush.upLength, crush.width, ps).join();
        if (x !== y) bad.push(`${p.id}.${ps.toString(16)}`);
      }
    }
    return bad;
  }

  pins(): number {
    return (this.osdmap["pg_upmap_items"] as unknown[]).length;
  }

  crushDevices(): number[] {
    return loadCrushMap(this.crush).devices.map((d) => d.id);
  }
}

describe("the README's upmap workflow", () => {
  const blocks = readmeBlocks();

  it("shows three blocks: adding a host, one batch at a time, draining a host", () => {
    expect(blocks.length).toBe(3);
  });

  it("adds a host: the script pins every group, releases the batches and ends where CRUSH places the new map", () => {
    const c = new SimulatedCluster(mkdtempSync(join(tmpdir(), "crushmap-readme-add-")));
    c.script(blocks[0]!);
    expect(c.crushDevices()).toContain(23);
    expect(c.log.filter((l) => l.startsWith("ceph osd rm-pg-upmap-items")).length).toBeGreaterThan(0);
    expect(c.pins()).toBe(0);
    expect(c.offCrush()).toEqual([]);
    const moved = c.state();
    const m = mapPool(moved, 1);
    expect(Array.from(m.up).filter((o) => o === 22 || o === 23).length).toBeGreaterThan(0);
  });

  it("one batch at a time from the live cluster, until it says done, reaches the same end", () => {
    const c = new SimulatedCluster(mkdtempSync(join(tmpdir(), "crushmap-readme-next-")));
    // the preparation of the first block: the maps and dumps, after.bin
    c.script(blocks[0]!.split("\n").filter((l) => !/^(crushmap plan|sh )/.test(l)).join("\n"));
    let runs = 0;
    for (; runs < 200; runs++) {
      c.script(blocks[1]!);
      if (readFileSync(join(c.dir, "next.sh"), "utf8").includes("the migration is done")) break;
    }
    expect(runs).toBeGreaterThan(1);
    expect(runs).toBeLessThan(200);
    expect(c.pins()).toBe(0);
    expect(c.offCrush()).toEqual([]);
  });

  it("drains a host: its OSDs end with nothing", () => {
    const c = new SimulatedCluster(mkdtempSync(join(tmpdir(), "crushmap-readme-drain-")));
    const before = c.state();
    expect(Array.from(mapPool(before, 1).up).filter((o) => o >= 17 && o <= 19).length).toBeGreaterThan(0);
    c.script(blocks[2]!);
    expect(c.pins()).toBe(0);
    expect(c.offCrush()).toEqual([]);
    const s = c.state();
    for (const p of s.pools) expect(Array.from(mapPool(s, p.id).up).filter((o) => o >= 17 && o <= 19)).toEqual([]);
  });
});
