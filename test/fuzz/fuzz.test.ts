/**
 * A short fuzz campaign (test/fuzz/campaign.ts) with a fixed seed and budget, so CI runs the
 * fuzzer on every change: mutated text, binary and JSON maps from the fixtures must load or be
 * refused with a typed error, and maps that load must map within a time bound to items of the
 * map only. `npm run fuzz -- --seconds N --seed S` runs longer campaigns.
 */
import { describe, expect, it } from "vitest";
import { runCampaign } from "./campaign.js";

const SECONDS = 20;

describe("fuzzing", () => {
  it(
    "finds no untyped error, hang, memory blow-up or foreign item in 20 seconds of mutated maps",
    async () => {
      const report = await runCampaign({ seed: 20261201, seconds: SECONDS, caseMs: 5000 });
      const found = report.findings.map((f) => `case ${f.case.index} (${f.case.kind}; ${f.case.note}): ${f.what}: ${f.detail.split("\n")[0]}`);
      expect(found).toEqual([]);
      // the campaign did run, over every kind of input
      expect(report.cases).toBeGreaterThan(100);
      expect(Object.keys(report.byKind).sort()).toEqual(["binary", "json", "text"]);
      for (const k of Object.values(report.byKind)) expect(k.mapped).toBeGreaterThan(0);
    },
    (SECONDS + 40) * 1000,
  );
});
