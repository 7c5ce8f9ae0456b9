/**
 * The Ceph config options osdmaptool's `--upmap` reads (OSDMap::calc_pg_upmaps), taken from the
 * command line as Ceph's global_init takes them before osdmaptool looks at its own options:
 * `--name=value` or `--name value`, dashes and underscores alike, a boolean also as a bare
 * `--name` (true) or `=true|false|1|0`; nothing after `--`. A value Ceph would refuse leaves the
 * default. Config files (`-c`) and CEPH_ARGS are not read. Also the order of the --upmap-pool
 * options, which osdmaptool's own parsing forgets (it keeps them in a std::set).
 */
import { cephArgName } from "./osdmaptoolArgs.js";

/** The upmap config options given (undefined: Ceph's default). */
export interface UpmapConfig {
  readonly aggressive?: boolean;
  readonly fast?: boolean;
  readonly localFallbackRetries?: number;
  /**
   * The --upmap-pool names in the order the command line gives them, each once: crushmap balances
   * the pools in this order (osdmaptool shuffles them at random).
   */
  readonly poolOrder?: readonly string[];
}

const BOOLEANS = { osd_calc_pg_upmaps_aggressively: "aggressive", osd_calc_pg_upmaps_aggressively_fast: "fast" } as const;
const RETRIES = "osd_calc_pg_upmaps_local_fallback_retries";

/** The upmap config options of osdmaptool's command line `argv`. */
export function upmapConfig(argv: readonly string[]): UpmapConfig {
  const out: { aggressive?: boolean; fast?: boolean; localFallbackRetries?: number; poolOrder?: string[] } = {};
  const pools: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") break;
    if (!arg.startsWith("--")) continue;
    const canonical = cephArgName(arg).slice(2);
    const eq = canonical.indexOf("=");
    const name = eq < 0 ? canonical : canonical.slice(0, eq);
    const value = eq < 0 ? undefined : canonical.slice(eq + 1);
    if (name in BOOLEANS) {
      const b = value === undefined || value === "true" || value === "1" ? true : value === "false" || value === "0" ? false : undefined;
      if (b !== undefined) out[BOOLEANS[name as keyof typeof BOOLEANS]] = b;
    } else if (name === "upmap_pool") {
      const text = value ?? argv[++i];
      if (text !== undefined && !pools.includes(text)) pools.push(text);
    } else if (name === RETRIES) {
      const text = value ?? argv[++i];
      if (text !== undefined && /^\d+$/.test(text)) out.localFallbackRetries = Number(text);
    }
  }
  if (pools.length > 0) out.poolOrder = pools;
  return out;
}
