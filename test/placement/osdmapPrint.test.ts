/**
 * `osdmaptool --print`, `--dump FORMAT` and `--export-crush` against what Ceph's osdmaptool of
 * 16.2, 18.2 and 20.2 printed for the same maps (test/fixtures/osdmap-print, recorded by its
 * record.sh from the recorded clusters of test/fixtures/osdmap and from maps each osdmaptool
 * made): every release's text for every map it read, byte for byte. Needs nothing installed.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readBalanceScore } from "../../src/balance/readBalanceScore.js";
import { crc32c } from "../../src/hash/crc32c.js";
import { CrushmapError } from "../../src/hash/crushmapError.js";
import { encodeCrushMap } from "../../src/map/binary/encode.js";
import type { CephRelease } from "../../src/map/release.js";
import { PlacementError } from "../../src/placement/errors.js";
import { clusterStateFromOsdmapBinary } from "../../src/placement/osdmapBinary/clusterState.js";
import { decodeOsdMap } from "../../src/placement/osdmapBinary/decodeOsdMap.js";
import { OsdmapBinaryError } from "../../src/placement/osdmapBinary/errors.js";
import type { OsdMapAddr, OsdMapRecord } from "../../src/placement/osdmapBinary/record.js";
import { formatAddr, formatAddrvec, formatLegacyAddr, formatStream, formatUtime, releaseNameAs } from "../../src/placement/osdmapPrint/cephText.js";
import { dumpOsdMap, type OsdMapDumpFormat } from "../../src/placement/osdmapPrint/dumpOsdMap.js";
import { float17 } from "../../src/placement/osdmapPrint/dumpValues.js";
import { osdmapFlagString, poolFlagString } from "../../src/placement/osdmapPrint/flagNames.js";
import { printOsdMap } from "../../src/placement/osdmapPrint/printOsdMap.js";
import { osdMapRecordOfState } from "../../src/placement/osdmapPrint/recordOfState.js";
import { clearTemp } from "../../src/placement/clearTemp.js";
import { markOsdOut } from "../../src/placement/markOsd.js";

const FIXTURES = join(__dirname, "..", "fixtures");
const HERE = join(FIXTURES, "osdmap-print");
const RELEASES: readonly CephRelease[] = [16, 18, 20];
type Entry = { readonly map: string } & Readonly<Record<string, number | string>>;
const INDEX = JSON.parse(readFileSync(join(HERE, "index.json"), "utf8")) as Record<string, Entry>;
const out = (name: string, release: CephRelease, what: string): string => join(HERE, "out", `${name}.${release}.${what}`);

/** Each recorded map with the releases whose osdmaptool read it. */
const CASES = Object.entries(INDEX).map(([name, e]) => {
  const record = decodeOsdMap(new Uint8Array(readFileSync(join(FIXTURES, e.map))));
  const state = clusterStateFromOsdmapBinary(record, { strict: false, onWarning: () => undefined });
  const readBalance = (id: number) => readBalanceScore(state, id);
  return { name, record, readBalance, releases: RELEASES.filter((r) => e[String(r)] === 0) };
});

