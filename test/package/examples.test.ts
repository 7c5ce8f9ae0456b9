/**
 * The examples are documentation that runs: each file in examples/ must run with tsx, exit 0 and
 * print something, and the claim each one makes must still hold in what it prints.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const tsx = join(root, "node_modules", ".bin", "tsx");
const examples = readdirSync(join(root, "examples"))
  .filter((f) => f.endsWith(".ts"))
  .sort();

/** What each example claims, checked against its output. Examples without an entry only have to run. */
const claims: Record<string, (stdout: string) => void> = {
  "basic-placement.ts": (out) => {
    expect(out).toMatch(/^object +1234 -> osd\.\d+, osd\.\d+, osd\.\d+ +hosts node\d, node\d, node\d$/m);
    expect(out).toMatch(/^objects with two replicas on one host: 0$/m);
    expect(out).toMatch(/^object 'photos\/2026\/cat\.jpg' \(hash \d+\) -> osd\.\d+, osd\.\d+, osd\.\d+$/m);
  },
  "erasure-coded.ts": (out) => {
    // every chunk on the out device moved, none was left unplaced, and hardly any other moved
    const m = /^over (\d+) objects: (\d+) chunks were on osd\.\d+; (\d+) of them moved$/m.exec(out);
    expect(m, out).not.toBeNull();
    expect(Number(m![2])).toBeGreaterThan(0);
    expect(m![3]).toBe(m![2]);
    expect(out).toMatch(/^positions left empty: 0$/m);
    const others = Number(/^chunks that moved although not on osd\.\d+: (\d+)$/m.exec(out)![1]);
    expect(others).toBeLessThan(Number(m![2]) / 100);
  },
  "multi-datacenter.ts": (out) => {
    expect(out).toMatch(/^10000 of 10000 objects have 2 copies in dc1 and 2 in dc2, on 4 different hosts$/m);
  },
  "objects-and-placement-groups.ts": (out) => {
    expect(out).toMatch(/^object 2026\/a\.jpg -> pg 1\.[0-9a-f]+ -> up \[\d+,\d+,\d+\] primary osd\.\d+$/m);
    const m = /^osd\.4 down: (\d+) of 256 groups run on two copies; other groups changed: (\d+)$/m.exec(out);
    expect(m, out).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(0);
    expect(m![2]).toBe("0");
  },
  "plan-a-host-failure.ts": (out) => {
    expect(out).toMatch(/^groups degraded: [1-9]\d*, lost: 0$/m);
    expect(out).toMatch(/^reads from failed OSDs: 0$/m);
    expect(out).toMatch(/^verifyPlan: ok$/m);
    expect(Number(/rebuilt erasure shards: (\d+)/.exec(out)![1])).toBeGreaterThan(0);
  },
  "balance-a-pool.ts": (out) => {
    const m = /^worst OSD: ([\d.]+) placement groups off its share before, ([\d.]+) after$/m.exec(out);
    expect(m, out).not.toBeNull();
    expect(Number(m![2])).toBeLessThanOrEqual(1);
    expect(Number(m![1])).toBeGreaterThan(Number(m![2]));
    expect(out).toMatch(/^  ceph osd pg-upmap-items 1\.[0-9a-f]+( \d+ \d+)+$/m);
  },
  "storage-service.ts": (out) => {
    // adding a node moves about its share of its zone (10,000 keys × 6/30), close to the minimum
    const m = /^10000 keys: (\d+) copies move \((\d+) keys\); the minimum is (\d+) \(([\d.]+)×\)$/m.exec(out);
    expect(m, out).not.toBeNull();
    expect(Number(m![3])).toBeGreaterThan(1500);
    expect(Number(m![1]) / Number(m![3])).toBeLessThanOrEqual(1.15);
    expect(out).toMatch(/^every move goes from a zone-b disk to node-b5: yes$/m);
    expect(out).toMatch(/^plan: \d+ copies in \d+ waves; verifyKeyPlan: ok$/m);
    expect(out).toMatch(/^after the moves: 10000 of 10000 keys read back; 10000 have all 3 copies where the new placement puts them$/m);
  },
  "rebalance-after-adding-hardware.ts": (out) => {
    const ratio = Number(/^moved \/ fair share: +([\d.]+)$/m.exec(out)![1]);
    expect(ratio).toBeGreaterThanOrEqual(1);
    expect(ratio).toBeLessThan(1.5);
  },
};

describe("examples", () => {
  it("has an example to run", () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  for (const file of examples) {
    it(`examples/${file} runs and prints what it claims`, () => {
      const r = spawnSync(tsx, [join("examples", file)], { cwd: root, encoding: "utf8", timeout: 60_000 });
      expect(r.error).toBeUndefined();
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: r.stderr });
      expect(r.stdout.trim().length, r.stderr).toBeGreaterThan(0);
      claims[file]?.(r.stdout);
    });
  }
});
