/**
 * A start already past the full ratio: the plan names the devices that cannot receive, the
 * groups it blocks, and says so in its text instead of a silent "0 copies in 0 waves".
 */
import { describe, expect, it } from "vitest";
import { ITEM_NONE } from "../../src/map/types.js";
import { mapPool } from "../../src/placement/mapPool.js";
import { applyChanges } from "../../src/plan/changes.js";
import { formatPlan } from "../../src/plan/formatPlan.js";
import { formatOsdList, osdRanges } from "../../src/plan/osdList.js";
import { planRebalance } from "../../src/plan/planRebalance.js";
import { verifyPlan } from "../../src/plan/verifyPlan.js";
import { planCluster } from "../support/planCluster.js";

const GiB = 2 ** 30;

describe("a plan whose start is past the full ratio", () => {
  const c = planCluster(21, { racks: 3, hostsPerRack: 3, pgNum: 256, erasure: false });
  const failed = c.hosts.filter((h) => c.rackOf.get(h) === "rack1").flatMap((h) => c.osdsOf.get(h)!);
  const after = applyChanges(c.state, failed.flatMap((osd) => [{ kind: "markDown" as const, osd }, { kind: "markOut" as const, osd }]));
  /** Bytes each surviving device holds before the plan, counted here from the acting sets. */
  const usage = (pgBytes: number): Map<number, number> => {
    const m = mapPool(c.state, 1);
    const u = new Map<number, number>();
    for (let i = 0; i < m.acting.length; i++) {
      const o = m.acting[i]!;
      if (o !== ITEM_NONE && !failed.includes(o)) u.set(o, (u.get(o) ?? 0) + pgBytes);
    }
    return u;
  };
  const weight = (osd: number): number => c.state.crush.buckets.flatMap((b) => b.items).find((it) => it.id === osd)!.weight / 0x10000;

  it("names every device already past it, blocks every group and says so", () => {
    const pgBytes = 400 * GiB;
    const plan = planRebalance(c.state, after, { pgBytes });
    const full = [...usage(pgBytes)].filter(([o, b]) => b > 0.95 * weight(o) * 2 ** 40).map(([o]) => o).sort((a, b) => a - b);
    expect(full.length).toBeGreaterThan(0);
    expect(plan.overFull).toEqual(full);
    expect(plan.report.devicesOverFull).toBe(full.length);
    expect(plan.report.movedReplicas).toBe(0);
    expect(plan.blocked.length).toBe(plan.groups.length);
    expect(verifyPlan(c.state, after, plan).ok).toBe(true);
    const text = formatPlan(plan, { summaryOnly: true });
    expect(text).toMatch(/BLOCKED: no copy fits under the full ratio/);
    expect(text).toContain(`${full.length} devices are past the full ratio 0.95 before anything moves and receive nothing (capacity 1.00 TiB per crush weight 1.0`);
    expect(text).toContain(`  ${osdRanges(full).join(", ")}\n`);
  });

  it("plans the recovery once the capacity per crush weight is given", () => {
    const plan = planRebalance(c.state, after, { pgBytes: 400 * GiB, bytesPerWeight: 400 * 2 ** 40 });
    expect(plan.overFull).toEqual([]);
    expect(plan.blocked).toEqual([]);
    expect(plan.options.bytesPerWeight).toBe(400 * 2 ** 40);
    expect(plan.report.movedReplicas).toBeGreaterThan(0);
    expect(verifyPlan(c.state, after, plan).ok).toBe(true);
    expect(formatPlan(plan)).not.toMatch(/past the full ratio|BLOCKED/);
  });

  it("reports the fullest device of every wave as its moves fill it: copies in, drops after the wave", () => {
    const pgBytes = 20 * GiB;
    const plan = planRebalance(c.state, after, { pgBytes });
    expect(plan.waves).toBeGreaterThan(1);
    expect(plan.blocked).toEqual([]);
    const held = usage(pgBytes);
    const cap = (o: number): number => weight(o) * 2 ** 40;
    const ratioOf = (m: Map<number, number>): number => Math.max(...[...m].map(([o, b]) => b / cap(o)));
    expect(plan.report.startFullest!.ratio).toBeCloseTo(ratioOf(held), 12);
    for (let w = 0; w < plan.waves; w++) {
      for (const m of plan.moves) if (m.wave === w && m.to !== null) held.set(m.to, (held.get(m.to) ?? 0) + m.bytes);
      expect(plan.report.fullestByWave[w]!.ratio, `wave ${w}`).toBeCloseTo(ratioOf(held), 12);
      for (const m of plan.moves) if (m.dropWave === w && m.from !== null) held.set(m.from, held.get(m.from)! - m.bytes);
    }
    expect(formatPlan(plan)).toMatch(/^wave 1: .*; fullest osd\.\d+ at \d+\.\d%$/m);
  });
});

describe("lists of OSDs", () => {
  it("puts consecutive ids in ranges and the rest one by one, ascending, each once", () => {
    expect(osdRanges([9, 0, 1, 2, 3, 7, 10, 10, 12])).toEqual(["osd.0-3", "osd.7", "osd.9", "osd.10", "osd.12"]);
    expect(formatOsdList(Array.from({ length: 250 }, (_, i) => 249 - i))).toBe("osd.0-249");
    expect(formatOsdList([])).toBe("");
  });

  it("wraps a long list within the width and cuts it with how many OSDs are left", () => {
    const ids = Array.from({ length: 250 }, (_, i) => 3 * i);
    const text = formatOsdList(ids, { width: 80, indent: "    ", first: 20, maxItems: 40 });
    const lines = text.split("\n");
    expect(lines.length).toBeGreaterThan(1);
    expect(20 + lines[0]!.length).toBeLessThanOrEqual(80);
    for (const l of lines.slice(1)) {
      expect(l.startsWith("    osd.") || l.startsWith("    …")).toBe(true);
      expect(l.length).toBeLessThanOrEqual(80);
    }
    expect(text).toMatch(/… and 210 more$/);
    const shown = text.match(/osd\.\d+/g)!.map((s) => Number(s.slice(4)));
    expect(shown).toEqual(ids.slice(0, 40));
  });
});
