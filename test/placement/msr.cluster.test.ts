/**
 * MSR rules through everything above the mapper: pools (an erasure pool with the rule an EC
 * profile with crush-osds-per-failure-domain makes, a replicated pool with an msr_firstn rule),
 * rebalance plans, both balancers, failure impact, durability, the audit, and the CLI's compare
 * and analyze.
 */
import { describe, expect, it } from "vitest";
import { auditCluster } from "../../src/failure/audit.js";
import { durability } from "../../src/failure/durability.js";
import { failedState, failureImpact } from "../../src/failure/failureImpact.js";
import { balanceUpmap } from "../../src/balance/upmapBalance.js";
import { balanceWeightSet } from "../../src/balance/weightSetBalance.js";
import { CrushMapBuilder } from "../../src/map/builder.js";
import { printCrushText } from "../../src/map/text/print.js";
import { ITEM_NONE } from "../../src/map/types.js";
import { mapPool } from "../../src/placement/mapPool.js";
import { createClusterState } from "../../src/placement/state.js";
import type { ClusterState } from "../../src/placement/types.js";
import { planRebalance } from "../../src/plan/planRebalance.js";
import { verifyPlan } from "../../src/plan/verifyPlan.js";
import { crushmapCli, tempText } from "../support/crushtool.js";

const GiB = 2 ** 30;

/** 3 racks × 4 hosts × 3 OSDs (weights 1, 2, 4); pool 1 replicated (msr_firstn), pool 2 EC 4+2 (2 per host). */
function cluster(): { state: ClusterState; hostOf: Map<number, string> } {
  const b = new CrushMapBuilder().addBucket("default", "root");
  const hostOf = new Map<number, string>();
  let id = 0;
  for (let r = 0; r < 3; r++) {
    b.addBucket(`rack${r}`, "rack", { under: "default" });
    for (let h = 0; h < 4; h++) {
      const host = `host${r}-${h}`;
      b.addBucket(host, "host", { under: `rack${r}` });
      for (let d = 0; d < 3; d++) {
        b.addDevice({ weight: [1, 2, 4][(id * 7) % 3]!, under: host });
        hostOf.set(id++, host);
      }
    }
  }
  const map = b
    .createMsrRule("rep_msr", { numFailureDomains: 3, osdsPerFailureDomain: 1, mode: "firstn" })
    .createErasureRule("ec42", { k: 4, m: 2, failureDomain: "host", numFailureDomains: 3, osdsPerFailureDomain: 2 })
    .build();
  const state = createClusterState({
    crush: map,
    pools: [
      { id: 1, name: "rbd", size: 3, crushRule: 0, pgNum: 128, objectHash: "rjenkins" },
      { id: 2, name: "ec", type: "erasure", size: 6, erasureK: 4, crushRule: 1, pgNum: 128, objectHash: "rjenkins" },
    ],
  });
  return { state, hostOf };
}

/** The most shards of one group on one host, over a pool. */
function mostPerHost(state: ClusterState, pool: number, hostOf: Map<number, string>): number {
  const m = mapPool(state, pool);
  let most = 0;
  for (let ps = 0; ps < m.pgNum; ps++) {
    const n = new Map<string, number>();
    for (let i = 0; i < m.width; i++) {
      const o = m.up[ps * m.width + i]!;
      if (o !== ITEM_NONE) n.set(hostOf.get(o)!, (n.get(hostOf.get(o)!) ?? 0) + 1);
    }
    most = Math.max(most, ...n.values());
  }
  return most;
}

describe("MSR rules in pools and everything that reads them", () => {
  const { state, hostOf } = cluster();

  it("places an EC pool with an msr_indep rule and a replicated pool with an msr_firstn rule", () => {
    const ec = mapPool(state, 2);
    expect(ec.width).toBe(6);
    for (let ps = 0; ps < ec.pgNum; ps++) for (let i = 0; i < 6; i++) expect(ec.up[ps * 6 + i]).not.toBe(ITEM_NONE);
    expect(mostPerHost(state, 2, hostOf)).toBe(2);
    expect(mostPerHost(state, 1, hostOf)).toBe(1);
  });

  it("plans the move off a failed host, and the plan verifies", () => {
    const after = failedState(state, ["host0-0"], { out: true });
    expect(mostPerHost(after, 2, hostOf)).toBeLessThanOrEqual(2);
    const plan = planRebalance(state, after, { pgBytes: GiB });
    expect(plan.moves.length).toBeGreaterThan(0);
    expect(verifyPlan(state, after, plan).ok).toBe(true);
  });

  it("balances with upmaps without putting more than two shards of a group on one host", () => {
    const r = balanceUpmap(state, 2, { maxDeviation: 1 });
    expect(r.maxDeviationAfter).toBeLessThanOrEqual(r.maxDeviationBefore);
    expect(mostPerHost(r.state, 2, hostOf)).toBeLessThanOrEqual(2);
  });

  it("balances with a weight set (MSR descents read choose_args like any other choice)", () => {
    const r = balanceWeightSet(state, 2, { maxSteps: 3 });
    expect(r.maxDeviationAfter).toBeLessThanOrEqual(r.maxDeviationBefore);
  });

  it("reports failure impact and durability", () => {
    const impact = failureImpact(state, 2, ["host0-0", "host1-0"]);
    expect(impact.groups).toBe(128);
    const d = durability(state, 2, { failures: 2, domain: "host" });
    expect(d.units).toBe(12);
  });

  it("audits an MSR rule by its domains and devices per domain", () => {
    expect(auditCluster(state.crush, state).filter((f) => f.kind === "too-few-domains")).toEqual([]);
    // 2 hosts can hold at most 4 of the EC pool's 6 shards at 2 per host
    const small = new CrushMapBuilder().addBucket("default", "root");
    for (let h = 0; h < 2; h++) small.addBucket(`h${h}`, "host", { under: "default" }).addDevice({ weight: 1, under: `h${h}` }).addDevice({ weight: 1, under: `h${h}` });
    const map = small.createErasureRule("ec42", { k: 4, m: 2, numFailureDomains: 3, osdsPerFailureDomain: 2 }).build();
    const s = createClusterState({ crush: map, pools: [{ id: 1, name: "ec", type: "erasure", size: 6, erasureK: 4, crushRule: 0, pgNum: 8, objectHash: "rjenkins" }] });
    const found = auditCluster(map, s).find((f) => f.kind === "too-few-domains");
    expect(found?.message).toContain("only 2 hosts");
    expect(found?.fix).toContain("add 1 host");
  });

  it("compares and analyzes MSR maps on the command line", () => {
    const text = printCrushText(state.crush);
    const a = tempText(text);
    const b = tempText(printCrushText(CrushMapBuilder.from(state.crush).reweight("osd.0", 0.5).build()));
    const cmp = crushmapCli(["compare", "-i", a, "--compare", b, "--rule", "1", "--num-rep", "6"]);
    expect(cmp.stderr).not.toMatch(/Error|error:/);
    expect(cmp.stdout).toMatch(/rule 1/);
    const an = crushmapCli(["analyze", "-i", a, "--rule", "1", "--num-rep", "6"]);
    expect(an.status).toBe(0);
    expect(an.stdout).toMatch(/per host/);
  });
});
