/** `crushmap balance` end to end on a cluster recorded from Ceph. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { crushmapCli } from "./support/crushtool.js";

const dir = join(import.meta.dirname, "fixtures", "osdmap", "rep-basic");
const cluster = ["--osdmap", join(dir, "osdmap.json"), "--crush", join(dir, "crush.bin")];

describe("crushmap balance", () => {
  it("prints Ceph's pg_upmap_items shape as JSON, with moves and deviations", () => {
    const r = crushmapCli(["balance", ...cluster, "--pool", "1", "--json"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      pg_upmap_items: { pgid: string; mappings: { from: number; to: number }[] }[];
      moves: number;
      maxDeviationBefore: number;
      maxDeviationAfter: number;
    };
    expect(out.moves).toBeGreaterThan(0);
    expect(out.maxDeviationAfter).toBeLessThan(out.maxDeviationBefore);
    expect(out.pg_upmap_items.length).toBeGreaterThan(0);
    for (const e of out.pg_upmap_items) {
      expect(e.pgid).toMatch(/^1\.[0-9a-f]+$/);
      for (const m of e.mappings) expect(m.from).not.toBe(m.to);
    }
  });

  it("prints the deviation before and after and the commands to run", () => {
    const r = crushmapCli(["balance", ...cluster, "--pool", "1"]);
    expect(r.stdout).toMatch(/^worst deviation: [\d.]+ → [\d.]+ replicas from target/m);
    expect(r.stdout).toMatch(/^deviation before/m);
    expect(r.stdout).toMatch(/^ceph osd pg-upmap-items 1\.[0-9a-f]+( \d+ \d+)+$/m);
    const again = crushmapCli(["balance", ...cluster, "--pool", "1", "--max-deviation", "1000"]);
    expect(again.stdout).toMatch(/^nothing to change$/m);
  });

  it("writes a weight set with --mode weight-set -o", () => {
    const r = crushmapCli(["balance", ...cluster, "--pool", "1", "--mode", "weight-set", "--json"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { maxDeviationBefore: number; maxDeviationAfter: number; choose_args: { id: number } };
    expect(out.choose_args.id).toBe(-1);
    expect(out.maxDeviationAfter).toBeLessThanOrEqual(out.maxDeviationBefore);
  });

  it("rejects a negative deviation and an unknown mode with one line", () => {
    const neg = crushmapCli(["balance", ...cluster, "--pool", "1", "--max-deviation", "-1"]);
    expect(neg.status).toBe(2);
    expect(neg.stderr).toBe("crushmap: --max-deviation must be at least 0, got -1\n");
    const mode = crushmapCli(["balance", ...cluster, "--pool", "1", "--mode", "magic"]);
    expect(mode.status).toBe(2);
    const pool = crushmapCli(["balance", ...cluster, "--pool", "42"]);
    expect(pool.status).toBe(1);
    expect(pool.stderr).toBe("crushmap: pool 42 does not exist\n");
  });
});
