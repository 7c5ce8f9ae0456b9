/**
 * Bad input gives a typed error naming the problem: in the library and on the command line.
 */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CrushmapError, CrushMappingError, CrushParseError, loadCrushMap, Mapper, PlanError } from "../../src/index.js";
import { crushmapCli } from "../support/crushtool.js";
import { modelMap } from "../support/modelMap.js";

const { map } = modelMap(7);

describe("mapping requests that cannot be answered", () => {
  const mapper = new Mapper(map);
  const cases: [string, () => unknown, RegExp][] = [
    ["an unknown rule", () => mapper.map(9, 1, 3), /rule 9 does not exist/],
    ["a negative rule id", () => mapper.map(-1, 1, 3), /rule -1 does not exist/],
    ["num-rep above the result limit", () => mapper.map(0, 1, 300000), /num-rep 300000 is outside 0\.\.262144/],
    ["a fractional num-rep", () => mapper.map(0, 1, 2.5), /num-rep 2\.5/],
    ["an input that is not a 32-bit integer", () => mapper.map(0, 2 ** 40, 3), /input x/],
    ["NaN as input", () => mapper.map(0, Number.NaN, 3), /input x NaN/],
    ["an output buffer too small", () => mapper.mapInto(0, 1, 3, new Int32Array(2)), /holds 2 entries, need 3/],
    ["a reweight that is not 16.16", () => new Mapper(map, { reweight: [0x10000, -1] }), /reweight of device 1/],
  ];
  for (const [what, call, message] of cases) {
    it(`rejects ${what} with a CrushMappingError`, () => {
      expect(call).toThrow(CrushMappingError);
      expect(call).toThrow(message);
    });
  }
});

describe("maps that are not maps", () => {
  it("rejects garbage text with a parse error carrying line and column", () => {
    try {
      loadCrushMap("device 0 osd.0\nthis is not a crush map {\n");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CrushParseError);
      expect((e as CrushParseError).line).toBe(2);
      expect((e as CrushParseError).column).toBeGreaterThan(0);
    }
  });
  it("rejects an empty map", () => {
    expect(() => loadCrushMap("   \n")).toThrow(/empty crush map/);
  });
});

describe("the command line", () => {
  const dir = mkdtempSync(join(tmpdir(), "crushmap-cli-"));
  const good = join(dir, "good.txt");
  writeFileSync(
    good,
    "device 0 osd.0\ntype 0 osd\ntype 1 root\nroot r {\n\tid -1\n\talg straw2\n\thash 0\n\titem osd.0 weight 1.000\n}\nrule x {\n\tid 0\n\ttype replicated\n\tmin_size 1\n\tmax_size 3\n\tstep take r\n\tstep choose firstn 0 type osd\n\tstep emit\n}\n",
  );
  const empty = join(dir, "empty.txt");
  writeFileSync(empty, "");
  const garbage = join(dir, "garbage.txt");
  writeFileSync(garbage, "type 0 osd\ntype 1 host\nhost h {\n\tid -1\n\talg spaghetti\n}\n");
  const truncated = join(dir, "truncated.bin");
  writeFileSync(truncated, readFileSync(join(__dirname, "..", "fixtures", "golden", "out", "15-straw2-hosts.bin")).subarray(0, 301));
  const corrupted = join(dir, "corrupted.bin");
  const bytes = new Uint8Array(readFileSync(join(__dirname, "..", "fixtures", "golden", "out", "15-straw2-hosts.bin")));
  bytes.fill(0xff, 40, 48);
  writeFileSync(corrupted, bytes);
  const sub = join(dir, "sub");
  mkdirSync(sub);

  const cases: [string, string[], number, RegExp][] = [
    ["a missing file", ["test", "-i", join(dir, "nope.txt"), "--num-rep", "1"], 1, /nope\.txt: no such file/],
    ["a directory", ["test", "-i", sub, "--num-rep", "1"], 1, /sub: is a directory/],
    ["an empty file", ["test", "-i", empty, "--num-rep", "1"], 1, /empty\.txt: empty file/],
    ["a map with garbage", ["test", "-i", garbage, "--num-rep", "1"], 1, /garbage\.txt: .*spaghetti/],
    ["a truncated binary map", ["test", "-i", truncated, "--num-rep", "1"], 1, /truncated\.bin: binary crushmap: .* at byte \d+/],
    ["a corrupted binary map", ["tree", "-i", corrupted], 1, /corrupted\.bin: bucket default contains itself/],
    ["arguments to demo", ["demo", "--fast"], 2, /demo takes no arguments/],
    ["an unknown flag", ["test", "-i", good, "--bogus"], 2, /unknown option '--bogus'/],
    ["a flag missing its value", ["test", "-i", good, "--weight", "1"], 2, /--weight needs a value/],
    ["a non-numeric value", ["test", "-i", good, "--rule", "abc"], 2, /--rule expects an integer, got 'abc'/],
    ["num-rep above the limit", ["test", "-i", good, "--num-rep", "300000", "--show-mappings"], 2, /above the limit/],
    ["an unknown command", ["frobnicate"], 2, /unknown command 'frobnicate'/],
    ["no map", ["test", "--num-rep", "1"], 2, /needs a map/],
  ];
  for (const [what, args, status, message] of cases) {
    it(`reports ${what} in one line on stderr with exit status ${status}`, () => {
      const r = crushmapCli(args);
      expect(r.status).toBe(status);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    });
  }

  it("prints mappings for a good map", () => {
    const r = crushmapCli(["test", "-i", good, "--num-rep", "1", "--x", "5", "--show-mappings"]);
    expect(r).toEqual({ stdout: "CRUSH rule 0 x 5 [0]\n", stderr: "", status: 0 });
  });
});

