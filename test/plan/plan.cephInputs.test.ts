/**
 * What the plan reads from a live cluster besides the OSD map: `ceph osd df -f json` (sizes and
 * use), `ceph report` (the OSD map inside it) and the OSD map's own full ratios.
 *
 * No Ceph daemon runs here, so there is no recorded `ceph osd df` output: the documents below are
 * built with the field names Ceph writes, verified in its source — OSDUtilizationFormatDumper
 * (dump_item: "nodes" of {id, name, type, type_id, reweight, kb, kb_used, kb_avail, utilization,
 * var, pgs}, then "stray" and "summary"), src/osd/OSDMap.cc (src/mon/OSDMonitor.cc before
 * Luminous). `ceph report` is recorded (fixtures/osdmap/report, from a 16.2.15 monitor):
 * OSDMonitor::dump_info (src/mon/OSDMonitor.cc) writes the OSD map dump under "osdmap".
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { osdmapFullRatios, osdmapOfReport } from "../../src/plan/cephReport.js";
import { parseOsdDf } from "../../src/plan/osdDf.js";
import { crushmapCli } from "../support/crushtool.js";

const dir = mkdtempSync(join(tmpdir(), "crushmap-ceph-inputs-"));
const fixture = join(import.meta.dirname, "..", "fixtures", "osdmap", "rep-basic");
const crushPath = join(fixture, "crush.txt");
const osdmapPath = join(fixture, "osdmap.json");
const osdmapText = readFileSync(osdmapPath, "utf8");
const toPath = join(dir, "after.txt");
writeFileSync(toPath, readFileSync(crushPath, "utf8").replace(/item osd\.3 weight [0-9.]+/, "item osd.3 weight 0.100"));

/** A `ceph osd df tree -f json` of 22 OSDs of 100 GiB, `used(id)` KiB on each. */
function osdDf(used: (id: number) => number): string {
  const kb = 100 * 2 ** 20;
  const nodes: unknown[] = [{ id: -1, name: "default", type: "root", type_id: 11, reweight: -1, kb: 22 * kb, kb_used: 0, kb_avail: 22 * kb, utilization: 0, var: 1, pgs: 0, children: [-2] }];
  for (let id = 0; id < 22; id++) {
    const u = used(id);
    nodes.push({ id, device_class: "hdd", name: `osd.${id}`, type: "osd", type_id: 0, crush_weight: 1, depth: 2, pool_weights: {}, reweight: 1, kb, kb_used: u, kb_used_data: u, kb_used_omap: 0, kb_used_meta: 0, kb_avail: kb - u, utilization: (100 * u) / kb, var: 1, pgs: 30, status: "up" });
  }
  return JSON.stringify({ nodes, stray: [], summary: { total_kb: 22 * kb, total_kb_used: 0, total_kb_avail: 22 * kb, average_utilization: 0, min_var: 1, max_var: 1, dev: 0 } });
}

interface PlanJson {
  over_full: number[];
  full_ratio: number;
  backfillfull_ratio: number;
  start_fullest: { osd: number; bytes: number; capacity: number; ratio: number } | null;
  steps: { commands: string[]; fullest: { osd: number; ratio: number } | null }[];
}

