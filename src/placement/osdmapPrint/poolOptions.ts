/**
 * pool_opts_t: the names of the pool options by key (pool_opts_t::key_t), and how the pool's
 * text and dump show them: by name in alphabetical order (Ceph walks its name → option table, a
 * std::map).
 */
import type { OsdMapPoolOption } from "../osdmapBinary/record.js";
import { formatStream } from "./cephText.js";

/** Option names by key. */
const OPTION_NAMES: readonly string[] = [
  "scrub_min_interval", "scrub_max_interval", "deep_scrub_interval", "recovery_priority", "recovery_op_priority",
  "scrub_priority", "compression_mode", "compression_algorithm", "compression_required_ratio",
  "compression_max_blob_size", "compression_min_blob_size", "csum_type", "csum_max_block", "csum_min_block",
  "fingerprint_algorithm", "pg_num_min", "target_size_bytes", "target_size_ratio", "pg_autoscale_bias",
  "read_lease_interval", "dedup_tier", "dedup_chunk_algorithm", "dedup_cdc_chunk_size", "pg_num_max", "read_ratio",
];

/** The options set, by name, alphabetically; an option whose key Ceph has no name for is not shown. */
export function namedOptions(options: readonly OsdMapPoolOption[]): readonly (readonly [string, OsdMapPoolOption])[] {
  const out: (readonly [string, OsdMapPoolOption])[] = [];
  for (const o of options) {
    const name = OPTION_NAMES[o.key];
    if (name !== undefined) out.push([name, o]);
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** pool_opts_t's operator<<: ` name value` for each option set. */
export function formatPoolOptions(options: readonly OsdMapPoolOption[]): string {
  let out = "";
  for (const [name, o] of namedOptions(options)) out += ` ${name} ${o.type === "double" ? formatStream(o.value) : String(o.value)}`;
  return out;
}
