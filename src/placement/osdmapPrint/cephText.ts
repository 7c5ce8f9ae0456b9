/**
 * How Ceph's C++ streams print the OSD map's small values: utime_t, floats at the stream's
 * default precision, vectors and sets, addresses, release names.
 */
import type { CephRelease } from "../../map/release.js";
import type { OsdMapAddr, OsdMapTime } from "../osdmapBinary/record.js";

/** utime_t prints seconds below ten years as a plain count (`0.000000`), later ones as a date. */
const TEN_YEARS = 60 * 60 * 24 * 365 * 10;

/**
 * utime_t's operator<<: `2026-11-22T09:36:19.020194+0000`. Ceph prints the local time of the
 * machine; crushmap prints UTC (what osdmaptool prints where TZ is UTC), so the text does not
 * depend on where it runs.
 */
export function formatUtime(t: OsdMapTime): string {
  const usec = String(Math.floor(t.nanoseconds / 1000)).padStart(6, "0");
  if (t.seconds < TEN_YEARS) return `${t.seconds}.${usec}`;
  const d = new Date(t.seconds * 1000);
  const p = (n: number, w = 2): string => String(n).padStart(w, "0");
  return `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${usec}+0000`;
}

/** A double as an ostream of default precision prints it (printf's %g with 6 digits). */
export function formatStream(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x < 0 ? "-inf" : "inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  // the exponent after rounding to 6 digits decides between fixed and exponential notation
  const [mantissa, exponent] = x.toExponential(5).split("e") as [string, string];
  const e = Number(exponent);
  const strip = (t: string): string => (t.includes(".") ? t.replace(/0+$/, "").replace(/\.$/, "") : t);
  if (e < -4 || e >= 6) return `${strip(mantissa)}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  return strip(x.toFixed(5 - e));
}

/** A vector or set as Ceph's operator<< prints it: `[1,2,3]`. */
export function formatList(items: readonly (number | string)[]): string {
  return `[${items.join(",")}]`;
}

const ADDR_TYPES: readonly string[] = ["none", "v1", "v2", "any", "cidr"];

/** The socket address: `10.0.0.7:6800`, `[::1]:6800`, or Ceph's words for another family. */
function formatSockaddr(a: OsdMapAddr): string {
  if (a.family === 2) return `${a.ip.join(".")}:${a.port}`;
  if (a.family === 10) return `[${ipv6(a.ip)}]:${a.port}`;
  return `(unrecognized address family ${a.family})`;
}

/** inet_ntop's IPv6 text: lower-case groups, the longest run of two or more zero groups as `::`. */
function ipv6(b: readonly number[]): string {
  const g: number[] = [];
  for (let i = 0; i < 16; i += 2) g.push(((b[i] ?? 0) << 8) | (b[i + 1] ?? 0));
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = g.map((x) => x.toString(16));
  if (bestLen < 2) return hex.join(":");
  return `${hex.slice(0, best).join(":")}::${hex.slice(best + bestLen).join(":")}`;
}

/** entity_addr_t's operator<<: `v2:10.0.0.7:6800/1234`, `-` for none. */
export function formatAddr(a: OsdMapAddr): string {
  if (a.type === 0) return "-";
  const type = a.type === 3 ? "" : `${ADDR_TYPES[a.type] ?? "???"}:`;
  return `${type}${formatSockaddr(a)}/${a.nonce}`;
}

/** entity_addrvec_t's operator<<: nothing when empty, the address alone, or `[a,b]`. */
export function formatAddrvec(v: readonly OsdMapAddr[]): string {
  if (v.length === 0) return "";
  if (v.length === 1) return formatAddr(v[0]!);
  return formatList(v.map(formatAddr));
}

/** entity_addrvec_t::get_legacy_str: the v1 (else first) address without its type. */
export function formatLegacyAddr(v: readonly OsdMapAddr[]): string {
  const a = v.find((x) => x.type === 1) ?? v[0];
  if (a === undefined) return "(unrecognized address family 0)/0";
  return `${formatSockaddr(a)}/${a.nonce}`;
}

/** The JSON of an address type, as entity_addr_t::dump names it. */
export function addrTypeName(type: number): string {
  return ADDR_TYPES[type] ?? "???";
}

/** The socket address alone, as entity_addr_t::dump prints `addr`. */
export { formatSockaddr };

const RELEASES: readonly string[] = [
  "unknown", "argonaut", "bobtail", "cuttlefish", "dumpling", "emperor", "firefly", "giant", "hammer", "infernalis", "jewel",
  "kraken", "luminous", "mimic", "nautilus", "octopus", "pacific", "quincy", "reef", "squid", "tentacle",
];

/**
 * ceph_release_name as the tool of `release` has it: a release newer than the tool prints as
 * `unknown` (16.2's osdmaptool prints a reef map's require_osd_release so).
 */
export function releaseNameAs(id: number, release: CephRelease): string {
  return id <= release ? (RELEASES[id] ?? "unknown") : "unknown";
}
