/** Byte sizes and bandwidths as people write them: `1.5GiB`, `200MB/s`, `4T`. */
import { PlanError } from "./errors.js";

const UNITS: Readonly<Record<string, number>> = {
  "": 1,
  b: 1,
  k: 2 ** 10,
  m: 2 ** 20,
  g: 2 ** 30,
  t: 2 ** 40,
  p: 2 ** 50,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  pb: 1e15,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
  pib: 2 ** 50,
};

/**
 * Bytes in `text`: a number with an optional unit (KB/MB/GB/TB are powers of 1000; K/M/G/T, KiB… of 1024).
 *
 * @group Plans
 *
 * @throws {@link PlanError} when the text is not a size like 4GiB, 500MB or 1T.
 */
export function parseBytes(text: string, what = "size"): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  const unit = m === null ? undefined : UNITS[m[2]!.toLowerCase()];
  if (m === null || unit === undefined) throw new PlanError(`${what} '${text}' is not a size like 4GiB, 500MB or 1T`, text);
  return Number(m[1]) * unit;
}

/**
 * Bytes per second in `text`, e.g. `200MB/s` (the `/s` is optional).
 *
 * @group Plans
 *
 * @throws {@link PlanError} when the text is not a size, or is not above 0.
 */
export function parseBandwidth(text: string): number {
  const bare = text.replace(/\/s\s*$/i, "");
  const v = parseBytes(bare, "bandwidth");
  if (!(v > 0)) throw new PlanError(`bandwidth '${text}' must be above 0`, text);
  return v;
}

/**
 * `1.5 GiB`, `200 MiB`, `0 B`.
 *
 * @group Plans
 */
export function formatBytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}

/** `2h 03m`, `4m 10s`, `12s`. */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${String(m % 60).padStart(2, "0")}m`;
}
