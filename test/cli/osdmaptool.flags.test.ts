/**
 * osdmaptool's options are rows of the CLI's one flag table (osdmaptoolFlags.ts), each declared
 * once with an `osdmaptool` rule, and its spelling is read from those rows alone. The options are
 * held to what osdmaptool documents: the usage texts of 16.2, 18.2 and 20.2 (osdmaptoolHelp.ts;
 * 18.2's is Ceph's own cram file help.t, compared word for word in osdmaptool.args.test.ts), and,
 * where a Ceph osdmaptool binary is present, the option names compiled into it.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { row } from "../../src/cli/flags.js";
import { cephArgName, readOsdmaptoolLine } from "../../src/cli/osdmaptoolArgs.js";
import { OSDMAPTOOL_LEFT_TO_CEPH } from "../../src/cli/osdmaptoolCommand.js";
import { OSDMAPTOOL_FLAGS, type OsdmaptoolFlagTable } from "../../src/cli/osdmaptoolFlags.js";
import { osdmaptoolHelp } from "../../src/cli/osdmaptoolHelp.js";
import type { CephRelease } from "../../src/map/release.js";
import { standInUnless } from "../support/standIn.js";

const TABLE: OsdmaptoolFlagTable = OSDMAPTOOL_FLAGS;

/** crushmap's own options in osdmaptool's spelling (osdmaptool has neither). */
const CRUSHMAP_OWN = ["--crush", "--release"];

/**
 * What osdmaptool's option loop reads but its usage does not show (osdmaptool.cc: `-p` beside
 * --print, the --osd-pg-bits spellings, --upmap-seed); the binaries below hold each of them.
 */
const UNDOCUMENTED = ["-p", "--osd-pg-bits", "--osd-pgp-bits", "--upmap-seed"];

/** Every spelling of every row, as Ceph's parser compares them. */
function tableNames(): string[] {
  return Object.values(TABLE).flatMap((r) => r.names.map(cephArgName));
}

/** The option names a usage text shows (`--pg-bits <bits>`, `[--pool <poolid>]`, …). */
function documented(help: string): Set<string> {
  return new Set([...help.matchAll(/(?<![\w-])--[a-z][a-z_-]*[a-z]/g)].map((m) => cephArgName(m[0])));
}

