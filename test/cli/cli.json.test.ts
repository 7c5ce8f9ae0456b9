/**
 * --json on the reporting commands carries the same facts as crushtool's text (recorded in the
 * golden corpus), in a form machines can read.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { crushmapCli } from "../support/crushtool.js";

const GOLDEN = join(__dirname, "..", "fixtures", "golden");
const map = (name: string): string => join(GOLDEN, "maps", `${name}.txt`);
const out = (file: string): string => readFileSync(join(GOLDEN, "out", file), "utf8");

describe("--json", () => {
  it("test --json lists the mappings crushtool printed, holes included", () => {
    const r = crushmapCli(["test", "-i", map("20-ec-indep-holes"), "--rule", "0", "--num-rep", "3", "--min-x", "0", "--max-x", "255", "--json"]);
    expect(r.status).toBe(0);
    const { runs } = JSON.parse(r.stdout);
    expect(runs).toHaveLength(1);
    const expected = [...out("20-ec-indep-holes.case1.txt").matchAll(/x (\d+) \[([^\]]*)\]/g)].map((m) =>
      m[2] === "" ? [] : m[2]!.split(",").map(Number),
    );
    expect(runs[0]).toEqual({ rule: 0, numRep: 3, minX: 0, mappings: expected });
  });

  it("compare --json counts the mismatches crushtool counted", () => {
    const r = crushmapCli(["compare", "-i", map("10-tunables-argonaut"), "--compare", map("14-tunables-jewel"), "--rule", "0", "--num-rep", "3", "--min-x", "0", "--max-x", "1023", "--json"]);
    expect(r.status).toBe(1);
    const m = /rule 0 had (\d+)\/(\d+) mismatched/.exec(out("10-tunables-argonaut.case43.txt"))!;
    expect(JSON.parse(r.stdout)).toEqual({ equivalent: false, rules: [{ rule: 0, mismatched: Number(m[1]), total: Number(m[2]) }] });
  });

  it("tree --json has one row per line of crushtool's tree", () => {
    const r = crushmapCli(["tree", "-i", map("23-classes-ids-straw2"), "--json"]);
    const rows = JSON.parse(r.stdout).rows as { id: number; label: string }[];
    const lines = out("23-classes-ids-straw2.tree.txt").trimEnd().split("\n").slice(1);
    expect(rows).toHaveLength(lines.length);
    rows.forEach((row, i) => expect(lines[i]).toContain(row.label));
  });
});
