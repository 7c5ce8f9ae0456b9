/**
 * Reading an OSD map dump builds only what placement reads (src/placement/osdmapJsonLean.ts):
 * the fields it keeps are exactly JSON.parse's, and text JSON.parse refuses is refused.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ClusterStateError } from "../../src/placement/errors.js";
import { checkJson } from "../../src/placement/jsonCheck.js";
import { leanOsdmapDocument } from "../../src/placement/osdmapJsonLean.js";
import { osdmapOfReport } from "../../src/plan/cephReport.js";

const ROOT = join(__dirname, "..", "fixtures", "osdmap");
const dumps: string[] = [];
for (const release of readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory())) {
  for (const c of readdirSync(join(ROOT, release.name), { withFileTypes: true }).filter((d) => d.isDirectory())) {
    try {
      dumps.push(readFileSync(join(ROOT, release.name, c.name, "osdmap.json"), "utf8"));
    } catch {
      // a case without a dump
    }
  }
}
const KEPT = ["pools", "max_osd", "epoch", "erasure_code_profiles", "require_osd_release", "pg_upmap", "pg_upmap_items", "pg_upmap_primaries", "pg_temp", "primary_temp"];
const OSD_FIELDS = ["osd", "up", "in", "weight", "primary_affinity"];

/** What the lean reader must give for `text`: JSON.parse's value (a report's dump with `report`), cut as documented, or an error. */
function expected(text: string, report = false): { error: true } | { error: false; value: unknown } {
  let full: unknown;
  try {
    full = JSON.parse(text);
  } catch {
    return { error: true };
  }
  if (report) full = osdmapOfReport(full);
  if (typeof full !== "object" || full === null || Array.isArray(full)) return { error: false, value: full };
  const o = full as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of KEPT) if (Object.prototype.hasOwnProperty.call(o, k)) out[k] = o[k];
  if (Object.prototype.hasOwnProperty.call(o, "osds")) {
    out["osds"] = Array.isArray(o["osds"])
      ? o["osds"].map((e: unknown) =>
          typeof e === "object" && e !== null && !Array.isArray(e) ? Object.fromEntries(OSD_FIELDS.filter((f) => Object.prototype.hasOwnProperty.call(e, f)).map((f) => [f, (e as Record<string, unknown>)[f]])) : e,
        )
      : o["osds"];
  }
  return { error: false, value: out };
}

function check(text: string, report = false): void {
  const want = expected(text, report);
  let got: unknown;
  let error: unknown;
  try {
    got = leanOsdmapDocument(text, { report });
  } catch (e) {
    error = e;
  }
  if (want.error) {
    expect(error, text.slice(0, 80)).toBeInstanceOf(ClusterStateError);
    expect((error as Error).message).toMatch(/^the OSD map is not JSON: /);
  } else {
    expect(error).toBeUndefined();
    // the lean root has no prototype; compare its fields
    expect(typeof got === "object" && got !== null && !Array.isArray(got) ? { ...got } : got).toEqual(want.value);
  }
}

