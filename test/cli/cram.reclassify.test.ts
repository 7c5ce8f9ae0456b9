/**
 * reclassify.t (test/cram/crushtool/, expected lines recorded from crushtool 16.2.15) with every
 * `crushtool` call answered by crushmap writing Ceph 16.2's formats: every command passes.
 */
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runCram } from "../support/cram.js";

const root = resolve(import.meta.dirname, "..", "..");

describe("Ceph-style reclassify.t, with crushmap as crushtool 16.2", () => {
  it("passes every command crushtool 16.2.15 passes", () => {
    const dir = mkdtempSync(join(tmpdir(), "cram-bin-"));
    const loader = join(root, "node_modules/tsx/dist/esm/index.mjs");
    writeFileSync(join(dir, "crushtool"), `#!/bin/bash\nexec -a crushtool node --import ${loader} ${join(root, "src/cli/main.ts")} "$@" --release 16\n`);
    chmodSync(join(dir, "crushtool"), 0o755);
    const results = runCram(join(root, "test/cram/crushtool/reclassify-crushmap.t"), dir);
    expect(results.length).toBe(22);
    const failed = results.filter((r) => !r.passed).map((r) => ({ line: r.line, command: r.command, expected: r.expected, actual: r.actual }));
    expect(failed).toEqual([]);
  }, 300_000);
});
