/**
 * The binary OSD map decoder against the recorded clusters of every release
 * (test/fixtures/osdmap: 16.2 at the top, reef/ 18.2, tentacle/ 20.2): each `osdmap.bin` gives
 * the cluster state its `osdmaptool --dump json` and `crush.bin` give, and replays the recorded
 * osdmaptool runs from the binary map alone. Damaged maps (truncated, bytes flipped, lengths and
 * counts made huge) always fail with a CrushmapError, naming the field and byte offset.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatMapObject, formatMapPg, formatMapPgs } from "../../src/analysis/osdmaptoolReport.js";
import { crc32c } from "../../src/hash/crc32c.js";
import { CrushmapError } from "../../src/hash/crushmapError.js";
import { loadCrushMap } from "../../src/map/load.js";
import { ClusterStateError } from "../../src/placement/errors.js";
import { clusterStateFromOsdmapBinary } from "../../src/placement/osdmapBinary/clusterState.js";
import { decodeOsdMap } from "../../src/placement/osdmapBinary/decodeOsdMap.js";
import { OsdmapBinaryError } from "../../src/placement/osdmapBinary/errors.js";
import { clusterStateFromOsdmapJson } from "../../src/placement/osdmapJson.js";
import { MAX_OSD, MAX_PG_NUM } from "../../src/placement/state.js";
import type { ClusterState, ClusterStateWarning } from "../../src/placement/types.js";
import { crushmapCli } from "../support/crushtool.js";
import { recordBesideDump } from "../support/osdmapDump.js";
import { releaseFixtures, type RecordedRun, type ReleaseFixture } from "../support/releaseFixtures.js";

const FIXTURES = releaseFixtures();
const TMP = mkdtempSync(join(tmpdir(), "crushmap-osdbin-"));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));
const binOf = (f: ReleaseFixture): Uint8Array => new Uint8Array(readFileSync(join(f.dir, "osdmap.bin")));
const name = (f: ReleaseFixture): string => `${f.release} ${f.cluster}`;
const PLACEMENT_KINDS = new Set(["test-map-pgs-dump", "test-map-pgs-dump-all", "test-map-object", "test-map-pg"]);

function output(state: ClusterState, run: RecordedRun): string {
  switch (run.kind) {
    case "test-map-pgs-dump":
      return formatMapPgs(state, { pool: run.pool!, dump: "dump", ...(run.pgNum === undefined ? {} : { pgNum: run.pgNum }) });
    case "test-map-pgs-dump-all":
      return formatMapPgs(state, { pool: run.pool!, dump: "all" });
    case "test-map-object":
      return formatMapObject(state, run.pool!, run.object!);
    default:
      return formatMapPg(state, run.pg!);
  }
}

describe.each(FIXTURES.map((f) => [name(f), f] as const))("binary OSD map: %s", (_, f) => {
  const bytes = binOf(f);

  it("gives the cluster state its JSON dump and crush map give", () => {
    const fromJson = clusterStateFromOsdmapJson(readFileSync(join(f.dir, "osdmap.json"), "utf8"), loadCrushMap(readFileSync(join(f.dir, "crush.bin"))));
    const fromBinary = clusterStateFromOsdmapBinary(bytes);
    expect(fromBinary.release).toBe(Number(f.release.slice(0, 2)));
    expect(fromBinary).toEqual(fromJson);
    // with the crush map given, it replaces the embedded one (osdmaptool --import-crush)
    const text = loadCrushMap(readFileSync(join(f.dir, "crush.txt"), "utf8"));
    expect(clusterStateFromOsdmapBinary(bytes, { crush: text }).crush).toBe(text);
  });

  it("replays every recorded osdmaptool run from the binary map alone", () => {
    const state = clusterStateFromOsdmapBinary(bytes);
    const runs = f.runs.filter((r) => PLACEMENT_KINDS.has(r.kind));
    expect(runs.length).toBeGreaterThan(50);
    for (const run of runs) expect({ run: run.args.join(" "), out: output(state, run) }).toEqual({ run: run.args.join(" "), out: run.stdout });
  });

  it("records what `osdmaptool --dump json` prints of the map, frozen", () => {
    const dump = JSON.parse(readFileSync(join(f.dir, "osdmap.json"), "utf8")) as Record<string, unknown>;
    const m = decodeOsdMap(bytes);
    expect(Object.isFrozen(m) && Object.isFrozen(m.pools) && Object.isFrozen(m.pools[0]) && Object.isFrozen(m.osds[0]) && Object.isFrozen(m.erasureCodeProfiles)).toBe(true);
    const { record, dump: printed } = recordBesideDump(m, dump);
    expect(record).toEqual(printed);
  });
});

// ---- damaged maps ----------------------------------------------------------------------------

/** A deterministic PRNG (mulberry32) for the damage: the same bytes every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const u32At = (b: Uint8Array, at: number): number => new DataView(b.buffer, b.byteOffset).getUint32(at, true);
const setU32 = (b: Uint8Array, at: number, v: number): void => new DataView(b.buffer, b.byteOffset).setUint32(at, v >>> 0, true);

/** Stores the right crc again (the maps here have nothing after it), as patch-osdmap.mjs does. */
function fixCrc(b: Uint8Array): Uint8Array {
  setU32(b, b.length - 4, crc32c(0xffffffff, b, 0, b.length - 4));
  return b;
}

