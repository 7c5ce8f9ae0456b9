/**
 * Reference rows for the throughput benchmark: the JavaScript libraries a user might pick instead
 * of crushmap, each asked the question of scenario (a) — 3 distinct devices out of 960 for one
 * input — as far as the library can answer it, and labelled with what it cannot do.
 *
 * - hashring (ketama consistent-hash ring, 160 points per server): `range(key, 3)` walks the
 *   ring to 3 distinct servers. Weights yes; no failure domains, not Ceph's placement.
 * - @subspace/jump-consistent-hash (Lamping & Veach jump hash): one bucket per 64-bit key. Three
 *   replicas are emulated the usual way, re-hashing the key with a replica salt until 3 distinct
 *   buckets come out. No weights, no failure domains, only the last bucket can be removed.
 * - skeleton-rendezvous (rendezvous / highest-random-weight hashing over a skeleton of clusters):
 *   one site per key and salt; three replicas are emulated with salts 0, 1, 2, … until 3 distinct
 *   sites come out. No weights, no failure domains.
 *
 * The libraries key on strings (hashring, skeleton-rendezvous) or 8 bytes (jump hash); turning
 * the input number into that key is part of each row, as it would be for a caller.
 */
import { createRequire } from "node:module";
import type HashRingType from "hashring";
import { jumpConsistentHash } from "@subspace/jump-consistent-hash";

const require = createRequire(import.meta.url);
const HashRing = require("hashring") as typeof HashRingType;
const SkeletonRendezvousHasher = require("skeleton-rendezvous") as new (options?: { sites?: string[] }) => {
  findSite(key: string, salt?: number): string | null;
};

export interface ReferenceRow {
  readonly name: string;
  /** What the library cannot do that scenario (a) asks of crushmap. */
  readonly lacks: string;
  /** Maps one more input to 3 distinct devices (the benchmark calls it with x = 0, 1, 2, …). */
  readonly place: (x: number) => void;
}

/** The reference libraries, set up with `devices` servers each (scenario (a): 960). */
export function referenceRows(devices: number, replicas: number): ReferenceRow[] {
  const names = Array.from({ length: devices }, (_, d) => `osd.${d}`);

  const ring = new HashRing(names);
  const ringRow: ReferenceRow = {
    name: "hashring 3.2.0 (ketama ring), `range(key, 3)`",
    lacks: "failure domains (replicas may share a host or rack), Ceph compatibility",
    place: (x) => {
      if (ring.range(String(x), replicas).length !== replicas) throw new Error("hashring gave fewer replicas");
    },
  };

  const key = new Uint8Array(8);
  const view = new DataView(key.buffer);
  const picked = new Int32Array(replicas);
  const jumpRow: ReferenceRow = {
    name: "@subspace/jump-consistent-hash 1.1.1, salted ×3",
    lacks: "replicas (emulated: re-hash with a salt until 3 distinct), weights, failure domains, removing any bucket but the last, Ceph compatibility",
    place: (x) => {
      let n = 0;
      for (let salt = 0; n < replicas; salt++) {
        view.setUint32(0, salt);
        view.setUint32(4, x >>> 0);
        const b = jumpConsistentHash(key, devices);
        let seen = false;
        for (let i = 0; i < n; i++) if (picked[i] === b) seen = true;
        if (!seen) picked[n++] = b;
      }
    },
  };

  const hrw = new SkeletonRendezvousHasher({ sites: names });
  const found: string[] = [];
  const hrwRow: ReferenceRow = {
    name: "skeleton-rendezvous 1.1.3 (HRW), salted ×3",
    lacks: "replicas (emulated: salts 0, 1, … until 3 distinct), weights, failure domains, Ceph compatibility",
    place: (x) => {
      found.length = 0;
      const k = String(x);
      for (let salt = 0; found.length < replicas; salt++) {
        const site = hrw.findSite(k, salt);
        if (site === null) throw new Error("skeleton-rendezvous found no site");
        if (!found.includes(site)) found.push(site);
      }
    },
  };

  return [ringRow, jumpRow, hrwRow];
}
