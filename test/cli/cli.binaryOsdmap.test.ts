/**
 * Every command that reads an OSD map takes Ceph's binary map (`ceph osd getmap`) as well as its
 * JSON dump, and a binary map needs no --crush: it carries its crush map.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { crushmapCli } from "../support/crushtool.js";

const F = join(import.meta.dirname, "..", "fixtures", "osdmap", "rep-basic");
const bin = join(F, "osdmap.bin");
const json = join(F, "osdmap.json");
const crush = join(F, "crush.bin");

describe("a binary --osdmap stands for the JSON dump and its crush map", () => {
  const cases: [string, string[], string[]][] = [
    ["spread", ["spread", "--osdmap", bin, "--pool", "1"], ["spread", "--osdmap", json, "-i", crush, "--pool", "1"]],
    ["audit", ["audit", "--osdmap", bin], ["audit", "--osdmap", json, "--crush", crush]],
    ["failure", ["failure", "--osdmap", bin, "--pool", "1", "--fail", "osd.0"], ["failure", "--osdmap", json, "--crush", crush, "--pool", "1", "--fail", "osd.0"]],
    ["durability", ["durability", "--osdmap", bin, "--pool", "1", "--failures", "2"], ["durability", "--osdmap", json, "--crush", crush, "--pool", "1", "--failures", "2"]],
  ];
  for (const [name, fromBinary, fromJson] of cases) {
    it(name, () => {
      const want = crushmapCli(fromJson);
      expect(want.status).toBe(0);
      expect(want.stdout.length).toBeGreaterThan(50);
      expect(crushmapCli(fromBinary)).toEqual(want);
    });
  }

  it("a JSON dump without its crush map, or no map at all, is a usage error naming what is missing", () => {
    expect(crushmapCli(["spread", "--osdmap", json, "--pool", "1"])).toMatchObject({ status: 2, stderr: expect.stringMatching(/is a JSON OSD map: give its crush map with --crush CRUSH\n$/) });
    expect(crushmapCli(["spread", "--pool", "1"])).toMatchObject({ status: 2, stderr: "crushmap: spread needs a map: -i MAP\n" });
    expect(crushmapCli(["audit"])).toMatchObject({ status: 2, stderr: "crushmap: audit needs --crush CRUSH or a binary --osdmap\n" });
  });
});