/** The map with bytes [from, to) of a section cut out and the wrapper's and that section's lengths shortened to match. */
function cut(bytes: Uint8Array, sectionAt: number, from: number, to: number): Uint8Array {
  const out = new Uint8Array(bytes.length - (to - from));
  out.set(bytes.subarray(0, from));
  out.set(bytes.subarray(to), from);
  setU32(out, 2, u32At(bytes, 2) - (to - from));
  setU32(out, sectionAt + 2, u32At(bytes, sectionAt + 2) - (to - from));
  return fixCrc(out);
}

/** Runs the decoder and the state builder; returns the error's class name, or "ok". */
function outcome(bytes: Uint8Array): string {
  try {
    clusterStateFromOsdmapBinary(bytes, { strict: false });
    return "ok";
  } catch (e) {
    if (!(e instanceof CrushmapError)) throw new Error(`not a CrushmapError: ${String(e)}`, { cause: e });
    return e.name;
  }
}

describe.each(FIXTURES.map((f) => [name(f), f] as const))("damaged binary OSD map: %s", (_, f) => {
  const bytes = binOf(f);
  const clientAt = 6;
  const osdAt = clientAt + 6 + u32At(bytes, clientAt + 2);
  const rand = prng(0x05d0 + bytes.length);

  it("refuses it truncated anywhere, with an OsdmapBinaryError", () => {
    for (let n = 0; n < bytes.length; n += 1 + Math.floor(rand() * 40)) {
      expect(() => decodeOsdMap(bytes.subarray(0, n))).toThrow(OsdmapBinaryError);
    }
  });

  it("refuses a section cut short inside (lengths and crc made to agree): a typed error, never another", () => {
    const seen = new Set<string>();
    for (let k = 0; k < 150; k++) {
      const inClient = rand() < 0.75;
      const [start, end, at] = inClient ? [clientAt + 6, osdAt, clientAt] : [osdAt + 6, bytes.length - 4, osdAt];
      const from = start + Math.floor(rand() * (end - start));
      const to = from + 1 + Math.floor(rand() * Math.min(64, end - from - 1));
      seen.add(outcome(cut(bytes, at, from, Math.min(to, end))));
    }
    expect(seen.has("OsdmapBinaryError")).toBe(true);
  });

  it("refuses a flipped byte by its crc, and with the crc made to agree never fails untyped", () => {
    for (let k = 0; k < 100; k++) {
      const b = bytes.slice();
      const at = Math.floor(rand() * (b.length - 4));
      b[at] ^= 1 + Math.floor(rand() * 255);
      expect(() => decodeOsdMap(b)).toThrow(OsdmapBinaryError);
      outcome(fixCrc(b));
    }
  });
});

