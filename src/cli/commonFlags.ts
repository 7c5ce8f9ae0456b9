/**
 * The rows several commands share, so that the same thing has the same flag everywhere: the
 * crush map (`-i MAP` or bare), the output file, the cluster (`--osdmap`, `--crush`,
 * `--strict`/`--no-strict`), the pool, sizes and rates, reweights, threads.
 */
import { parseBandwidth, parseBytes } from "../plan/units.js";
import { above, atLeast, choice, row, type ValueParser } from "./flags.js";

const MAP = {
  names: ["-i", "--infn"],
  value: "string",
  metavar: "MAP",
  help: "the crush map, text or binary ('-' reads standard input)",
} as const;

/** `-i MAP`, `--infn MAP` or the first bare argument: a crush map, text or binary. */
export const MAP_INPUT = row({ ...MAP, required: "a map: -i MAP" });

/** The same, where another flag may stand in for it (crushtool's `-c MAP`, `-d MAP`). */
export const OPTIONAL_MAP_INPUT = row(MAP);

export const OUTPUT = row({ names: ["-o", "--outfn"], value: "string", metavar: "FILE", help: "write the result to FILE" });

/** `--json` with the shape of what it prints. */
export function jsonFlag(shape: string) {
  return row({ names: ["--json"], help: `print JSON: ${shape}` });
}

/** A pool given on the command line: its id when the text is a number, else its name. */
export function poolRef(text: string): number | string {
  return /^\d+$/.test(text) ? Number(text) : text;
}

const POOL_REF: ValueParser<number | string> = { metavar: "P", parse: poolRef };

export const POOL = row({ names: ["--pool"], value: POOL_REF, help: "pool id or name", required: true });

export const OPTIONAL_POOL = row({ names: ["--pool"], value: POOL_REF, help: "pool id or name (default: every pool)" });

const OSDMAP_ROW = {
  names: ["--osdmap"],
  value: "string",
  metavar: "OSDMAP",
  help: "the OSD map: binary ('ceph osd getmap -o FILE') or JSON as 'ceph osd dump -f json'\n(or 'osdmaptool MAP --dump json') prints it",
} as const;

/** What a placement command says when the cluster is missing. */
const CLUSTER_NEEDED = "--osdmap OSDMAP (and --crush CRUSH for a JSON one)";

export const OSDMAP = row({ ...OSDMAP_ROW, required: CLUSTER_NEEDED });

export const OPTIONAL_OSDMAP = row(OSDMAP_ROW);

export const CRUSH = row({
  names: ["--crush"],
  value: "string",
  metavar: "CRUSH",
  help: "the cluster's crush map, text or binary ('ceph osd getcrushmap -o FILE'); needed\nwith a JSON OSD map, replaces a binary one's own (osdmaptool --import-crush)",
});

/**
 * The cluster the placement commands read. `strict` is the default of --strict: off, as Ceph
 * maps an OSD map and a crush map that disagree on their devices (one warning says so).
 */
export function clusterFlags(strict = false) {
  return { osdmap: OSDMAP, crush: CRUSH, strict: strictFlag(strict), markUpIn: MARK_UP_IN };
}

/** osdmaptool's --mark-up-in: every OSD up and in (and a device of crush weight 0 weighs 1.0). */
export const MARK_UP_IN = row({
  names: ["--mark-up-in"],
  help: "map as if every OSD were up and in, as osdmaptool --mark-up-in (it also gives\ndevices of crush weight 0 the weight 1.0)",
});

export function strictFlag(strict: boolean) {
  return row({
    names: ["--strict"],
    negations: ["--no-strict"],
    default: strict,
    defaultText: strict ? "--strict" : "--no-strict",
    help: "refuse an OSD map and a crush map that disagree on the devices they hold\n(Ceph maps them; --no-strict maps them too, with one warning)",
  });
}

const BYTES: ValueParser<number> = { metavar: "SIZE", parse: (text, flag) => parseBytes(text, flag) };
const BANDWIDTH: ValueParser<number> = { metavar: "RATE", parse: (text) => parseBandwidth(text) };

export const PG_BYTES = row({ names: ["--pg-bytes"], value: BYTES, default: 2 ** 30, defaultText: "1GiB", help: "bytes per placement group, e.g. 4GiB" });

export const BANDWIDTH_FLAG = row({ names: ["--bandwidth"], value: BANDWIDTH, defaultText: "100MiB/s", help: "per-device transfer rate, e.g. 200MB/s" });

export const PG_NUM = row({ names: ["--pg-num"], value: "int", metavar: "N", check: atLeast(1), help: "placement groups" });

/** `--weight DEV W`, repeatable: crushtool's reweight of device DEV to W (0..1). */
export const WEIGHT = row({
  names: ["--weight"],
  value: ["int", "float"],
  metavar: "DEV W",
  repeatable: true,
  help: "reweight device DEV to W (0..1), as 'ceph osd reweight'",
});

export const TIB_PER_WEIGHT = row({ names: ["--tib-per-weight"], value: "float", metavar: "X", default: 1, check: above(0), help: "TiB of capacity per crush weight 1.0" });

/** The Ceph release whose formats to write (`--release 16|18|20`, or a code name). */
export const RELEASE = row({
  names: ["--release"],
  value: choice(["16", "18", "19", "20", "pacific", "reef", "squid", "tentacle"]),
  metavar: "R",
  default: "20",
  help: "write the formats of Ceph release R: 16 (pacific), 18 (reef), 20 (tentacle; 19/squid alike)",
});
