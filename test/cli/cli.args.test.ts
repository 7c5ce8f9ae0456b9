/**
 * The command line reads its flags from one table per command: any order, `--flag value` and
 * `--flag=value`, crushtool's spellings anywhere, bare map arguments, `-` for standard input, and
 * the same flag for the same thing in every command.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defineCommand } from "../../src/cli/command.js";
import { choice, row } from "../../src/cli/flags.js";
import { COMMANDS, VERSION } from "../../src/cli/main.js";
import { parseArgs, spellings } from "../../src/cli/parseArgs.js";
import { crushmapCli } from "../support/crushtool.js";

const root = join(import.meta.dirname, "..", "..");
const GOLDEN = join(import.meta.dirname, "..", "fixtures", "golden");
// compile and decompile write Ceph 20.2's formats by default (the library's default release)
const bin = join(GOLDEN, "out-20", "15-straw2-hosts.bin");
const text = join(GOLDEN, "maps", "15-straw2-hosts.txt");
const decompiled = readFileSync(join(GOLDEN, "out-20", "15-straw2-hosts.decompiled.txt"), "utf8");
const dir = mkdtempSync(join(tmpdir(), "crushmap-args-"));

/** A command with one row of every kind, to parse against. */
const sample = defineCommand({
  name: "sample",
  summary: "",
  about: "",
  flags: {
    input: row({ names: ["-i", "--infn"], value: "string", metavar: "MAP", required: "a map: -i MAP", help: "" }),
    rule: row({ names: ["--rule"], value: "int", into: ["minRule", "maxRule"], help: "" }),
    minRule: row({ names: ["--min-rule"], value: "int", help: "" }),
    maxRule: row({ names: ["--max-rule"], value: "int", help: "" }),
    ratio: row({ names: ["--ratio"], value: "float", default: 0.5, help: "" }),
    weight: row({ names: ["--weight"], value: ["int", "float"], repeatable: true, help: "" }),
    loc: row({ names: ["--loc"], value: ["string", "string"], metavar: "TYPE NAME", repeatable: true, help: "" }),
    pools: row({ names: ["--pools"], value: "list", help: "" }),
    mode: row({ names: ["--mode"], value: choice(["upmap", "read"]), default: "upmap", help: "" }),
    strict: row({ names: ["--strict"], negations: ["--no-strict"], default: true, help: "" }),
    showMappings: row({ names: ["--show-mappings"], help: "" }),
    check: row({ names: ["--check"], value: "int", optional: -1, help: "" }),
  },
  positionals: ["input"],
  run: () => 0,
});

const parse = (argv: string[]) => parseArgs(sample, argv);

/** A command whose bare arguments all go to one repeatable row. */
const edit0 = defineCommand({
  name: "loose",
  summary: "",
  about: "",
  flags: { rest: row({ names: [], value: "string", repeatable: true, help: "" }) },
  positionals: ["rest"],
  run: () => 0,
});