describe("crafted binary OSD maps", () => {
  const f = FIXTURES.find((x) => x.release === "16.2" && x.cluster === "rep-basic")!;
  const bytes = binOf(f);
  const patched = (edit: (b: Uint8Array) => void): Uint8Array => {
    const b = bytes.slice();
    edit(b);
    return fixCrc(b);
  };
  const POOLS_AT = 6 + 6 + 16 + 4 + 8 + 8; // after the two headers, fsid, epoch, created, modified
  /** Where max_osd is: after the pools (each an s64 id and a length-prefixed section), pool_name, pool_max, flags. */
  function maxOsdAt(): number {
    let at = POOLS_AT + 4;
    for (let n = u32At(bytes, POOLS_AT); n > 0; n--) at += 8 + 6 + u32At(bytes, at + 8 + 2);
    let names = u32At(bytes, at);
    for (at += 4; names > 0; names--) at += 8 + 4 + u32At(bytes, at + 8);
    return at + 8;
  }
  const thrown = (b: Uint8Array): OsdmapBinaryError => {
    try {
      decodeOsdMap(b);
    } catch (e) {
      if (e instanceof OsdmapBinaryError) return e;
      throw e;
    }
    throw new Error("decoded");
  };

  it("finds max_osd where the crafting expects it", () => {
    expect(u32At(bytes, maxOsdAt())).toBe(decodeOsdMap(bytes).maxOsd);
  });

  it("refuses a huge max_osd before sizing anything by it", () => {
    const at = maxOsdAt();
    const e = thrown(patched((b) => setU32(b, at, MAX_OSD + 1)));
    expect(e.message).toMatch(/max_osd 1048577 is more OSDs than crushmap holds/);
    expect(e.offset).toBe(at);
    expect(e).toBeInstanceOf(ClusterStateError);
    expect(thrown(patched((b) => setU32(b, at, 0x7fffffff))).offset).toBe(at);
    expect(thrown(patched((b) => setU32(b, at, 0x80000000))).message).toMatch(/max_osd is -2147483648/);
    // a max_osd the vectors after it do not match
    expect(thrown(patched((b) => setU32(b, at, 30))).message).toMatch(/osd_state has 22 entries, max_osd is 30/);
  });

  it("refuses a huge pool count, string length or pg_num quickly, naming the field", () => {
    expect(thrown(patched((b) => setU32(b, POOLS_AT, 0xffffffff))).message).toMatch(/^binary OSD map: pools count 4294967295 exceeds the \d+ bytes left at byte 48$/);
    const firstNameLength = (() => {
      let at = POOLS_AT + 4;
      for (let n = u32At(bytes, POOLS_AT); n > 0; n--) at += 8 + 6 + u32At(bytes, at + 8 + 2);
      return at + 4 + 8;
    })();
    expect(thrown(patched((b) => setU32(b, firstNameLength, 0x7fffffff))).message).toMatch(/name of pool 1 length 2147483647 exceeds the \d+ bytes left at byte \d+$/);
    const pgNumAt = POOLS_AT + 4 + 8 + 6 + 4;
    expect(u32At(bytes, pgNumAt)).toBe(64);
    const e = thrown(patched((b) => setU32(b, pgNumAt, MAX_PG_NUM + 1)));
    expect([e.message, e.offset, e.item]).toEqual([expect.stringMatching(/pool 1 has pg_num 4194305, more groups than crushmap maps/), pgNumAt, 1]);
  });

  it("refuses an encoding newer than it reads, and the pre-Firefly one", () => {
    expect(thrown(patched((b) => void (b[7] = 11))).message).toMatch(/client-usable data needs a decoder of version 11 \(struct_v 9\); crushmap reads up to 10 at byte 6/);
    expect(thrown(patched((b) => void (b[POOLS_AT + 4 + 8 + 1] = 33))).message).toMatch(/pool 1 needs a decoder of version 33/);
    expect(thrown(patched((b) => void (b[0] = 6))).message).toMatch(/OSD map has struct_v 6; crushmap reads 7 and later at byte 0/);
  });

  it("refuses a wrong crc, as Ceph does, and bytes after the map", () => {
    const b = bytes.slice();
    b[100] ^= 0xff;
    expect(thrown(b).message).toMatch(/^binary OSD map: crc mismatch: the map stores 0x[0-9a-f]{8}, its bytes give 0x[0-9a-f]{8} \(a damaged map\) at byte \d+$/);
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expect(thrown(longer).message).toMatch(/1 bytes follow the end of the OSD map/);
  });

  it("checks the crc over wrapper bytes after it too (a newer writer's), as OSDMap::decode does", () => {
    const tail = [1, 2, 3, 4, 5];
    const longer = new Uint8Array(bytes.length + tail.length);
    longer.set(bytes);
    longer.set(tail, bytes.length);
    setU32(longer, 2, u32At(bytes, 2) + tail.length);
    const crcAt = bytes.length - 4;
    setU32(longer, crcAt, crc32c(crc32c(0xffffffff, longer, 0, crcAt), longer, crcAt + 4, longer.length));
    expect(decodeOsdMap(longer).pools).toEqual(decodeOsdMap(bytes).pools);
    longer[longer.length - 1] ^= 1;
    expect(thrown(longer).message).toMatch(new RegExp(`crc mismatch: .* at byte ${crcAt}$`));
  });

  it("names the embedded crush map's own problem with its offset in the OSD map", () => {
    const crushBytes = readFileSync(join(f.dir, "crush.bin"));
    const at = Buffer.from(bytes).indexOf(crushBytes);
    expect(at).toBeGreaterThan(0);
    const e = thrown(patched((b) => void (b[at] = 0x55)));
    expect(e.message).toMatch(/embedded crush map \(\d+ bytes\) does not start with the crush magic/);
    expect(e.offset).toBe(at);
  });

  /** An entity_addr_t as Nautilus and later encode it: marker 1, a v1 section of type, nonce, sockaddr_in. */
  function addr(port: number): number[] {
    const sockaddr = [2, 0, port >> 8, port & 0xff, 10, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0];
    const body = [...le32(2), ...le32(12345), ...le32(sockaddr.length), ...sockaddr];
    return [1, 1, 1, ...le32(body.length), ...body];
  }
  const le32 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];

  it("reads OSD addresses of every encoding: an address vector, one new-style, one legacy", () => {
    // client_addrs follow osd_state and osd_weight: one entity_addrvec_t per OSD, here all empty
    const maxOsd = decodeOsdMap(bytes).maxOsd;
    const addrsAt = maxOsdAt() + 4 + 2 * (4 + 4 * maxOsd);
    expect(u32At(bytes, addrsAt)).toBe(maxOsd);
    const vecs: number[] = [];
    for (let i = 0; i < maxOsd; i++) {
      expect([bytes[addrsAt + 4 + 5 * i], u32At(bytes, addrsAt + 5 + 5 * i)]).toEqual([2, 0]);
      if (i % 3 === 0) vecs.push(2, ...le32(2), ...addr(6800 + i), ...addr(6900 + i));
      else if (i % 3 === 1) vecs.push(...addr(6800 + i));
      else vecs.push(0, ...new Array<number>(135).fill(i));
    }
    const from = addrsAt + 4;
    const to = from + 5 * maxOsd;
    const grown = new Uint8Array(bytes.length + vecs.length - (to - from));
    grown.set(bytes.subarray(0, from));
    grown.set(vecs, from);
    grown.set(bytes.subarray(to), from + vecs.length);
    setU32(grown, 2, u32At(bytes, 2) + vecs.length - (to - from));
    setU32(grown, 8, u32At(bytes, 8) + vecs.length - (to - from));
    fixCrc(grown);
    const withoutAddrs = (m: ReturnType<typeof decodeOsdMap>) => ({ ...m, crc: 0, osds: m.osds.map(({ addrs: _, ...o }) => o) });
    expect(withoutAddrs(decodeOsdMap(grown))).toEqual(withoutAddrs(decodeOsdMap(bytes)));
    const ports = decodeOsdMap(grown).osds.map((o) => o.addrs.public.map((a) => a.port));
    // a legacy sockaddr_storage of the byte i throughout: port i·257
    expect(ports).toEqual(ports.map((_, i) => (i % 3 === 0 ? [6800 + i, 6900 + i] : i % 3 === 1 ? [6800 + i] : [(i << 8) | i])));
    const badMarker = grown.slice();
    badMarker[from] = 3;
    expect(thrown(fixCrc(badMarker)).message).toMatch(new RegExp(`client_addrs has marker 3, not 0, 1 or 2 at byte ${from}$`));
  });

  it("reads a map inside a larger buffer, at any offset", () => {
    const big = new Uint8Array(bytes.length + 7);
    big.set(bytes, 3);
    expect(decodeOsdMap(big.subarray(3, 3 + bytes.length))).toEqual(decodeOsdMap(bytes));
  });

  it("warns of a release newer than Tentacle, as the JSON reader does", () => {
    const warnings: ClusterStateWarning[] = [];
    const m = decodeOsdMap(bytes);
    clusterStateFromOsdmapBinary({ ...m, requireOsdRelease: "release 21" }, { onWarning: (w) => warnings.push(w) });
    expect(warnings.map((w) => w.message)).toEqual(["the OSD map requires release 'release 21', newer than Tentacle (20.2): placement is computed as Tentacle computes it"]);
  });
});

