/** `crushmap balance` end to end on a cluster recorded from Ceph. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { crushmapCli } from "../support/crushtool.js";

const dir = join(import.meta.dirname, "..", "fixtures", "osdmap", "rep-basic");
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

describe("crushmap balance --mode read", () => {
  const reads = join(import.meta.dirname, "..", "fixtures", "osdmap", "tentacle", "reads");
  const readCluster = ["--osdmap", join(reads, "osdmap.json"), "--crush", join(reads, "crush.txt")];
  const dump = JSON.parse(readFileSync(join(reads, "osdmap.json"), "utf8")) as {
    pools: { pool_name: string; read_balance?: { score_acting: number } }[];
  };

  it("starts from the read_balance_score Ceph 20 reports for the pool and lowers the most primaries on any OSD", () => {
    for (const pool of ["even", "big", "pair"]) {
      const r = crushmapCli(["balance", ...readCluster, "--pool", pool, "--mode", "read", "--json"]);
      expect(r.status).toBe(0);
      const out = JSON.parse(r.stdout) as {
        pg_upmap_primaries: { pgid: string; primary_osd: number }[];
        read_balance_score: { before: number; after: number };
        max_primaries: { before: number; after: number };
      };
      const ceph = dump.pools.find((p) => p.pool_name === pool)!.read_balance!.score_acting;
      expect(out.read_balance_score.before).toBeCloseTo(ceph, 2);
      expect(out.read_balance_score.after).toBeLessThanOrEqual(out.read_balance_score.before);
      expect(out.max_primaries.after).toBeLessThanOrEqual(out.max_primaries.before);
    }
  });

  it("prints the ceph osd pg-upmap-primary commands to run", () => {
    const r = crushmapCli(["balance", ...readCluster, "--pool", "big", "--mode", "read"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^read_balance_score: [\d.]+ → [\d.]+$/m);
    expect(r.stdout).toMatch(/^ceph osd (rm-)?pg-upmap-primary 2\.[0-9a-f]+( \d+)?$/m);
  });

  it("refuses an erasure-coded pool in one line", () => {
    const r = crushmapCli(["balance", ...readCluster, "--pool", "ec21", "--mode", "read"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^crushmap: pool ec21 is an erasure coded pool; read balancing applies to replicated pools\n$/);
  });
});

describe("warnings from the OSD map", () => {
  it("loads a dump from a release newer than Tentacle with one warning line on stderr", () => {
    const reads = join(import.meta.dirname, "..", "fixtures", "osdmap", "tentacle", "reads");
    const dump = JSON.parse(readFileSync(join(reads, "osdmap.json"), "utf8")) as Record<string, unknown>;
    const dir = mkdtempSync(join(tmpdir(), "crushmap-warn-"));
    const file = join(dir, "future.json");
    writeFileSync(file, JSON.stringify({ ...dump, require_osd_release: "zz-future" }));
    const r = crushmapCli(["map-pgs", "--osdmap", file, "--crush", join(reads, "crush.txt"), "--pool", "even"]);
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/^crushmap: warning: the OSD map requires release 'zz-future', newer than Tentacle \(20\.2\)[^\n]*\n$/);
  });
});