describe("parsing from the table", () => {
  it("takes flags in any order, with = or a separate value, underscores for dashes", () => {
    const a = parse(["--ratio=0.25", "--show_mappings", "-i", "m.txt", "--mode", "read"]);
    const b = parse(["--mode=read", "m.txt", "--ratio", "0.25", "--show-mappings"]);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ input: "m.txt", ratio: 0.25, mode: "read", showMappings: true, strict: true, weight: [] });
  });

  it("keeps every occurrence of a repeatable row, several values per occurrence", () => {
    const a = parse(["m", "--weight", "3", "0.5", "--loc", "host", "h1", "--weight=4", "1", "--loc", "root", "default"]);
    expect(a.weight).toEqual([
      [3, 0.5],
      [4, 1],
    ]);
    expect(a.loc).toEqual([
      ["host", "h1"],
      ["root", "default"],
    ]);
    expect(parse(["m", "--pools", "rbd,2,cephfs"]).pools).toEqual(["rbd", "2", "cephfs"]);
  });

  it("lets a row set others in argument order, as crushtool's --rule sets --min-rule and --max-rule", () => {
    expect(parse(["m", "--rule", "1", "--min-rule", "0"])).toMatchObject({ minRule: 0, maxRule: 1 });
    expect(parse(["m", "--min-rule", "0", "--rule", "1"])).toMatchObject({ minRule: 1, maxRule: 1 });
  });

  it("takes a value that may be left out, as crushtool's --check [max_id]", () => {
    expect(parse(["m", "--check"]).check).toBe(-1);
    expect(parse(["m", "--check", "--show-mappings"]).check).toBe(-1);
    expect(parse(["m", "--check", "12"]).check).toBe(12);
    expect(parse(["m", "--check=7"]).check).toBe(7);
    expect(parse(["m"]).check).toBeUndefined();
  });

  it("reads switches and their negations, last one wins", () => {
    expect(parse(["m", "--no-strict"]).strict).toBe(false);
    expect(parse(["m", "--no-strict", "--strict"]).strict).toBe(true);
  });

  it("takes '-' as a bare argument and everything after '--' as bare", () => {
    expect(parse(["-"]).input).toBe("-");
    expect(parse(["--", "-odd-name"]).input).toBe("-odd-name");
  });

  it("keeps unknown flags as bare arguments for a command that asks for it", () => {
    const loose = defineCommand({ ...edit0, keepUnknownFlags: true });
    expect(parseArgs(loose, ["a", "--debug-crush", "0", "--x=1", "-q"]).rest).toEqual(["a", "--debug-crush", "0", "--x=1", "-q"]);
    expect(() => parseArgs(edit0, ["--debug-crush"])).toThrow("unknown option '--debug-crush'");
  });

  it.each([
    [["m", "--bogus"], "unknown option '--bogus' (see crushmap sample --help)"],
    [["m", "--ratio"], "--ratio needs a value"],
    [["m", "--weight", "1"], "--weight needs a value: --weight N X"],
    [["m", "--rule", "x"], "--rule expects an integer, got 'x'"],
    [["m", "--ratio", "lots"], "--ratio expects a number, got 'lots'"],
    [["m", "--mode", "fast"], "--mode is upmap or read, got 'fast'"],
    [["m", "--strict=yes"], "--strict takes no value, got '--strict=yes'"],
    [["m", "--pools", "a,,b"], "--pools expects a comma-separated list, got 'a,,b'"],
    [["--ratio", "1"], "sample needs a map: -i MAP"],
    [["a", "b"], "unexpected argument 'b' (see crushmap sample --help)"],
    [["-i", "a", "b"], "sample takes one MAP, got 'a' and 'b'"],
  ])("rejects %j: %s", (argv, message) => {
    expect(() => parse(argv)).toThrow(message);
  });
});

describe("crushtool's editing options as rows (issue 13)", () => {
  const edit = defineCommand({
    name: "",
    summary: "",
    about: "",
    flags: {
      input: row({ names: ["-i", "--infn"], value: "string", help: "" }),
      build: row({ names: ["--build"], help: "" }),
      numOsds: row({ names: ["--num-osds"], value: "int", help: "" }),
      layers: row({ names: [], value: "string", metavar: "LAYER ALG SIZE", repeatable: true, help: "" }),
      addItem: row({ names: ["--add-item"], value: ["int", "float", "string"], metavar: "ID W NAME", help: "" }),
      loc: row({ names: ["--loc"], value: ["string", "string"], metavar: "TYPE NAME", repeatable: true, help: "" }),
      setChooseTotalTries: row({ names: ["--set-choose-total-tries"], value: "int", help: "" }),
      output: row({ names: ["-o", "--outfn"], value: "string", help: "" }),
    },
    positionals: ["layers"],
    run: () => 0,
  });

  it("reads --add-item ID W NAME with --loc pairs and --set-* tunables in any order", () => {
    const a = parseArgs(edit, ["--loc", "root", "default", "-i", "m", "--add-item", "3", "1.5", "osd.3", "--set_choose_total_tries", "100", "--loc", "host", "h1", "-o", "out"]);
    expect(a).toMatchObject({ input: "m", addItem: [3, 1.5, "osd.3"], setChooseTotalTries: 100, output: "out" });
    expect(a.loc).toEqual([
      ["root", "default"],
      ["host", "h1"],
    ]);
  });

  it("reads --build's layers as the bare arguments that follow", () => {
    const a = parseArgs(edit, ["--build", "--num_osds", "10", "host", "straw2", "2", "root", "straw2", "0", "-o", "map"]);
    expect(a).toMatchObject({ build: true, numOsds: 10, layers: ["host", "straw2", "2", "root", "straw2", "0"], output: "map" });
  });
});