describe("map-pgs --osdmap osdmap.bin", () => {
  for (const f of FIXTURES.filter((x) => ["rep-upmap", "ec", "primaries"].includes(x.cluster))) {
    it(`${name(f)}: prints what --osdmap osdmap.json --crush crush.bin prints, with no --crush`, () => {
      const pool = f.state.pools[0]!.id;
      const bin = crushmapCli(["map-pgs", "--osdmap", join(f.dir, "osdmap.bin"), "--pool", String(pool)]);
      const json = crushmapCli(["map-pgs", "--osdmap", join(f.dir, "osdmap.json"), "--crush", join(f.dir, "crush.bin"), "--pool", String(pool)]);
      expect(bin.status).toBe(0);
      expect(bin).toEqual(json);
      const withCrush = crushmapCli(["map-pgs", "--osdmap", join(f.dir, "osdmap.bin"), "--crush", join(f.dir, "crush.bin"), "--pool", String(pool)]);
      expect(withCrush).toEqual(json);
    });
  }

  it("plan --osdmap osdmap.bin plans what --osdmap osdmap.json plans (the crush maps from --from and --to)", () => {
    const f = FIXTURES.find((x) => x.release === "16.2" && x.cluster === "rep-basic")!;
    const text = readFileSync(join(f.dir, "crush.txt"), "utf8");
    const toPath = join(TMP, "after.txt");
    writeFileSync(toPath, text.replace(/item osd\.3 weight [0-9.]+/, "item osd.3 weight 0.100"));
    const plan = (osdmap: string) => crushmapCli(["plan", "--from", join(f.dir, "crush.txt"), "--to", toPath, "--osdmap", join(f.dir, osdmap), "--json"]);
    const bin = plan("osdmap.bin");
    expect(bin.status).toBe(0);
    expect((JSON.parse(bin.stdout) as { moves: unknown[] }).moves.length).toBeGreaterThan(0);
    expect(bin).toEqual(plan("osdmap.json"));
  });

  it("needs --crush with a JSON OSD map, and names a damaged binary one", () => {
    const f = FIXTURES[0]!;
    const r = crushmapCli(["map-pgs", "--osdmap", join(f.dir, "osdmap.json"), "--pool", "1"]);
    expect([r.status, r.stderr]).toEqual([2, `crushmap: ${join(f.dir, "osdmap.json")} is a JSON OSD map: give its crush map with --crush CRUSH\n`]);
    const other = crushmapCli(["map-pgs", "--osdmap", join(f.dir, "crush.bin"), "--pool", "1"]);
    expect([other.status, other.stderr]).toEqual([1, `crushmap: ${join(f.dir, "crush.bin")}: not JSON text (it holds NUL bytes) nor a binary OSD map (no OSD map header)\n`]);
    const cutShort = join(TMP, "om");
    writeFileSync(cutShort, binOf(f).subarray(0, 1000));
    const bad = crushmapCli(["map-pgs", "--osdmap", cutShort, "--pool", "1"]);
    expect([bad.status, bad.stderr]).toEqual([1, `crushmap: ${cutShort}: binary OSD map: OSD map length ${u32At(binOf(f), 2)} exceeds the 994 bytes left at byte 2\n`]);
  });
});
