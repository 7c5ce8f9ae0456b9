/**
 * The builder's MSR rules, held to what Ceph 20's monitor made from erasure-code profiles
 * (test/fixtures/msr/ec-rules.txt, recorded by record-ec-rules.sh): `ceph osd crush rule
 * create-erasure` with crush-num-failure-domains and crush-osds-per-failure-domain.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CrushMapBuilder } from "../../src/map/builder.js";
import { CrushMapError } from "../../src/map/errors.js";
import { parseCrushText } from "../../src/map/text/parse.js";
import { RULE_TYPE, type Rule } from "../../src/map/types.js";

const ceph = parseCrushText(readFileSync(join(__dirname, "..", "fixtures", "msr", "ec-rules.txt"), "utf8"));
const cephRule = (name: string): Rule => ceph.rules.find((r) => r.name === name)!;
const shape = (r: Rule): unknown => ({ name: r.name, type: r.type, steps: r.steps });

/** The cluster the recorder built through the monitor: 2 racks, 6 hosts, 12 OSDs (ssd, hdd). */
function cluster(): CrushMapBuilder {
  const b = new CrushMapBuilder().addBucket("default", "root").addBucket("r0", "rack", { under: "default" }).addBucket("r1", "rack", { under: "default" });
  for (let h = 0; h < 6; h++) b.addBucket(`h${h}`, "host", { under: `r${h % 2}` });
  for (let o = 0; o < 12; o++) b.addDevice({ weight: 1, under: `h${Math.floor(o / 2)}`, class: o % 2 === 0 ? "ssd" : "hdd" });
  return b;
}

describe("MSR rules from erasure-code profiles, as Ceph 20 makes them", () => {
  const built = cluster()
    .createReplicatedRule("replicated_rule", "default", "host")
    .createErasureRule("ec_plain", { k: 2, m: 1, failureDomain: "host" })
    .createErasureRule("ec_msr32", { k: 4, m: 2, failureDomain: "host", numFailureDomains: 3, osdsPerFailureDomain: 2 })
    .createErasureRule("ec_msrrack", { k: 4, m: 2, failureDomain: "rack", numFailureDomains: 2, osdsPerFailureDomain: 3, deviceClass: "hdd" })
    .createErasureRule("ec_one3", { k: 2, m: 1, failureDomain: "host", numFailureDomains: 3, osdsPerFailureDomain: 1 })
    .build();

  it("crush-osds-per-failure-domain > 1 gives take, choosemsr N domains, choosemsr M osds, emit (msr_indep)", () => {
    for (const name of ["ec_msr32", "ec_msrrack"]) expect(shape(built.rules.find((r) => r.name === name)!)).toEqual(shape(cephRule(name)));
  });

  it("crush-num-failure-domains alone keeps the chooseleaf rule, with that count", () => {
    expect(shape(built.rules.find((r) => r.name === "ec_one3")!)).toEqual(shape(cephRule("ec_one3")));
    expect(shape(built.rules.find((r) => r.name === "ec_plain")!)).toEqual(shape(cephRule("ec_plain")));
  });

  it("gives the rules the ids Ceph gave them", () => {
    expect(built.rules.map((r) => [r.id, r.name])).toEqual(ceph.rules.map((r) => [r.id, r.name]));
  });

  it("createMsrRule is that rule, and also makes msr_firstn rules", () => {
    const m = cluster().createMsrRule("ec_msr32", { numFailureDomains: 3, osdsPerFailureDomain: 2 }).createMsrRule("f", { numFailureDomains: 2, osdsPerFailureDomain: 1, failureDomain: "rack", mode: "firstn" }).build();
    expect(shape(m.rules[0]!)).toEqual(shape(cephRule("ec_msr32")));
    expect(m.rules[1]!.type).toBe(RULE_TYPE.msr_firstn);
    expect(m.rules[1]!.steps.map((s) => s.op)).toEqual(["take", "choosemsr", "choosemsr", "emit"]);
  });

  it("refuses what Ceph refuses, naming it", () => {
    const err = (f: () => unknown): CrushMapError => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(CrushMapError);
        return e as CrushMapError;
      }
      throw new Error("expected a CrushMapError");
    };
    expect(err(() => cluster().createMsrRule("x", { root: "nowhere", numFailureDomains: 2, osdsPerFailureDomain: 2 })).item).toBe("nowhere");
    expect(err(() => cluster().createMsrRule("x", { failureDomain: "planet", numFailureDomains: 2, osdsPerFailureDomain: 2 })).message).toContain("planet");
    expect(err(() => cluster().createMsrRule("x", { deviceClass: "nvme", numFailureDomains: 2, osdsPerFailureDomain: 2 })).item).toBe("nvme");
    expect(err(() => cluster().createMsrRule("x", { numFailureDomains: -1, osdsPerFailureDomain: 2 })).message).toContain("numFailureDomains");
    expect(err(() => cluster().createMsrRule("x", { numFailureDomains: 2, osdsPerFailureDomain: 1.5 })).message).toContain("osdsPerFailureDomain");
  });
});
