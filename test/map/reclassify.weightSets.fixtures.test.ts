/**
 * Replays of crushtool 16.2's --reclassify of small maps with weight sets
 * (test/fixtures/reclassify-weight-sets, recorded by its record.sh): crushmap prints the same
 * report, writes the same bytes, decompiles them to the same text and compares them with the
 * original as crushtool did. Beside the replays, the three things Ceph does to weight sets that a
 * reader would not guess, each checked on the map crushtool wrote. Needs nothing installed.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { crushmapCli, tempText } from "../support/crushtool.js";
import { decodeCrushMap } from "../../src/map/binary/decode.js";
import { printCrushText } from "../../src/map/text/print.js";
import type { ChooseArgBucket, CrushMap } from "../../src/map/types.js";

const dir = resolve(import.meta.dirname, "..", "fixtures", "reclassify-weight-sets");
const MAPS = ["01-two-positions", "02-ids-and-pool-set", "03-bucket-move"];
const read = (name: string): Buffer => readFileSync(join(dir, name));

describe("reclassify of maps with weight sets, as crushtool 16.2 did it", () => {
  for (const base of MAPS) {
    it(`${base}: the same report, bytes, text and comparison`, () => {
      const out = tempText("").replace(/\.txt$/, ".reclassified.bin");
      const args = read(`${base}.args`).toString("utf8").trim().split(/\s+/);
      const r = crushmapCli(["-i", join(dir, `${base}.bin`), ...args, "-o", out, "--release", "16"]);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(read(`${base}.report.txt`).toString("utf8"));
      const written = readFileSync(out);
      expect(written.equals(read(`${base}.reclassified.bin`))).toBe(true);
      expect(printCrushText(decodeCrushMap(new Uint8Array(written)), { release: 16 })).toBe(read(`${base}.reclassified.txt`).toString("utf8"));
      const cmp = crushmapCli(["-i", join(dir, `${base}.bin`), "--compare", out, "--num-rep", "3", "--release", "16"]);
      expect(cmp.stdout + cmp.stderr).toBe(read(`${base}.compare.txt`).toString("utf8"));
    });
  }
});

/** The reclassified map crushtool wrote, and a lookup of the compat weight set by bucket name. */
function written(base: string): { map: CrushMap; compat: (bucket: string, cls?: string) => ChooseArgBucket | undefined } {
  const map = decodeCrushMap(new Uint8Array(read(`${base}.reclassified.bin`)));
  const compat = map.chooseArgs.find((s) => s.id === -1)!;
  return {
    map,
    compat: (name, cls) => {
      const b = map.buckets.find((x) => x.name === name)!;
      const id = cls === undefined ? b.id : b.classIds!.find((c) => c.class === cls)!.id;
      return compat.buckets.find((a) => a.bucketId === id);
    },
  };
}

describe("what Ceph does to weight sets when it reclassifies", () => {
  it("with two positions, a shadow copy weighs its child copies 0 at every position but the last", () => {
    const { compat } = written("01-two-positions");
    const original = compat("default")!.weightSet!;
    const copy = compat("default", "hdd")!.weightSet!;
    expect(copy[0]).toEqual([0, 0]);
    expect(copy[1]).toEqual(original[1]);
    // the hosts' copies, which hold devices only, keep every position
    expect(compat("node0", "hdd")!.weightSet).toEqual(compat("node0")!.weightSet);
  });

  it("a shadow copy gets no ids, while the renumbered bucket keeps its own", () => {
    const { compat, map } = written("02-ids-and-pool-set");
    expect(compat("node1")!.ids).toEqual([7, -9]);
    expect(compat("node1", "hdd")!.ids).toBeUndefined();
    expect(compat("node1", "hdd")!.weightSet).toEqual(compat("node1")!.weightSet);
    // the pool's set stays on the renumbered bucket it was made for
    const pool = map.chooseArgs.find((s) => s.id === 1)!;
    const node0 = map.buckets.find((b) => b.name === "node0")!;
    expect(pool.buckets.map((a) => a.bucketId)).toContain(node0.id);
  });

  it("a device moved into its base bucket weighs its crush weight in the weight set", () => {
    const { compat } = written("03-bucket-move");
    // osd.2 (crush weight 0.5, weight-set weight 0.25 in node0-ssd) now sits in node0 after osd.0
    expect(compat("node0")!.weightSet).toEqual([[0.75 * 65536, 0.5 * 65536]]);
    expect(compat("node0", "ssd")!.weightSet).toEqual([[0.5 * 65536]]);
  });
});