describe("one base class", () => {
  it("every error class the library exports derives from CrushmapError and keeps its own name", async () => {
    const api = { ...(await import("../../src/index.js")), ...(await import("../../src/node/index.js")) } as Record<string, unknown>;
    const classes = Object.entries(api).filter(
      ([name, v]) => typeof v === "function" && /Error$/.test(name) && (v as { prototype?: unknown }).prototype instanceof Error,
    ) as [string, new (...args: never[]) => Error][];
    expect(classes.map(([n]) => n)).toEqual(expect.arrayContaining(["CrushmapError", "CrushMapError", "CrushParseError", "PlanError", "FailureError", "MapWorkerError"]));
    for (const [name, Class] of classes) {
      const e = new (Class as unknown as new (m: string, a?: unknown, b?: unknown) => Error)("boom", 1, 2);
      expect(e, name).toBeInstanceOf(CrushmapError);
      expect(e.name).toBe(name);
    }
  });

  it("keeps each layer's fields: CrushParseError's line and column, the others' item", () => {
    const p = new CrushParseError("bad", 3, 7);
    expect([p.line, p.column, p.message]).toEqual([3, 7, "3:7: bad"]);
    expect(new PlanError("no such pool", "rbd").item).toBe("rbd");
  });
});

describe("the command line's one place for errors", () => {
  it("reports every library error as one line on stderr with exit status 1, usage errors with 2", async () => {
    const { reportError, UsageError } = await import("../../src/cli/errors.js");
    const api = (await import("../../src/index.js")) as Record<string, unknown>;
    const classes = Object.entries(api).filter(([n, v]) => /Error$/.test(n) && typeof v === "function") as [string, new (m: string, a?: unknown, b?: unknown) => Error][];
    expect(classes.length).toBeGreaterThanOrEqual(9);
    for (const [name, Class] of classes) {
      let out = "";
      const status = reportError(new Class("something is wrong", 1, 2), (t) => void (out += t), false);
      expect([name, status]).toEqual([name, 1]);
      expect(out).toMatch(/^crushmap: (1:2: )?something is wrong\n$/);
    }
    let out = "";
    expect(reportError(new UsageError("--x needs a value"), (t) => void (out += t), false)).toBe(2);
    expect(out).toBe("crushmap: --x needs a value\n");
  });

  it("leaves no catch list of error classes in the commands", () => {
    const dir = join(__dirname, "..", "..", "src", "cli");
    for (const f of ["balanceCommand.ts", "failureCommands.ts", "placementCommands.ts", "planCommand.ts", "testCommand.ts", "treeCommand.ts", "analyzeCommand.ts", "compileCommand.ts", "loadMap.ts", "loadState.ts"]) {
      expect(readFileSync(join(dir, f), "utf8"), f).not.toMatch(/instanceof \w*Error|catch \(/);
    }
  });
});
