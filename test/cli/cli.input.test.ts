/**
 * What the CLI reads is bounded: a device or pipe without end, random bytes or a huge file fail
 * at once with one line, as crushtool refuses /dev/zero, instead of filling the memory.
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataError } from "../../src/cli/errors.js";
import { readInput } from "../../src/cli/io.js";
import { crushMapHead } from "../../src/cli/loadMap.js";
import { crushmapCli } from "../support/crushtool.js";
import { OSDMAP_FIXTURES } from "../support/osdmapFixture.js";

const dir = mkdtempSync(join(tmpdir(), "crushmap-input-"));
const crush = join(OSDMAP_FIXTURES, "rep-basic", "crush.txt");
const osdmap = join(OSDMAP_FIXTURES, "rep-basic", "osdmap.json");
const hasDevices = existsSync("/dev/zero") && existsSync("/dev/urandom");

function oneLine(r: { stdout: string; stderr: string; status: number }): string {
  expect(r.status).toBe(1);
  expect(r.stdout).toBe("");
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  return r.stderr;
}

describe.skipIf(!hasDevices)("inputs without end", () => {
  it.each([
    [["test", "-i", "/dev/zero", "--num-rep", "1"], /^crushmap: \/dev\/zero: neither a binary crush map .* nor text/],
    [["tree", "-i", "/dev/urandom"], /^crushmap: \/dev\/urandom: neither a binary crush map/],
    [["decompile", "/dev/zero"], /^crushmap: \/dev\/zero: neither/],
    [["map-pgs", "--osdmap", "/dev/zero", "--crush", crush], /^crushmap: \/dev\/zero: not JSON text/],
    [["map-pgs", "--osdmap", osdmap, "--crush", "/dev/zero"], /^crushmap: \/dev\/zero: neither/],
  ])("%j fails at once in one line", (args, message) => {
    expect(oneLine(crushmapCli(args))).toMatch(message);
  });

  it("stops reading a device past the input limit", () => {
    expect(() => readInput("/dev/zero", undefined, 2 ** 20)).toThrow(DataError);
    expect(() => readInput("/dev/zero", undefined, 2 ** 20)).toThrow("/dev/zero: more than the 1048576 bytes an input may have");
  });
});

describe("input size", () => {
  it("refuses a regular file past the limit from its size, before reading it", () => {
    const big = join(dir, "big.txt");
    writeFileSync(big, Buffer.alloc(3 * 2 ** 20, 0x20));
    expect(() => readInput(big, undefined, 2 ** 20)).toThrow(`${big}: 3145728 bytes, more than the 1048576 bytes an input may have`);
    expect(readInput(big, undefined, 4 * 2 ** 20)).toHaveLength(3 * 2 ** 20);
  });

  it("reads a file of several chunks whole, and checks only its start", () => {
    const text = join(dir, "long.txt");
    const body = "# comment\n".repeat(50_000);
    writeFileSync(text, body);
    let seen = 0;
    const bytes = readInput(text, (head) => void (seen = head.length));
    expect(Buffer.from(bytes).toString("utf8")).toBe(body);
    expect(seen).toBe(64 * 1024);
  });

  it("tells a crush map's start from other bytes", () => {
    expect(crushMapHead(new TextEncoder().encode("device 0 osd.0\n"))).toBeUndefined();
    expect(crushMapHead(new Uint8Array([0x00, 0x00, 0x01, 0x00, 0x00]))).toBeUndefined(); // the binary magic
    expect(crushMapHead(new Uint8Array([0x64, 0x00, 0x65]))).toMatch(/neither a binary crush map/);
  });
});

describe("warnings from the crush map", () => {
  it("loads a map whose bucket weights wrap past 32 bits, as Ceph does, with one warning line per bucket on stderr", () => {
    const r = crushmapCli(["tree", join(import.meta.dirname, "..", "fixtures", "fuzz", "weight-wraps.bin")]);
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(0);
    const lines = r.stderr.split("\n").filter((l) => l !== "");
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatch(/^crushmap: warning: /);
  });
});