describe("ceph osd df", () => {
  it("gives each OSD's size and use in bytes; bucket rows are skipped", () => {
    const df = parseOsdDf(osdDf((id) => id * 1024));
    expect(df.capacity.size).toBe(22);
    expect(df.capacity.get(5)).toBe(100 * 2 ** 30);
    expect(df.used.get(5)).toBe(5 * 2 ** 20);
    expect(df.capacity.has(-1)).toBe(false);
  });

  it("names the OSD whose sizes do not parse, and refuses what is not an osd df", () => {
    expect(() => parseOsdDf('{"nodes":[{"id":4,"type":"osd","kb":"big","kb_used":0}]}')).toThrow(/osd\.4: kb is not a size/);
    expect(() => parseOsdDf('{"nodes":[{"id":4,"type":"osd","kb":10,"kb_used":20}]}')).toThrow(/osd\.4: kb_used 20 is more than its size/);
    expect(() => parseOsdDf('{"pools":[]}')).toThrow(/no nodes list/);
    expect(() => parseOsdDf("{ oops")).toThrow(/not JSON/);
  });

  it("makes the plan use the sizes and the measured use: an OSD past the full ratio is reported as such", () => {
    // osd.0 at 97 % of 100 GiB, the rest at 10 %
    const kb = 100 * 2 ** 20;
    const dfPath = join(dir, "df.json");
    writeFileSync(dfPath, osdDf((id) => (id === 0 ? 0.97 * kb : 0.1 * kb)));
    const r = crushmapCli(["plan", "--from", crushPath, "--to", toPath, "--osdmap", osdmapPath, "--osd-df", dfPath, "--upmap", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as PlanJson;
    expect(out.over_full).toEqual([0]);
    expect(out.start_fullest).toEqual({ osd: 0, bytes: 0.97 * kb * 1024, capacity: kb * 1024, ratio: 0.97 });
    // the recorded OSD map's ratios, 0.95 and 0.90 stored as 32-bit floats
    expect(out.full_ratio).toBe(0.95);
    expect(out.backfillfull_ratio).toBe(0.9);
    const script = crushmapCli(["plan", "--from", crushPath, "--to", toPath, "--osdmap", osdmapPath, "--osd-df", dfPath, "--upmap"]);
    expect(script.stdout).toMatch(/^# the cluster is ALREADY past the full ratio before anything moves, on osd\.0: nothing is moved onto them$/m);
    expect(script.stdout).toMatch(/^# fullest OSD before step 0: osd\.0 at 97\.0% \(97\.0 GiB of 100\.0 GiB\); full ratio 95\.0%, backfillfull 90\.0%$/m);
    const bad = join(dir, "df-bad.json");
    writeFileSync(bad, '{"nodes":[{"id":2,"type":"osd","kb":-1,"kb_used":0}]}');
    const e = crushmapCli(["plan", "--from", crushPath, "--to", toPath, "--osdmap", osdmapPath, "--osd-df", bad, "--upmap"]);
    expect(e.status).not.toBe(0);
    expect(e.stderr).toMatch(/df-bad\.json.*osd\.2: kb is not a size/);
    const other = join(dir, "df-other.json");
    writeFileSync(other, osdDf((id) => id).replace('"id":21,', '"id":40,').replace('"name":"osd.21"', '"name":"osd.40"'));
    const o = crushmapCli(["plan", "--from", crushPath, "--to", toPath, "--osdmap", osdmapPath, "--osd-df", other, "--upmap"]);
    expect(o.status).not.toBe(0);
    expect(o.stderr).toMatch(/df-other\.json.*osd\.40: the osd df lists it but the OSD map has no such OSD/);
  });
});

describe("ceph report", () => {
  // recorded from a Ceph 16.2.15 monitor by test/fixtures/osdmap/record-report.sh
  const rec = join(import.meta.dirname, "..", "fixtures", "osdmap", "report");
  const recCluster = ["--crush", join(rec, "crush.bin"), "--pool", "1"];
  const report = JSON.parse(readFileSync(join(rec, "report.json"), "utf8")) as { osdmap: { osds: Record<string, unknown>[] } };
  const dump = JSON.parse(readFileSync(join(rec, "osdmap.json"), "utf8")) as { osds: Record<string, unknown>[] };
  /** No OSD daemon ran with the monitor: the copies here mark every OSD up, the same way in both. */
  const up = (m: { osds: Record<string, unknown>[] }): void => {
    for (const o of m.osds) Object.assign(o, { up: 1, state: ["exists", "up"] });
  };
  const upDump = structuredClone(dump);
  const upReport = structuredClone(report);
  up(upDump);
  up(upReport.osdmap);
  const dumpPath = join(dir, "rec-osdmap-up.json");
  const reportPath = join(dir, "rec-report-up.json");
  writeFileSync(dumpPath, JSON.stringify(upDump));
  writeFileSync(reportPath, JSON.stringify(upReport));

  it("holds the OSD map that ceph osd dump prints, and every command reads it as --osdmap", () => {
    expect(osdmapOfReport(report)).toEqual(dump);
    for (const [a, b] of [[join(rec, "osdmap.json"), join(rec, "report.json")], [dumpPath, reportPath]] as const) {
      const x = crushmapCli(["map-pgs", "--osdmap", a, ...recCluster]);
      const y = crushmapCli(["map-pgs", "--osdmap", b, ...recCluster]);
      expect(x.status).toBe(0);
      expect(y.stderr).toBe("");
      expect(y.stdout).toBe(x.stdout);
    }
    // the recorded pg_upmap_items entry (1.3: 0 → 1) is in force
    const m = crushmapCli(["map-pgs", "--osdmap", reportPath, ...recCluster]);
    expect(m.stdout).toMatch(/^1\.3\t\[(\d+,)*1(,\d+)*\]/m);
    expect(m.stdout).not.toMatch(/^1\.3\t\[(\d+,)*0(,\d+)*\]/m);
  });

  it("plans the same as from ceph osd dump", () => {
    const to = join(dir, "report-after.txt");
    const dec = crushmapCli(["decompile", "-i", join(rec, "crush.bin")]);
    writeFileSync(to, dec.stdout.replace(/item osd\.2 weight [0-9.]+/, "item osd.2 weight 0.20000"));
    const a = crushmapCli(["plan", "--from", join(rec, "crush.bin"), "--to", to, "--osdmap", dumpPath, "--upmap", "--json"]);
    const b = crushmapCli(["plan", "--from", join(rec, "crush.bin"), "--to", to, "--osdmap", reportPath, "--upmap", "--json"]);
    expect(a.stderr).toBe("");
    expect(a.status).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect((JSON.parse(a.stdout) as PlanJson).steps.length).toBeGreaterThan(1);
  });

  it("leaves an OSD dump and text that is not JSON to the OSD map reader", () => {
    const dump = JSON.parse(osdmapText) as unknown;
    expect(osdmapOfReport(dump)).toBe(dump);
    expect(osdmapOfReport("{ oops")).toBe("{ oops");
    expect(osdmapFullRatios(dump)).toEqual({ fullRatio: 0.95, backfillFullRatio: 0.9 });
    expect(osdmapFullRatios({ osdmap: { pools: [], full_ratio: 0.9, backfillfull_ratio: 0.97 } })).toEqual({ fullRatio: 0.9 });
  });
});
