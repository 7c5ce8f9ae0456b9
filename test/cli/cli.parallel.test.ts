/**
 * `crushmap test` on worker threads: a large test prints exactly what the single-threaded one
 * prints, whatever it reports, and the worker path really runs (it does not quietly fall back).
 */
import { describe, expect, it } from "vitest";
import { scenarios } from "../../bench/scenarios.js";
import { crushtoolWeights } from "../../src/analysis/crushtoolTest.js";
import { mapTestRuns, type TestJob } from "../../src/analysis/crushtoolRuns.js";
import { testWorkers } from "../../src/cli/testWorkers.js";
import { mapOnWorkers, PARALLEL_TEST_THRESHOLD } from "../../src/node/parallelTest.js";
import { compileMap, CrushMapBuilder, printCrushText } from "../../src/index.js";
import { crushmapCli, tempText } from "../support/crushtool.js";

const [a] = scenarios();
const mapA = tempText(printCrushText(a!.map));

/** 3 replicas over 2 hosts: every firstn result is short, so every input is a bad mapping. */
function twoHosts(): string {
  const b = new CrushMapBuilder().addBucket("default", "root");
  for (const h of ["h0", "h1"]) {
    b.addBucket(h, "host", { under: "default" });
    for (let i = 0; i < 4; i++) b.addDevice({ weight: 1, under: h });
  }
  return tempText(printCrushText(b.createReplicatedRule("r", "default", "host").build()));
}

function onThreads(threads: number, args: readonly string[]): { stdout: string; stderr: string; status: number } {
  return crushmapCli(["test", ...args, "--threads", String(threads)]);
}

describe("crushmap test --threads", () => {
  it("prints the same statistics, utilization and choose tries on 2 threads as on one", () => {
    const args = ["-i", mapA, "--rule", "0", "--num-rep", "3", "--min-x", "0", "--max-x", String(PARALLEL_TEST_THRESHOLD + 19_999)];
    const more = ["--show-utilization-all", "--show-choose-tries", "--weight", "5", "0.5", "--weight", "7", "0"];
    const one = onThreads(1, [...args, ...more]);
    const two = onThreads(2, [...args, ...more]);
    expect(one.status).toBe(0);
    expect(one.stdout).toContain("device 959:");
    expect(two).toEqual(one);
  });

  it("prints every mapping and bad mapping in input order, across replica counts and with a pool id", () => {
    const args = ["-i", twoHosts(), "--min-rep", "2", "--max-rep", "3", "--min-x", "0", "--max-x", "99999", "--pool-id", "3"];
    const more = ["--show-mappings", "--show-bad-mappings", "--show-statistics"];
    const one = onThreads(1, [...args, ...more]);
    const two = onThreads(2, [...args, ...more]);
    expect(one.stdout.split("\n").filter((l) => l.startsWith("bad mapping"))).toHaveLength(100_000);
    expect(two).toEqual(one);
  });

  it("maps through workers, with counts equal to the single-threaded runner's", () => {
    const compiled = compileMap(a!.map);
    const job: TestJob = {
      compiled,
      weight: crushtoolWeights(compiled),
      runs: [
        { rule: 0, numRep: 3, minX: 0, maxX: 29_999 },
        { rule: 0, numRep: 5, minX: 0, maxX: 9_999 },
      ],
      showMappings: true,
      showBadMappings: false,
      collectChooseTries: true,
    };
    const parallel = mapOnWorkers(job, 2, 2048, testWorkers());
    expect(parallel).not.toBeNull(); // null would mean the workers failed and the caller fell back
    expect(parallel).toEqual(mapTestRuns(job));
  });

  it("rejects a thread count below one", () => {
    const r = onThreads(0, ["-i", mapA, "--rule", "0", "--num-rep", "3"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--threads/);
    expect(crushmapCli(["test", "--help"]).stdout).toContain("--threads N");
  });
});