describe("every command", () => {
  const byName = new Map(COMMANDS.map((c) => [c.name, c]));
  const has = (command: string, flag: string): boolean => spellings(byName.get(command)!.flags).has(flag);

  it("lists every flag of its table in --help", () => {
    for (const c of COMMANDS) {
      const help = crushmapCli([c.name, "--help"]);
      expect(help.status).toBe(0);
      for (const r of Object.values(c.flags)) if (r.hidden !== true) for (const name of r.names) expect(help.stdout, `${c.name} ${name}`).toContain(name);
    }
  });

  it("takes --strict and --no-strict wherever an OSD map is read, --json wherever it reports", () => {
    const withOsdmap = COMMANDS.filter((c) => has(c.name, "--osdmap")).map((c) => c.name);
    expect(withOsdmap).toEqual(["spread", "map-pgs", "map-pg", "map-object", "plan", "balance", "failure", "durability", "audit"]);
    for (const name of withOsdmap) expect([has(name, "--strict"), has(name, "--no-strict")], name).toEqual([true, true]);
    for (const name of ["test", "compare", "tree", "analyze", ...withOsdmap]) expect(has(name, "--json"), name).toBe(true);
  });

  it("takes the crush map as -i MAP, --infn MAP or a bare MAP where crushtool users type one", () => {
    for (const name of ["test", "compare", "tree", "analyze", "compile", "decompile", "audit"]) {
      expect([has(name, "-i"), has(name, "--infn"), byName.get(name)!.positionals?.[0]], name).toEqual([true, true, expect.any(String)]);
    }
  });

  it("has no hand-written flag loop left", () => {
    const sources = readdirSync(join(root, "src", "cli")).map((f) => readFileSync(join(root, "src", "cli", f), "utf8"));
    for (const s of sources) expect(s).not.toMatch(/case\s+"-/);
  });
});

describe("crushtool's spellings", () => {
  it("decompiles with -d and -o in any order, and with --decompile / --outfn", () => {
    for (const args of [
      ["-o", join(dir, "a.txt"), "-d", bin],
      ["-d", bin, "-o", join(dir, "b.txt")],
      ["--decompile", bin, "--outfn", join(dir, "c.txt")],
    ]) {
      expect(crushmapCli(args)).toEqual({ stdout: "", stderr: "", status: 0 });
    }
    for (const f of ["a", "b", "c"]) expect(readFileSync(join(dir, `${f}.txt`), "utf8")).toBe(decompiled);
    expect(crushmapCli(["decompile", bin]).stdout).toBe(decompiled);
  });

  it("compiles with -c / --compile and -o / --outfn anywhere", () => {
    expect(crushmapCli(["--outfn", join(dir, "x.bin"), "--compile", text]).status).toBe(0);
    expect(crushmapCli(["compile", text, "-o", join(dir, "y.bin")]).status).toBe(0);
    expect(readFileSync(join(dir, "x.bin")).equals(readFileSync(bin))).toBe(true);
    expect(readFileSync(join(dir, "y.bin")).equals(readFileSync(bin))).toBe(true);
  });

  it("runs --test, --tree and --compare with -i or --infn in any position", () => {
    const want = crushmapCli(["test", bin, "--num-rep", "3", "--max-x", "20", "--show-mappings"]);
    expect(want.stdout).toMatch(/^CRUSH rule 0 x 0 \[/);
    expect(crushmapCli(["--num-rep", "3", "--test", "--max-x", "20", "--show_mappings", "--infn", bin])).toEqual(want);
    expect(crushmapCli(["--tree", "-i", bin])).toEqual(crushmapCli(["tree", bin]));
    expect(crushmapCli(["--compare", text, "-i", bin, "--num-rep", "3"]).stdout).toMatch(/maps appear equivalent/);
    expect(crushmapCli(["compare", bin, text, "--num-rep", "3"]).stdout).toMatch(/maps appear equivalent/);
  });

  it("keeps options it does not know among --build's layers, as crushtool does (it reads Ceph config options only from CEPH_ARGS)", () => {
    // crushtool 16.2 and 18.2: `--debug-crush 0` is two more layer words, so five words are not 3-tuples
    const out = join(dir, "never.bin");
    expect(crushmapCli(["--outfn", out, "--debug-crush", "0", "--build", "--num_osds", "5", "node", "straw", "0"])).toEqual({
      stdout: "",
      stderr: "remaining args: [--debug-crush,0,node,straw,0]\nlayers must be specified with 3-tuples of (name, buckettype, size)\n",
      status: 1,
    });
    expect(readdirSync(dir)).not.toContain("never.bin");
    expect(crushmapCli(["--build", "--num_osds", "4", "node", "straw", "2", "--debug_crush=0"]).stderr).toBe(
      "remaining args: [node,straw,2,--debug_crush=0]\nlayers must be specified with 3-tuples of (name, buckettype, size)\n",
    );
    // six words: the option and its value make a layer whose bucket type is '0'
    expect(crushmapCli(["--build", "--num_osds", "4", "node", "straw", "2", "--debug-crush", "0", "root"]).stderr).toBe("unknown bucket type '0'\n");
  });

  it("refuses options it does not know without --build, in crushtool's words", () => {
    for (const args of [["-i", bin, "--tree", "--debug-crush", "0"], ["-d", bin, "--debug-crush", "0"]]) {
      expect(crushmapCli(args)).toEqual({ stdout: "", stderr: "unrecognized arguments: [--debug-crush,0]\n", status: 1 });
    }
  });

  it("says crushtool's words when no action is given, before reading the map", () => {
    const none = [1, "", "no action specified; -h for help\n"];
    const r = (args: string[]) => { const o = crushmapCli(args); return [o.status, o.stdout, o.stderr]; };
    expect(r(["-i", bin])).toEqual(none);
    expect(r(["-i", bin, "-o", join(dir, "never")])).toEqual(none);
    expect(existsSync(join(dir, "never"))).toBe(false);
    // crushtool looks for an action first: a missing map is not read
    expect(r(["-i", join(dir, "missing.bin")])).toEqual(none);
    // --set-subtree-class acts only inside --reclassify
    expect(r(["-i", bin, "--set-subtree-class", "host0", "ssd", "-o", join(dir, "never")])).toEqual(none);
    expect(r(["-i", bin, "--set-subtree-class", "host0", "ssd", "--tree"])).toEqual(r(["-i", bin, "--tree"]));
  });
});

describe("the package version", () => {
  it("is printed by --version and -V", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
    expect(VERSION).toBe(pkg.version);
    expect(crushmapCli(["--version"])).toEqual({ stdout: `${pkg.version}\n`, stderr: "", status: 0 });
    expect(crushmapCli(["-V"]).stdout).toBe(`${pkg.version}\n`);
  });
});

describe("standard input", () => {
  it("reads a map from '-'", () => {
    const tsx = join(root, "node_modules", ".bin", "tsx");
    const r = spawnSync(tsx, [join(root, "src", "cli", "main.ts"), "tree", "-"], { input: readFileSync(bin), encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(crushmapCli(["tree", bin]).stdout);
  });
});
