/**
 * The package as a user receives it: `npm pack` of a fresh checkout builds (prepack) and ships
 * dist/, and every entry package.json declares, and every value dist/*.d.ts declares, exists at
 * run time. The checkout is the working tree's files without dist/ (what a clone holds), built
 * once.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
let clone = "";
let packed: string[] = [];

beforeAll(() => {
  clone = mkdtempSync(join(tmpdir(), "crushmap-pack-"));
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: root, encoding: "utf8" }).split("\0");
  for (const f of files) {
    if (f === "" || !existsSync(join(root, f))) continue; // deleted but not yet committed
    mkdirSync(dirname(join(clone, f)), { recursive: true });
    copyFileSync(join(root, f), join(clone, f));
  }
  symlinkSync(join(root, "node_modules"), join(clone, "node_modules"));
  // prepack builds; its output precedes the JSON on stdout
  const out = execFileSync("npm", ["pack", "--dry-run", "--json"], { cwd: clone, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 26 });
  const report = JSON.parse(out.slice(out.search(/^\[/m))) as { files: { path: string }[] }[];
  packed = report[0]!.files.map((f) => f.path);
}, 600_000);

afterAll(() => {
  if (clone !== "") rmSync(clone, { recursive: true, force: true });
});

/** Runs `code` with node in the clone, where `crushmap` resolves to the package itself. */
function nodeIn(code: string, type: "module" | "commonjs"): string {
  return execFileSync("node", [type === "module" ? "--input-type=module" : "--input-type=commonjs", "-e", code], { cwd: clone, encoding: "utf8" });
}

/** The value names a d.ts file exports (its closing `export { … }`, types left out). */
function declaredValues(dts: string): string[] {
  const m = /export \{([^}]*)\};\s*$/.exec(dts);
  if (m === null) return [];
  return m[1]!
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "" && !s.startsWith("type "))
    .map((s) => s.split(/\s+as\s+/).pop()!);
}

describe("package.json", () => {
  it("says where the code lives and where to report bugs, all three naming the same repository", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      repository?: string | { type?: string; url?: string };
      homepage?: string;
      bugs?: string | { url?: string };
      license?: string;
    };
    const repository = typeof pkg.repository === "string" ? pkg.repository : pkg.repository?.url;
    const bugs = typeof pkg.bugs === "string" ? pkg.bugs : pkg.bugs?.url;
    expect(repository, "repository").toBeTypeOf("string");
    expect(pkg.homepage, "homepage").toMatch(/^https:\/\//);
    expect(bugs, "bugs").toMatch(/^https:\/\//);
    expect(pkg.license).toBe("MIT");
    // "owner/name" (npm's GitHub shorthand) or a URL ending in it
    const slug = /(?:^|github\.com[/:])([\w.-]+\/[\w.-]+?)(?:\.git)?$/.exec(repository!.replace(/^github:/, ""))?.[1];
    expect(slug, `repository ${repository}`).toBeDefined();
    expect(pkg.homepage).toContain(`github.com/${slug}`);
    expect(bugs).toContain(`github.com/${slug}`);
  });
});

describe("npm pack of a fresh checkout", () => {
  it("builds and ships dist/, the CLI, the worker, README and LICENSE", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts.prepack).toMatch(/build/);
    for (const f of ["dist/index.js", "dist/index.cjs", "dist/index.d.ts", "dist/node/index.js", "dist/node/index.cjs", "dist/node/mapWorker.js", "dist/node/mapWorker.cjs", "dist/cli.js", "README.md", "LICENSE", "package.json"]) {
      expect(packed).toContain(f);
    }
    expect(packed.filter((f) => !f.startsWith("dist/") && !["README.md", "LICENSE", "package.json"].includes(f))).toEqual([]);
  });

  it("has every entry package.json declares, in both module formats", () => {
    const pkg = JSON.parse(readFileSync(join(clone, "package.json"), "utf8")) as { exports: Record<string, unknown>; bin: Record<string, string> };
    const targets: string[] = [];
    const collect = (v: unknown): void => {
      if (typeof v === "string") targets.push(v);
      else if (typeof v === "object" && v !== null) Object.values(v).forEach(collect);
    };
    collect(pkg.exports);
    expect(targets.length).toBeGreaterThan(8);
    for (const t of [...targets, ...Object.values(pkg.bin)]) expect(packed, t).toContain(t.replace(/^\.\//, ""));
    const subpaths = Object.keys(pkg.exports).filter((k) => k !== "./package.json" && k !== "./node/mapWorker");
    for (const sub of subpaths) {
      const name = sub === "." ? "crushmap" : `crushmap/${sub.slice(2)}`;
      expect(nodeIn(`const m = await import(${JSON.stringify(name)}); console.log(Object.keys(m).length > 0);`, "module").trim(), name).toBe("true");
      expect(nodeIn(`console.log(Object.keys(require(${JSON.stringify(name)})).length > 0);`, "commonjs").trim(), name).toBe("true");
    }
    expect(nodeIn(`console.log(typeof (await import("crushmap/node/mapWorker")).runMapWorker);`, "module").trim()).toBe("function");
    expect(execFileSync("node", [join(clone, "dist", "cli.js"), "--version"], { encoding: "utf8" }).trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("exports at run time every value its type declarations name", () => {
    for (const [entry, dts] of [
      ["crushmap", "dist/index.d.ts"],
      ["crushmap/node", "dist/node/index.d.ts"],
    ] as const) {
      const names = declaredValues(readFileSync(join(clone, dts), "utf8"));
      expect(names.length, dts).toBeGreaterThan(0);
      const missing = nodeIn(`const m = await import(${JSON.stringify(entry)}); console.log(JSON.stringify(${JSON.stringify(names)}.filter((n) => !(n in m))));`, "module");
      expect(JSON.parse(missing), entry).toEqual([]);
    }
    expect(declaredValues(readFileSync(join(clone, "dist/index.d.ts"), "utf8"))).toEqual(expect.arrayContaining(["SET_STEP_OPS", "CrushmapError"]));
  });
});