describe("the OSD map dump, read lean", () => {
  it("has recorded dumps to read", () => {
    expect(dumps.length).toBeGreaterThan(5);
  });

  it("keeps exactly JSON.parse's values of the fields placement reads, on every recorded dump", () => {
    for (const d of dumps) check(d);
  });

  it("refuses what JSON.parse refuses and agrees with it on everything else, on mutated dumps", () => {
    const pieces = ["{", "}", "[", "]", ",", ":", '"', "\\", " ", "0", "-", "e", "x", "null", '"osds":', '"pools":[],', "\u00a0", "\n"];
    fc.assert(
      fc.property(fc.nat(dumps.length - 1), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(3), fc.constantFrom(...pieces)), { minLength: 1, maxLength: 3 }), (k, edits) => {
        let t = dumps[k]!;
        for (const [where, del, ins] of edits) {
          const at = Math.floor(where * t.length);
          t = t.slice(0, at) + ins + t.slice(at + del);
        }
        check(t);
        check(`{"fsid":"x","osdmap":${t},"pgmap":[]}`, true);
      }),
      { numRuns: 3000, seed: 17 },
    );
  });

  it("reads small documents at the edges", () => {
    for (const t of ["{}", " { } ", "[]", "5", '"x"', "null", '{"osds":[]}', '{"osds":[1,[2],{"osd":0,"uuid":"u"}]}', '{"osds":[{"osd":0,"up":1,"in":0,"weight":1,"primary_affinity":0.5},{"osd":-0,"weight":1.5e0,"up":123456789012345678,"in":999999999999999}]}', '{"osds":[{"osd":01}]}', '{"osds":[{"o\\u0073d":7,"\\u0075p":true,"weights":2,"in ":3}]}', '{"a":1,"a":2,"max_osd":3,"max_osd":4}', '{"s":"\\"}{]["}', "{", '{"a"}', '{"a":}', '{"a":1,}', '{"osds":[1,]}', "{} x", '{"a":[1}', '{"a":"\\\\"}']) check(t);
  });

  it("reads a ceph report's dump as osdmapOfReport finds it, and refuses what JSON.parse refuses", () => {
    const wrap = (d: string, before: string, after: string): string => `{${before}"osdmap":${d}${after}}`;
    const texts: string[] = [];
    for (const d of dumps.slice(0, 4)) {
      texts.push(d, wrap(d, '"fsid":"x",', ',"pgmap":{"a":[1,2]}'), wrap(d, '"pools":null,', ""), wrap(d, '"osdmap":5,', ""), wrap(d, "", ',"osdmap":[1]'), wrap(d, "", ',"osdmap":{"pools":[],"osds":[],"max_osd":0}'));
      texts.push(wrap(d.slice(0, -2), "", ""), wrap(d, "", ',"x":tru'), wrap(d, '"osdmap":{"a":}', ""));
    }
    for (const t of [...texts, '{"osdmap":{}}', '{"osdmap":{"osds":[{"osd":1,"x":2}]},"max_osd":1}', '{"osdmap":{"a":1} }', '{"osdmap":{"a":1}}}', '{"osdmap":{"a":1']) {
      check(t, true);
    }
  });

  it("keeps only the fields asked for (plan's full ratios), from a dump and from a report, as JSON.parse gives them", () => {
    const fields = new Set(["full_ratio", "backfillfull_ratio"]);
    for (const d of dumps.slice(0, 4)) {
      const full = JSON.parse(d) as Record<string, unknown>;
      const want = { full_ratio: full["full_ratio"], backfillfull_ratio: full["backfillfull_ratio"] };
      expect({ ...(leanOsdmapDocument(d, { report: true, fields }) as object) }).toEqual(want);
      expect({ ...(leanOsdmapDocument(`{"fsid":"x","osdmap":${d}}`, { report: true, fields }) as object) }).toEqual(want);
    }
    expect({ ...(leanOsdmapDocument('{"osds":[{"osd":0}],"full_ratio":0.9}', { fields: new Set(["osds"]) }) as object) }).toEqual({ osds: [{ osd: 0 }] });
    expect(() => leanOsdmapDocument('{"full_ratio":0.9,"osds":[}', { fields })).toThrow(ClusterStateError);
  });

  it("checks JSON without building it exactly where JSON.parse accepts it", () => {
    const accepts = (t: string): boolean => {
      try {
        JSON.parse(t);
        return true;
      } catch {
        return false;
      }
    };
    const checks = (t: string): boolean => {
      try {
        checkJson(t, 0, t.length);
        return true;
      } catch (e) {
        expect(e).toBeInstanceOf(ClusterStateError);
        return false;
      }
    };
    const chars = fc.constantFrom(..."{}[],:\" \\/0123456789-+.eEtruefalsn\u00e9\t\n\u0001ubx".split(""));
    const mutated = fc.tuple(fc.json(), fc.array(fc.tuple(fc.nat(), fc.nat(2), fc.string({ unit: chars, maxLength: 3 })), { maxLength: 3 })).map(([j, edits]) => {
      let t = j;
      for (const [at, del, ins] of edits) t = t.slice(0, at % (t.length + 1)) + ins + t.slice((at % (t.length + 1)) + del);
      return t;
    });
    fc.assert(
      fc.property(fc.oneof(fc.json(), mutated, fc.string({ unit: chars, maxLength: 12 })), (t) => {
        expect(checks(t), JSON.stringify(t)).toBe(accepts(t));
      }),
      { numRuns: 20000, seed: 17 },
    );
    for (const t of ["", " ", "1.", "-", "01", "1e", "1e+", '"\\u12"', '"\\x"', "[1,]", "{,}", '{"a":1,}', "tru", "nul", " [ ] ", "-0.5e-3", '"\\u00e9"', "[[[[]]]]", "[" .repeat(100000) + "]".repeat(100000)]) {
      expect(checks(t), JSON.stringify(t.slice(0, 20))).toBe(accepts(t));
    }
  });
});
