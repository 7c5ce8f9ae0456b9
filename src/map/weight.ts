/**
 * Weights: 16.16 fixed point inside, decimals at the edges.
 */
import { CrushMapError } from "./errors.js";

/**
 * 1.0 in 16.16 fixed point.
 *
 * @group Maps
 */
export const WEIGHT_ONE = 0x10000;

/** Largest weight a bucket item may carry (what fits an unsigned 32-bit word). */
export const WEIGHT_MAX = 0xffffffff;

/**
 * The 16.16 weight CrushCompiler stores for the decimal `text` (or a number).
 *
 * Ceph reads the decimal with strtof — straight to a 32-bit float, correctly rounded — then
 * multiplies by (float)0x10000 in float arithmetic and converts to unsigned, which truncates
 * toward zero. So "1.819" gives 119209 (0x1d1a9), not round(1.819 * 65536) = 119210.
 * Throws `CrushMapError` for text that is not a decimal, and for weights that are negative
 * (strtof then an out-of-range conversion in C) or do not fit 32 bits.
 *
 * @group Maps
 */
export function weightFromDecimal(value: string | number, what: string | number = String(value)): number {
  const f = typeof value === "number" ? Math.fround(value) : decimalToFloat32(value);
  if (Number.isNaN(f)) throw new CrushMapError(`weight ${String(value)} of ${String(what)} is not a number`, what);
  const scaled = Math.trunc(Math.fround(f * WEIGHT_ONE));
  if (scaled < 0 || scaled > WEIGHT_MAX || !Number.isFinite(scaled)) {
    throw new CrushMapError(`weight ${String(value)} of ${String(what)} is out of range 0..65535.99998`, what);
  }
  return scaled === 0 ? 0 : scaled;
}

/**
 * The 16.16 weight crushtool stores for decimal text in a crushmap, wrap-around included.
 *
 * Same float arithmetic as `weightFromDecimal`, but the float → unsigned conversion is done the
 * way gcc on x86-64 compiles it (truncate to a 64-bit integer, keep the low 32 bits), so a
 * negative decimal wraps: "-25536.000" is 0x9c400000 (40000.0). crushtool relies on this
 * without knowing it: it prints weights of 32768.0 and more as negative numbers
 * (`weightToText`) and reads them back to the same weight. Callers apply Ceph's limits.
 */
export function weightFromCephText(text: string, what: string | number = text): number {
  const f = decimalToFloat32(text);
  const scaled = Math.trunc(Math.fround(f * WEIGHT_ONE));
  if (!Number.isFinite(scaled) || Math.abs(scaled) >= 2 ** 63) {
    throw new CrushMapError(`weight ${text} of ${String(what)} is out of range`, what);
  }
  return Number(BigInt.asUintN(32, BigInt(scaled)));
}

/** A decimal in the text format's syntax (Boost Spirit's real_p): sign, digits, dot, exponent. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Correctly rounded decimal → float32, like C's strtof. `Math.fround(Number(text))` rounds twice
 * (to double, then to float) and is wrong when the double lands exactly halfway between two
 * floats; that case is settled here by an exact comparison of the decimal with the midpoint.
 */
export function decimalToFloat32(text: string): number {
  const t = text.trim();
  if (!DECIMAL.test(t)) return NaN;
  const d = Number(t);
  const f = Math.fround(d);
  if (f === d || !Number.isFinite(f)) return f;
  const [lo, hi] = f < d ? [f, nextFloat32(f, 1)] : [nextFloat32(f, -1), f];
  const mid = (lo + hi) / 2; // exact: two neighbouring floats differ in one bit past float precision
  if (mid !== d) return f;
  const c = compareDecimalToDouble(t, mid);
  if (c > 0) return hi;
  if (c < 0) return lo;
  return f; // a true tie: fround already rounded it to even
}

function nextFloat32(f: number, direction: 1 | -1): number {
  const buf = new Float32Array(1);
  const bits = new Int32Array(buf.buffer);
  buf[0] = f;
  if (f === 0) {
    bits[0] = direction > 0 ? 1 : -2147483647;
    return buf[0]!;
  }
  bits[0] = bits[0]! + ((f > 0) === (direction > 0) ? 1 : -1);
  return buf[0]!;
}

/** Sign of (exact decimal text) − d, for a finite double d. */
function compareDecimalToDouble(text: string, d: number): number {
  const m = /^([+-]?)(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?$/.exec(text)!;
  const negative = m[1] === "-";
  let digits = BigInt((m[2] ?? "") + (m[3] ?? "") || "0");
  const exp10 = Number(m[4] ?? "0") - (m[3] ?? "").length;
  if (negative) digits = -digits;
  // d = mant * 2^exp2 exactly
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, d);
  const hiWord = view.getUint32(0);
  const loWord = view.getUint32(4);
  const biased = (hiWord >>> 20) & 0x7ff;
  let mant = (BigInt(hiWord & 0xfffff) << 32n) | BigInt(loWord);
  let exp2: number;
  if (biased === 0) exp2 = -1074;
  else {
    mant |= 1n << 52n;
    exp2 = biased - 1075;
  }
  if (d < 0) mant = -mant;
  // compare digits * 10^exp10 with mant * 2^exp2 over a common denominator
  let left = digits;
  let right = mant;
  if (exp10 >= 0) left *= 10n ** BigInt(exp10);
  else right *= 10n ** BigInt(-exp10);
  if (exp2 >= 0) right <<= BigInt(exp2);
  else left <<= BigInt(-exp2);
  return left > right ? 1 : left < right ? -1 : 0;
}

/**
 * The decimal crushtool -d prints for a 16.16 weight: `printf("%.3f", (float)w / (float)0x10000)`
 * (Ceph 16.2; `decimals` 5 for the `%.5f` of 18.2 and later) where w is a C int — so weights of
 * 32768.0 and above print negative, as Ceph does — and glibc rounds the exact binary value half
 * to even (0.0625 prints "0.062", not "0.063").
 *
 * @group Maps
 */
export function weightToText(weight: number, decimals: 3 | 5 = 3): string {
  const f = Math.fround(Math.fround(weight | 0) / WEIGHT_ONE);
  return formatFixed(f, decimals);
}

/** `%.Nf` of a float32 value, exactly as glibc prints it. */
function formatFixed(f: number, decimals: 3 | 5): string {
  const negative = f < 0;
  const scale = decimals === 3 ? 1000 : 100000;
  const v = Math.abs(f) * scale; // exact: 24 significant bits times 10^5 (< 2^17) fit a double
  let n = Math.floor(v);
  const frac = v - n;
  if (frac > 0.5 || (frac === 0.5 && n % 2 === 1)) n += 1;
  const whole = Math.floor(n / scale);
  const part = String(n % scale).padStart(decimals, "0");
  return `${negative ? "-" : ""}${whole}.${part}`;
}