describe("osdmaptool --print", () => {
  it("covers maps of every release, read by every release that can", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(38);
    for (const r of RELEASES) expect(CASES.filter((c) => c.releases.includes(r)).length).toBeGreaterThanOrEqual(r === 20 ? 38 : 24);
  });

  for (const c of CASES) {
    it(`prints ${c.name} as osdmaptool ${c.releases.join(", ")} print it`, () => {
      for (const release of c.releases) {
        const want = readFileSync(out(c.name, release, "print"), "utf8");
        expect({ release, text: printOsdMap(c.record, { release, readBalance: c.readBalance }) }).toEqual({ release, text: want });
      }
    });
  }

  it("has recorded maps that hold what a print shows only sometimes (addresses, snapshots, tiers, a blocklist)", () => {
    const text = (name: string) => readFileSync(out(name, 20, "print"), "utf8");
    expect(text("made-addrs-20")).toContain(" [v2:10.0.1.0:6800/1000,v1:10.0.1.0:6801/1000]  exists,up\n");
    expect(text("made-addrs-20")).toContain(" v2:[2001:db8::1]:6801/2001  exists,up\n");
    for (const name of ["made-mon-16-detail", "made-mon-18-detail", "made-mon-20-detail"]) {
      expect(text(name)).toMatch(/\tsnap 2 'second' /);
      expect(text(name)).toMatch(/ tiers 2 read_tier 2 write_tier 2 /);
      expect(text(name)).toMatch(/ hit_set bloom\{false_positive_probability: 0\.05, target_size: 0, seed: 0\} 600s x4 /);
      expect(text(name)).toMatch(/\nblocklist 10\.1\.2\.3:0\/3141592 expires /);
    }
  });

  it("prints the map as marked: osdMapRecordOfState carries a state's up bits, reweights and cleared temps, and nothing else", () => {
    const c = CASES.find((x) => x.name === "pgtemp")!;
    const state = clusterStateFromOsdmapBinary(c.record, { strict: false, onWarning: () => undefined });
    expect(osdMapRecordOfState(c.record, state)).toBe(c.record);
    const marked = clearTemp(markOsdOut(state, 3));
    const shown = osdMapRecordOfState(c.record, marked);
    expect(Object.isFrozen(shown)).toBe(true);
    expect([shown.osds[3]!.in, shown.osds[3]!.weight, shown.pgTemp.length, shown.primaryTemp.length, shown.epoch]).toEqual([false, 0, 0, 0, c.record.epoch]);
    const text = printOsdMap(shown, { release: 18, readBalance: (id) => readBalanceScore(marked, id) });
    expect(text).toBe(readFileSync(out("pgtemp", 18, "marked-print"), "utf8").replace("marking OSD@3 as out\nclearing pg/primary temp\n", ""));
  });

  it("needs the read balance scores for 18 and later, not for 16", () => {
    const c = CASES.find((x) => x.name === "rep-basic")!;
    expect(() => printOsdMap(c.record, { release: 18 })).toThrow(PlacementError);
    expect(() => printOsdMap(c.record, { release: 18 })).toThrow(/read balance score of replicated pool 1/);
    expect(printOsdMap(c.record, { release: 16 })).toContain("\npool 1 ");
  });
});

describe("osdmaptool --dump", () => {
  const formats: readonly OsdMapDumpFormat[] = ["json", "json-pretty", "xml", "xml-pretty"];
  let checked = 0;
  for (const c of CASES) {
    const recorded = c.releases.flatMap((release) => formats.filter((f) => existsSync(out(c.name, release, f))).map((format) => ({ release, format })));
    if (recorded.length === 0) continue;
    checked += recorded.length;
    it(`dumps ${c.name} as osdmaptool dumps it (${recorded.map((x) => `${x.release} ${x.format}`).join(", ")})`, () => {
      for (const { release, format } of recorded) {
        const want = readFileSync(out(c.name, release, format), "utf8");
        expect({ release, format, text: dumpOsdMap(c.record, format, { release, readBalance: c.readBalance }) }).toEqual({ release, format, text: want });
      }
    });
  }
  it("replays json and json-pretty of every small map and XML of some", () => {
    expect(checked).toBeGreaterThan(150);
  });
});

describe("osdmaptool --export-crush", () => {
  it("writes the crush map as the release's osdmaptool encodes it, for every map and release", () => {
    let n = 0;
    for (const c of CASES) {
      for (const release of c.releases) {
        const want = new Uint8Array(readFileSync(out(c.name, release, "crush")));
        expect({ map: c.name, release, same: Buffer.from(encodeCrushMap(c.record.crush, { release })).equals(want) }).toEqual({ map: c.name, release, same: true });
        n++;
      }
    }
    expect(n).toBeGreaterThan(80);
  });
});

