/**
 * The recovery a failure sets off, through the failure layer: capacity from bytesPerWeight as a
 * plan takes it, a blocked recovery reported as blocked, and failed devices listed in ranges.
 */
import { describe, expect, it } from "vitest";
import { failureImpact, type FailureImpact } from "../../src/failure/failureImpact.js";
import { failureRecovery } from "../../src/failure/failureRecovery.js";
import { formatFailureImpact } from "../../src/failure/formatFailure.js";
import { verifyPlan } from "../../src/plan/verifyPlan.js";
import { failedState } from "../../src/failure/failureImpact.js";
import { planCluster } from "../support/planCluster.js";

const GiB = 2 ** 30;

describe("the recovery of a failed rack", () => {
  const c = planCluster(21, { racks: 3, hostsPerRack: 3, pgNum: 256 });
  const rack = c.hosts.filter((h) => c.rackOf.get(h) === "rack1");
  const failed = rack.flatMap((h) => c.osdsOf.get(h)!);

  it("is reported blocked, naming the devices past the full ratio, when nothing fits", () => {
    const impact = failureImpact(c.state, 1, rack, { pgBytes: 400 * GiB });
    const plan = failureRecovery(c.state, 1, rack, { pgBytes: 400 * GiB });
    expect(plan.pools).toEqual([1]);
    expect(plan.report.movedReplicas).toBe(0);
    expect(plan.blocked.length).toBe(impact.degraded + impact.belowMinSize);
    const survivors = c.state.osds.filter((o) => o.exists && !failed.includes(o.id)).map((o) => o.id);
    expect(plan.overFull.every((o) => survivors.includes(o))).toBe(true);
    expect(plan.overFull.length).toBeGreaterThan(0);
    const text = formatFailureImpact(impact, plan);
    expect(text).toMatch(/recovery once the devices are marked out: BLOCKED — no copy fits under the full ratio 0\.95; \d+ groups stay as the failure left them/);
    expect(text).toMatch(/\d+ devices were past the full ratio before recovery started \(capacity 1\.00 TiB per crush weight 1\.0 unless given\):\n {4}osd\./);
    expect(text).not.toMatch(/0 copies .* in 0 waves/);
  });

  it("takes the capacity per crush weight as a plan does, and then recovers", () => {
    const options = { pgBytes: 400 * GiB, bytesPerWeight: 400 * 2 ** 40 };
    const plan = failureRecovery(c.state, 1, rack, options);
    expect(plan.blocked).toEqual([]);
    expect(plan.overFull).toEqual([]);
    expect(plan.report.movedReplicas).toBeGreaterThan(0);
    expect(verifyPlan(c.state, failedState(c.state, rack, { out: true }), plan).ok).toBe(true);
    const text = formatFailureImpact(failureImpact(c.state, 1, rack, options), plan);
    expect(text).toMatch(/recovery once the devices are marked out: \d+ copies \(.*\) in \d+ waves, about .*, degraded groups first\n$/);
  });
});

describe("the failed devices as printed", () => {
  const impact = (failed: number[]): FailureImpact => ({
    pool: 1, failed, groups: 1000, degraded: 1, belowMinSize: 0, lost: 0, degradedBytes: 0, belowMinSizeBytes: 0, lostBytes: 0, affected: [],
  });

  it("are one range for a failed rack of 250 OSDs", () => {
    const first = formatFailureImpact(impact(Array.from({ length: 250 }, (_, i) => i))).split("\n")[0];
    expect(first).toBe("failing 250 devices in pool 1 of 1000 groups: osd.0-249");
  });

  it("wrap within 100 columns and stop after 48 items when scattered", () => {
    const lines = formatFailureImpact(impact(Array.from({ length: 250 }, (_, i) => 2 * i))).split("\n");
    const listed = lines.slice(0, lines.findIndex((l) => l.startsWith("  lost:")));
    expect(listed.length).toBeGreaterThan(2);
    for (const l of listed) expect(l.length).toBeLessThanOrEqual(100);
    expect(listed.at(-1)).toMatch(/… and 202 more$/);
  });
});
