/**
 * The small values of OSDMap::dump as Ceph's formatter receives them: doubles at `%.17g`
 * (dump_float), 64-bit integers, address vectors, snapshot intervals.
 */
import { list, numberText, section, type CephJson } from "../../map/dump/cephJson.js";
import type { OsdMapAddr, OsdMapRecord } from "../osdmapBinary/record.js";
import { addrTypeName, formatSockaddr } from "./cephText.js";

/** dump_float: the double at 17 significant digits, as printf's %.17g writes it. */
export function float17(x: number): CephJson {
  if (Number.isNaN(x)) return numberText("nan");
  if (!Number.isFinite(x)) return numberText(x < 0 ? "-inf" : "inf");
  if (x === 0) return numberText(Object.is(x, -0) ? "-0" : "0");
  const [mantissa, exponent] = x.toExponential(16).split("e") as [string, string];
  const e = Number(exponent);
  const strip = (t: string): string => (t.includes(".") ? t.replace(/0+$/, "").replace(/\.$/, "") : t);
  if (e < -4 || e >= 17) return numberText(`${strip(mantissa)}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`);
  return numberText(strip(x.toFixed(16 - e)));
}

/** dump_int of a uint64 (feature bits): Ceph passes it as int64, so the top bit makes it negative. */
export function int64(v: bigint): CephJson {
  return v >= 1n << 63n ? v - (1n << 64n) : v;
}

/** entity_addrvec_t::dump: `{"addrvec": [{type, addr, nonce}, …]}`. */
export function dumpAddrvec(v: readonly OsdMapAddr[]): CephJson {
  return section([["addrvec", list(v.map((a) => section([["type", addrTypeName(a.type)], ["addr", formatSockaddr(a)], ["nonce", a.nonce]])), "addr")]]);
}

/** A map of pool → snapshot intervals: removed_snaps_queue, new_removed_snaps, new_purged_snaps. */
export function dumpSnapSets(v: OsdMapRecord["removedSnapsQueue"]): CephJson {
  return list(
    v.map((q) => section([["pool", q.pool], ["snaps", list(q.snaps.map(([begin, length]) => section([["begin", begin], ["length", length]])), "interval")]])),
    "pool",
  );
}
