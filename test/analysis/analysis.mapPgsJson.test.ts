/**
 * `map-pgs --json`, streamed: joined, the chunks are the document the bulk mapping gave
 * (JSON.stringify of every group's raw, up and acting sets), whatever the pools and exceptions.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatVector } from "../../src/analysis/crushtoolRuns.js";
import { TextChunk } from "../../src/analysis/textChunk.js";
import { mapPgsJsonChunks } from "../../src/analysis/mapPgsJson.js";
import { mapPool, setOf } from "../../src/placement/mapPool.js";
import { formatPgId } from "../../src/placement/pgId.js";
import { clusterStateInput, createClusterState } from "../../src/placement/state.js";
import type { ClusterState } from "../../src/placement/types.js";
import { planCluster } from "../support/planCluster.js";

/** The document as the CLI built it before it streamed: every pool mapped in bulk, then stringified. */
function bulkDocument(state: ClusterState, pool?: number): string {
  const pools = pool === undefined ? state.pools : state.pools.filter((p) => p.id === pool);
  const out = pools.map((p) => {
    const m = mapPool(state, p.id);
    const pgs = [];
    for (let ps = 0; ps < m.pgNum; ps++) {
      const slice = (sets: Int32Array, lengths: Uint16Array): number[] => setOf(sets, lengths, m.width, ps);
      pgs.push({ pgid: formatPgId(p.id, ps), raw: slice(m.raw, m.rawLength), up: slice(m.up, m.upLength), upPrimary: m.upPrimary[ps], acting: slice(m.acting, m.actingLength), actingPrimary: m.actingPrimary[ps] });
    }
    return { pool: p.id, name: p.name, pgNum: p.pgNum, pgs };
  });
  return JSON.stringify({ pools: out }) + "\n";
}

describe("map-pgs --json, streamed", () => {
  it("joins to the bulk document, every pool or one, with upmaps, pg_temp and down OSDs", () => {
    for (const seed of [1, 2, 3]) {
      const c = planCluster(seed, { pgNum: 1500 });
      const input = clusterStateInput(c.state);
      const osds = c.state.osds.filter((o) => o.exists).map((o) => o.id);
      const state = createClusterState({
        ...input,
        osds: input.osds!.map((o) => (o.id === osds[0] ? { ...o, up: false } : o)),
        pgTemp: [{ pgid: "1.5", osds: [osds[1]!, osds[2]!, osds[3]!] }],
        primaryTemp: [{ pgid: "1.6", osd: osds[4]! }],
        strict: false,
      });
      const chunks = [...mapPgsJsonChunks(state)];
      expect(chunks.length).toBeGreaterThan(1);
      expect(chunks.join("")).toBe(bulkDocument(state));
      expect(JSON.parse(chunks.join("")).pools.length).toBe(state.pools.length);
      expect([...mapPgsJsonChunks(state, 2)].join("")).toBe(bulkDocument(state, 2));
    }
  });
});

describe("report chunks gathered as bytes", () => {
  it("give back exactly the text written, ASCII or not, however long", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.string({ unit: fc.constantFrom("a", "\t", "é", "€", "😀", "1", "[", "\u0000"), maxLength: 40 })), { maxLength: 30 }), (parts) => {
        const c = new TextChunk();
        let want = "";
        for (const [line, t] of parts) {
          if (line) c.line(t);
          else c.text(t);
          want += line ? `${t}\n` : t;
        }
        expect(c.take()).toBe(want);
        expect(c.take()).toBe("");
      }),
      { numRuns: 500, seed: 17 },
    );
    const c = new TextChunk();
    const long = "x".repeat(300_000);
    c.line(long);
    c.line("é");
    expect(c.take()).toBe(`${long}\né\n`);
  });

  it("write numbers and sets as String, toString(16) and formatVector spell them", () => {
    const ints = fc.oneof(fc.integer(), fc.constantFrom(0, -1, 2147483647, -2147483648, 4294967295, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53, -0, 1.5, NaN));
    fc.assert(
      fc.property(fc.array(fc.tuple(ints, fc.array(fc.integer({ min: -2147483648, max: 2147483647 }), { maxLength: 12 })), { maxLength: 40 }), (parts) => {
        const c = new TextChunk();
        let want = "";
        for (const [n, set] of parts) {
          c.int(n);
          c.char(0x20);
          c.hex(n);
          c.vector(Int32Array.from(set), set.length);
          c.end();
          want += `${String(n)} ${(n >>> 0).toString(16)}${formatVector(set, set.length)}\n`;
        }
        expect(c.take()).toBe(want);
      }),
      { numRuns: 300, seed: 17 },
    );
  });
});