describe("osdmaptool's options in the shared flag table", () => {
  it("every row has an osdmaptool rule, and a row takes a value exactly when its rule reads one", () => {
    for (const [key, r] of Object.entries(TABLE)) {
      expect(r.osdmaptool, key).toBeDefined();
      expect(r.value === undefined, key).toBe(r.osdmaptool.read === "flag");
      expect(r.names.length, key).toBeGreaterThan(0);
      // a value osdmaptool lets be left out is an optional one; only a string row repeats (a set)
      expect(r.optional !== undefined, key).toBe(r.osdmaptool.read === "strLoose");
      if (r.repeatable === true) expect(r.osdmaptool.read, key).toBe("str");
    }
  });

  it("declares each option once: no spelling, after Ceph's dashes-to-underscores, in two rows", () => {
    const names = tableNames();
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it("holds exactly the options osdmaptool 16.2–20.2 document, the few their loop reads undocumented, and crushmap's own", () => {
    const usage = new Set(([16, 18, 20] as const).flatMap((r) => [...documented(osdmaptoolHelp(r))]));
    const expected = new Set([...usage, ...UNDOCUMENTED.map(cephArgName), ...CRUSHMAP_OWN.map(cephArgName)]);
    expect([...new Set(tableNames())].sort()).toEqual([...expected].sort());
    // each release's usage adds to the one before: 18.2 --read, --read-pool, --vstart; 20.2 --osd-size-aware
    expect([...documented(osdmaptoolHelp(18))].filter((n) => !documented(osdmaptoolHelp(16)).has(n)).sort()).toEqual(["--read", "--read_pool", "--vstart"]);
    expect([...documented(osdmaptoolHelp(20))].filter((n) => !documented(osdmaptoolHelp(18)).has(n))).toEqual(["--osd_size_aware"]);
  });

  it("what crushmap leaves to Ceph's osdmaptool is the rows marked so, in every spelling", () => {
    const marked = Object.values(TABLE).filter((r) => r.osdmaptool.leftToCeph === true);
    expect(OSDMAPTOOL_LEFT_TO_CEPH).toEqual(marked.flatMap((r) => r.names.map(cephArgName)));
    expect(OSDMAPTOOL_LEFT_TO_CEPH).toContain("--createsimple");
    expect(OSDMAPTOOL_LEFT_TO_CEPH).not.toContain("--test_map_pgs");
  });

  it("reads a command line from the rows alone: a new row is a new option, read by its rule", () => {
    const table = {
      ...OSDMAPTOOL_FLAGS,
      fooBar: row({ names: ["--foo-bar"], value: "int", metavar: "N", osdmaptool: { read: "intLoose" }, help: "a test option" }),
      baz: row({ names: ["--baz"], value: "string", metavar: "S", repeatable: true, osdmaptool: { read: "str" }, help: "a repeatable test option" }),
    } satisfies OsdmaptoolFlagTable;
    const line = readOsdmaptoolLine(table, ["om", "--foo_bar=7", "--baz", "b", "--baz=a", "--baz", "b", "--tree"]);
    expect(line).toEqual({ positionals: ["om"], values: { fooBar: 7, tree: "" }, lists: new Map([["baz", ["a", "b"]]]) });
    // without its row the same words are positionals
    expect(readOsdmaptoolLine(OSDMAPTOOL_FLAGS, ["om", "--foo-bar"])).toMatchObject({ positionals: ["om", "--foo-bar"] });
  });
});

/** The Ceph osdmaptool binaries present: the installed one (16.2) and the chroots' (18.2, 20.2). */
const BINARY_PATHS: readonly { release: CephRelease; path: string }[] = [
  { release: 16, path: "/usr/bin/osdmaptool" },
  { release: 18, path: "/work/chroots/ceph18/usr/bin/osdmaptool" },
  { release: 20, path: "/work/chroots/ceph20/usr/bin/osdmaptool" },
];
const BINARIES = BINARY_PATHS.filter((b) => existsSync(b.path));

/** The NUL-terminated strings of a binary that look like a long option (`--mark-up-in`, `--pg_num`). */
function compiledOptions(path: string): Set<string> {
  const bytes = readFileSync(path);
  const out = new Set<string>();
  let start = 0;
  for (let i = bytes.indexOf(0); i >= 0; start = i + 1, i = bytes.indexOf(0, start)) {
    if (i - start < 3 || i - start > 40 || bytes[start] !== 0x2d || bytes[start + 1] !== 0x2d) continue;
    const text = bytes.subarray(start, i).toString("latin1");
    if (/^--[a-z][a-z_-]*$/.test(text)) out.add(cephArgName(text));
  }
  return out;
}

standInUnless(BINARIES.length > 0, "osdmaptool's options against its binaries", "no osdmaptool binary (installed or in a Ceph chroot): the comparison with the names compiled into it is skipped");
describe.skipIf(BINARIES.length === 0)("osdmaptool's options against the names compiled into osdmaptool (present)", () => {
  const names = new Set(tableNames());
  for (const { release, path } of BINARIES) {
    it(`${release}.2: every option osdmaptool ${path} holds is a row, and its usage's options are among them`, () => {
      const compiled = compiledOptions(path);
      expect([...compiled].filter((n) => !names.has(n))).toEqual([]);
      expect([...documented(osdmaptoolHelp(release))].filter((n) => !compiled.has(n))).toEqual([]);
      for (const n of UNDOCUMENTED.filter((u) => u.startsWith("--") && (u !== "--upmap-seed" || release >= 18))) expect(compiled.has(cephArgName(n)), n).toBe(true);
    });
  }
  it.skipIf(BINARIES.length < 3)("16.2, 18.2 and 20.2 together hold every long option of the table but crushmap's own", () => {
    const all = new Set(BINARIES.flatMap((b) => [...compiledOptions(b.path)]));
    const long = [...names].filter((n) => n.startsWith("--") && !CRUSHMAP_OWN.map(cephArgName).includes(n));
    expect(long.filter((n) => !all.has(n))).toEqual([]);
  });
});
