/**
 * Numbers printed the way C++ iostreams print them, digit for digit.
 *
 * crushtool writes its expected counts and ratios with `ostream << float` / `<< double` (the
 * default `%g` style with 6 significant digits) and tree weights with `std::fixed` and 5
 * decimals. glibc rounds the exact binary value half-to-even; JavaScript's `toPrecision` and
 * `toFixed` round exact ties upwards (1234565 → "1.23457e+06" where C prints "1.23456e+06"),
 * so the rounding here is done on the exact decimal expansion with BigInt.
 */

/** A finite non-negative double as an exact scaled integer: value = n / 10^scale. */
interface Exact {
  readonly n: bigint;
  readonly scale: number;
}

function exact(x: number): Exact {
  // Doubling is exact; after at most 1074 doublings any finite double is an integer.
  let m = x;
  let k = 0;
  while (!Number.isInteger(m)) {
    m *= 2;
    k++;
  }
  // m / 2^k == m * 5^k / 10^k
  return { n: BigInt(m) * 5n ** BigInt(k), scale: k };
}

/** Rounds value = n / 10^scale to an integer q with value ≈ q / 10^digits, ties to even. */
function roundTo(e: Exact, digits: number): bigint {
  if (digits >= e.scale) return e.n * 10n ** BigInt(digits - e.scale);
  const div = 10n ** BigInt(e.scale - digits);
  let q = e.n / div;
  const r = e.n % div;
  const half = div / 2n;
  if (r > half || (r === half && (q & 1n) === 1n)) q += 1n;
  return q;
}

/** Writes q / 10^digits with exactly `digits` decimals (digits >= 0). */
function placePoint(q: bigint, digits: number): string {
  let s = q.toString();
  if (digits === 0) return s;
  if (s.length <= digits) s = "0".repeat(digits - s.length + 1) + s;
  return s.slice(0, s.length - digits) + "." + s.slice(s.length - digits);
}

function special(x: number): string | null {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  return null;
}

/**
 * `printf("%.*f", digits, x)`: exactly `digits` decimals, the exact value rounded half to even.
 *
 * @example formatFixed(1 / 64, 5) // "0.01562" (C), where (1/64).toFixed(5) gives "0.01563"
 */
export function formatFixed(x: number, digits: number): string {
  const s = special(x);
  if (s !== null) return s;
  const neg = x < 0 || Object.is(x, -0);
  return (neg ? "-" : "") + placePoint(roundTo(exact(Math.abs(x)), digits), digits);
}

/**
 * `printf("%.*g", precision, x)`, which is what `std::ostream << x` prints for a float or a
 * double with the default flags (precision 6): fixed or exponent style by the exponent,
 * trailing zeros dropped, exponents of at least two digits.
 *
 * @example formatG(170.66667175292969) // "170.667"
 * @example formatG(1234565) // "1.23456e+06"
 */
export function formatG(x: number, precision = 6): string {
  const s = special(x);
  if (s !== null) return s;
  const neg = x < 0 || Object.is(x, -0);
  const sign = neg ? "-" : "";
  const p = precision === 0 ? 1 : precision;
  if (x === 0) return sign + "0";
  const e = exact(Math.abs(x));
  // exponent of the leading digit before rounding
  let exp = e.n.toString().length - 1 - e.scale;
  let q = roundTo(e, p - 1 - exp);
  if (q.toString().length > p) {
    // rounding carried into a new digit (9.999995 → 10.0000)
    exp += 1;
    q /= 10n;
  }
  if (exp < p && exp >= -4) {
    return sign + stripZeros(placePoint(q, p - 1 - exp));
  }
  const mantissa = stripZeros(placePoint(q, p - 1));
  const absExp = Math.abs(exp);
  return `${sign}${mantissa}e${exp < 0 ? "-" : "+"}${absExp < 10 ? "0" : ""}${absExp}`;
}

function stripZeros(s: string): string {
  if (!s.includes(".")) return s;
  return s.replace(/0+$/, "").replace(/\.$/, "");
}