describe("the values as Ceph's streams print them", () => {
  it("prints times as utime_t does: small ones as seconds, others as an ISO date in UTC", () => {
    expect(formatUtime({ seconds: 0, nanoseconds: 0 })).toBe("0.000000");
    expect(formatUtime({ seconds: 12, nanoseconds: 3456789 })).toBe("12.003456");
    expect(formatUtime({ seconds: 1795340179, nanoseconds: 20194999 })).toBe("2026-11-22T09:36:19.020194+0000");
  });

  it("prints doubles at the stream's precision and dump_float's %.17g", () => {
    expect([0.95, 1, 0.5999908447265625, 123456789, 1e-5, 0.0001].map((x) => formatStream(Math.fround(x)))).toEqual(["0.95", "1", "0.599991", "1.23457e+08", "1e-05", "0.0001"]);
    expect([Math.fround(0.95), 1, 0, 1e20, Math.fround(7.45)].map((x) => (float17(x) as { text: string }).text)).toEqual([
      "0.94999998807907104", "1", "0", "1e+20", "7.4499998092651367",
    ]);
  });

  it("prints addresses as entity_addr_t and entity_addrvec_t do", () => {
    const v2: OsdMapAddr = { type: 2, nonce: 1234, family: 2, port: 6800, ip: [10, 0, 0, 7] };
    const v1: OsdMapAddr = { type: 1, nonce: 1234, family: 2, port: 6801, ip: [10, 0, 0, 7] };
    const six: OsdMapAddr = { type: 2, nonce: 9, family: 10, port: 3300, ip: [0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1] };
    expect(formatAddr(v2)).toBe("v2:10.0.0.7:6800/1234");
    expect(formatAddr(six)).toBe("v2:[2001:db8::1]:3300/9");
    expect(formatAddrvec([])).toBe("");
    expect(formatAddrvec([v2, v1])).toBe("[v2:10.0.0.7:6800/1234,v1:10.0.0.7:6801/1234]");
    expect(formatLegacyAddr([v2, v1])).toBe("10.0.0.7:6801/1234");
    expect(formatLegacyAddr([])).toBe("(unrecognized address family 0)/0");
  });

  it("names flags and releases as Ceph does, each release knowing the names up to its own", () => {
    expect(osdmapFlagString((1 << 15) | (1 << 19) | (1 << 20) | (1 << 22) | (1 << 7))).toBe("noout,sortbitwise,recovery_deletes,purged_snapdirs,pglog_hardlimit");
    expect(poolFlagString(1 | (1 << 15) | (1 << 19))).toBe("hashpspool,creating,ec_optimizations");
    expect([releaseNameAs(18, 16), releaseNameAs(18, 18), releaseNameAs(20, 20), releaseNameAs(0, 20)]).toEqual(["unknown", "reef", "tentacle", "unknown"]);
  });
});

describe("damaged maps", () => {
  const bytes = new Uint8Array(readFileSync(join(FIXTURES, "osdmap", "reef", "ec", "osdmap.bin")));
  it("never prints a truncated or flipped map: the decoder refuses it with a typed error", () => {
    for (const cut of [0, 1, 10, 100, bytes.length >> 1, bytes.length - 1]) {
      expect(() => printOsdMap(decodeOsdMap(bytes.subarray(0, cut)), { release: 16 })).toThrow(OsdmapBinaryError);
    }
    for (const at of [20, 200, 2000, bytes.length - 10]) {
      const flipped = bytes.slice();
      flipped[at] = flipped[at]! ^ 0x5a;
      let error: unknown;
      try {
        decodeOsdMap(flipped);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CrushmapError);
    }
  });

  it("prints, dumps or refuses with a typed error every map with a byte changed and its crc made to agree", () => {
    // the maps whose fields only the print and dump read: snapshots, tiers, hit sets, options, blocklists, addresses
    for (const file of ["mon-16-detail.bin", "mon-20-detail.bin", "addrs-18.bin"]) {
      const map = new Uint8Array(readFileSync(join(HERE, "maps", file)));
      let printed = 0;
      for (let at = 6; at < map.length - 4; at += 7) {
        const b = map.slice();
        b[at] = b[at]! ^ 0xa5;
        new DataView(b.buffer).setUint32(b.length - 4, crc32c(0xffffffff, b, 0, b.length - 4), true);
        let m: OsdMapRecord;
        try {
          m = decodeOsdMap(b);
        } catch (e) {
          expect({ file, at, typed: e instanceof CrushmapError }).toEqual({ file, at, typed: true });
          continue;
        }
        for (const release of RELEASES) {
          const options = { release, readBalance: () => ({ type: "fair" as const, ok: false, acting: 0, stable: 0 }) };
          expect(typeof printOsdMap(m, options) + typeof dumpOsdMap(m, "json-pretty", options) + typeof dumpOsdMap(m, "xml", options)).toBe("stringstringstring");
        }
        printed++;
      }
      expect(printed).toBeGreaterThan(0);
    }
  });

  it("keeps every decoded field frozen", () => {
    const m: OsdMapRecord = decodeOsdMap(bytes);
    const p = m.pools[0]!;
    const o = m.osds[0]!;
    expect([m, p.detail, p.detail.lastPgMergeMeta, p.detail.options, o.addrs, o.addrs.public, o.xinfo, m.stretchMode, m.blocklist].every((x) => Object.isFrozen(x))).toBe(true);
  });
});
