/**
 * The recovery time a durability estimate assumes: the failure of the pool's most loaded unit,
 * found from the acting sets osdmaptool printed, and the plan that restores its copies.
 */
import { describe, expect, it } from "vitest";
import { FailureError } from "../../src/failure/errors.js";
import { failedState } from "../../src/failure/failureImpact.js";
import { worstFailureRecovery } from "../../src/failure/recoveryEstimate.js";
import { PlacementError } from "../../src/placement/errors.js";
import { planRebalance } from "../../src/plan/planRebalance.js";
import { crushmapCli } from "../support/crushtool.js";
import { loadOsdmapFixture } from "../support/osdmapFixture.js";
import { join } from "node:path";

const f = loadOsdmapFixture("rep-basic");
const pool = f.pools[0]!;
const acting = f.acting(pool.pool);

/** Groups with a copy on some device of `devices`, from osdmaptool's acting sets. */
function groupsOn(devices: ReadonlySet<number>): number {
  return acting.filter((set) => set.some((d) => devices.has(d))).length;
}

/** Devices under a bucket, walking the crush map by hand. */
function devicesUnder(name: string): Set<number> {
  const out = new Set<number>();
  const stack = [f.crush.buckets.find((b) => b.name === name)!];
  while (stack.length > 0) {
    for (const it of stack.pop()!.items) {
      if (it.id >= 0) out.add(it.id);
      else stack.push(f.crush.buckets.find((b) => b.id === it.id)!);
    }
  }
  return out;
}

describe("worstFailureRecovery", () => {
  it("fails the device in the most groups and plans its recovery", () => {
    const r = worstFailureRecovery(f.state, pool.pool_name, { pgBytes: 2 ** 30 });
    const most = Math.max(...f.osds.filter((o) => o.up === 1).map((o) => groupsOn(new Set([o.osd]))));
    expect(r.unit).toBeTypeOf("number");
    expect(r.groups).toBe(most);
    expect(groupsOn(new Set([r.unit as number]))).toBe(most);
    const plan = planRebalance(f.state, failedState(f.state, [r.unit], { out: true }), { pools: [pool.pool], pgBytes: 2 ** 30 });
    expect(r.seconds).toBe(plan.report.estimatedSeconds);
    expect(r.seconds).toBeGreaterThan(0);
  });

  it("fails whole buckets of a type when asked, and a slower rate takes longer", () => {
    const r = worstFailureRecovery(f.state, pool.pool, { domain: "host" });
    const hosts = f.crush.buckets.filter((b) => b.type === f.crush.types.find((t) => t.name === "host")!.id);
    const most = Math.max(...hosts.map((h) => groupsOn(devicesUnder(h.name))));
    expect(hosts.map((h) => h.name)).toContain(r.unit);
    expect(r.groups).toBe(most);
    const slow = worstFailureRecovery(f.state, pool.pool, { domain: "host", bandwidth: 2 ** 20 });
    expect(slow.unit).toBe(r.unit);
    expect(slow.seconds).toBeGreaterThan(r.seconds);
  });

  it("rejects an unknown bucket type and an unknown pool", () => {
    expect(() => worstFailureRecovery(f.state, pool.pool, { domain: "galaxy" })).toThrow(FailureError);
    expect(() => worstFailureRecovery(f.state, pool.pool, { domain: "galaxy" })).toThrow(/no bucket type 'galaxy'/);
    expect(() => worstFailureRecovery(f.state, 99)).toThrow(PlacementError);
  });

  it("is the recovery time durability --afr assumes without --recovery-hours", () => {
    const cluster = ["durability", "--osdmap", join(f.dir, "osdmap.json"), "--crush", join(f.dir, "crush.txt"), "--pool", String(pool.pool), "--failures", "2", "--afr", "2%", "--json"];
    const hours = Math.max(worstFailureRecovery(f.state, pool.pool).seconds / 3600, 1 / 3600);
    const planned = crushmapCli(cluster);
    const given = crushmapCli([...cluster, "--recovery-hours", String(hours)]);
    expect(planned.status).toBe(0);
    expect(JSON.parse(planned.stdout)).toEqual(JSON.parse(given.stdout));
  });
});
