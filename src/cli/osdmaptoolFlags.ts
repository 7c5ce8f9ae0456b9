/**
 * osdmaptool's options as rows of the CLI's flag table: every option osdmaptool 16.2–20.2 reads,
 * each with its `osdmaptool` rule (how Ceph reads its value, see OsdmaptoolRule), plus crushmap's
 * own --crush and --release. osdmaptoolArgs.ts reads a command line from these rows alone, so an
 * option is added by adding its row. `--help` stays osdmaptool's own text (osdmaptoolHelp.ts);
 * the `help` lines here say what crushmap does with each option.
 *
 * Rows are matched by Ceph's spelling rule (cephArgName: `-` and `_` alike past the first two
 * characters); the names are the ones osdmaptool's usage shows. The rows crushmap leaves to
 * Ceph's osdmaptool come last, in the order crushmap refuses them.
 */
import { CRUSH, MARK_UP_IN, RELEASE } from "./commonFlags.js";
import { row, type FlagRow, type OsdmaptoolRule } from "./flags.js";

/** A table whose every row says how osdmaptool reads it. */
export type OsdmaptoolFlagTable = Readonly<Record<string, FlagRow & { readonly osdmaptool: OsdmaptoolRule }>>;

/** Every option of osdmaptool's spelling, by the key its value is stored under. */
export const OSDMAPTOOL_FLAGS = {
  tree: row({ names: ["--tree"], value: "string", optional: "", metavar: "[FORMAT]", osdmaptool: { read: "strLoose", shared: true, action: true }, help: "print the OSD tree (plain, json, json-pretty)" }),
  osdPgBits: row({ names: ["--osd-pg-bits"], value: "int", metavar: "BITS", osdmaptool: { read: "intLoose" }, help: "read and ignored (a map-creation setting)" }),
  osdPgpBits: row({ names: ["--osd-pgp-bits"], value: "int", metavar: "BITS", osdmaptool: { read: "intLoose" }, help: "read and ignored (a map-creation setting)" }),
  upmapCleanup: row({ names: ["--upmap-cleanup"], value: "string", metavar: "FILE", osdmaptool: { read: "str", action: true }, help: "look for pg_upmap entries to remove, commands to FILE ('-': stdout)" }),
  upmap: row({ names: ["--upmap"], value: "string", metavar: "FILE", osdmaptool: { read: "str", action: true }, help: "balance with pg_upmap_items, commands to FILE ('-': stdout)" }),
  read: row({ names: ["--read"], value: "string", metavar: "FILE", osdmaptool: { read: "str", action: true }, help: "balance the primaries of --read-pool, commands to FILE ('-': stdout)" }),
  upmapMax: row({ names: ["--upmap-max"], value: "int", metavar: "N", osdmaptool: { read: "intLoose" }, help: "with --upmap: at most N changes (default 10)" }),
  upmapDeviation: row({ names: ["--upmap-deviation"], value: "int", metavar: "D", osdmaptool: { read: "intLoose" }, help: "with --upmap: the deviation from the target allowed (default 5)" }),
  upmapSeed: row({ names: ["--upmap-seed"], value: "int", metavar: "SEED", osdmaptool: { read: "intLoose" }, help: "read and ignored (crushmap takes the pools in id order)" }),
  upmapPool: row({ names: ["--upmap-pool"], value: "string", metavar: "POOL", repeatable: true, osdmaptool: { read: "str", shared: true }, help: "with --upmap: balance only these pools (repeatable; kept sorted, once each)" }),
  readPool: row({ names: ["--read-pool"], value: "string", metavar: "POOL", osdmaptool: { read: "str", shared: true }, help: "with --read: the pool whose primaries to balance" }),
  withDefaultPool: row({ names: ["--with-default-pool"], osdmaptool: { read: "flag" }, help: "read and ignored (a map-creation setting)" }),
  markUpIn: row({ ...MARK_UP_IN, osdmaptool: { read: "flag" } }),
  markOut: row({ names: ["--mark-out"], value: "int", metavar: "OSD", osdmaptool: { read: "stoi", shared: true }, help: "mark OSD out first" }),
  markUp: row({ names: ["--mark-up"], value: "int", metavar: "OSD", osdmaptool: { read: "stod", shared: true }, help: "mark OSD up first" }),
  markIn: row({ names: ["--mark-in"], value: "int", metavar: "OSD", osdmaptool: { read: "stod", shared: true }, help: "mark an OSD in first (osdmaptool marks --mark-up's OSD)" }),
  clearTemp: row({ names: ["--clear-temp"], osdmaptool: { read: "flag" }, help: "drop pg_temp and primary_temp first" }),
  testMapPgs: row({ names: ["--test-map-pgs"], osdmaptool: { read: "flag", action: true }, help: "map every group: counts per OSD" }),
  testMapPgsDump: row({ names: ["--test-map-pgs-dump"], osdmaptool: { read: "flag", action: true }, help: "map every group: each group's OSDs, then the counts" }),
  testMapPgsDumpAll: row({ names: ["--test-map-pgs-dump-all"], osdmaptool: { read: "flag", action: true }, help: "map every group: raw, up and acting sets, then the counts" }),
  testRandom: row({ names: ["--test-random"], osdmaptool: { read: "flag" }, help: "with --test-map-pgs: random placements (the same on every run)" }),
  pgBits: row({ names: ["--pg-bits"], value: "int", metavar: "BITS", osdmaptool: { read: "int" }, help: "read and ignored (a map-creation setting)" }),
  pgpBits: row({ names: ["--pgp-bits"], value: "int", metavar: "BITS", osdmaptool: { read: "int" }, help: "read and ignored (a map-creation setting)" }),
  testMapPg: row({ names: ["--test-map-pg"], value: "string", metavar: "PGID", osdmaptool: { read: "str", shared: true, action: true }, help: "map one group" }),
  testMapObject: row({ names: ["--test-map-object"], value: "string", metavar: "NAME", osdmaptool: { read: "str", shared: true, action: true }, help: "map one object of --pool (default pool 1)" }),
  pgNum: row({ names: ["--pg_num"], value: "int", metavar: "N", osdmaptool: { read: "longlong", shared: true }, help: "with --test-map-pgs: map as if the pool had N groups" }),
  rangeLast: row({ names: ["--range-last"], value: "int", metavar: "N", osdmaptool: { read: "intLoose" }, help: "read and ignored without --range-first" }),
  pool: row({ names: ["--pool"], value: "int", metavar: "ID", osdmaptool: { read: "int" }, help: "the pool to map (default: every pool; --test-map-object: pool 1)" }),
  adjustCrushWeight: row({ names: ["--adjust-crush-weight"], value: "string", optional: "", metavar: "OSD:W[,OSD:W…]", osdmaptool: { read: "strLoose", shared: true, action: true }, help: "set these OSDs' crush weights first" }),
  vstart: row({ names: ["--vstart"], osdmaptool: { read: "flag" }, help: "prefix the commands --upmap and --read write with './bin/'" }),
  osdSizeAware: row({ names: ["--osd-size-aware"], osdmaptool: { read: "flag" }, help: "with --read: level each OSD's load by its size" }),
  print: row({ names: ["-p", "--print"], osdmaptool: { read: "flag", action: true }, help: "print the map as the release's osdmaptool does (a binary map)" }),
  dump: row({ names: ["--dump"], value: "string", optional: "", metavar: "[FORMAT]", osdmaptool: { read: "strLoose", shared: true, action: true }, help: "dump the map (plain, json, json-pretty, xml, xml-pretty)" }),
  exportCrush: row({ names: ["--export-crush"], value: "string", metavar: "FILE", osdmaptool: { read: "str", shared: true, action: true }, help: "write the map's crush map to FILE in the release's encoding" }),
  // crushmap's own: the crush map of an OSD map given as JSON, and the release to speak
  crush: row({ ...CRUSH, osdmaptool: { read: "str" } }),
  release: row({ ...RELEASE, osdmaptool: { read: "str" } }),
  // what crushmap leaves to Ceph's osdmaptool
  createsimple: row({ names: ["--createsimple"], value: "int", metavar: "N", osdmaptool: { read: "int", leftToCeph: true }, help: "left to Ceph's osdmaptool" }),
  createFromConf: row({ names: ["--create-from-conf"], osdmaptool: { read: "flag", leftToCeph: true }, help: "left to Ceph's osdmaptool" }),
  clobber: row({ names: ["--clobber"], osdmaptool: { read: "flag", leftToCeph: true }, help: "left to Ceph's osdmaptool" }),
  importCrush: row({ names: ["--import-crush"], value: "string", metavar: "FILE", osdmaptool: { read: "str", shared: true, leftToCeph: true }, help: "left to Ceph's osdmaptool" }),
  save: row({ names: ["--save"], osdmaptool: { read: "flag", leftToCeph: true }, help: "left to Ceph's osdmaptool" }),
  health: row({ names: ["--health"], osdmaptool: { read: "flag", leftToCeph: true }, help: "left to Ceph's osdmaptool" }),
  cleanTemps: row({ names: ["--clean-temps"], osdmaptool: { read: "flag", leftToCeph: true }, help: "left to Ceph's osdmaptool" }),
  testCrush: row({ names: ["--test-crush"], osdmaptool: { read: "flag", leftToCeph: true }, help: "left to Ceph's osdmaptool" }),
  rangeFirst: row({ names: ["--range-first"], value: "int", metavar: "N", osdmaptool: { read: "intLoose", leftToCeph: true }, help: "left to Ceph's osdmaptool" }),
  upmapActive: row({ names: ["--upmap-active"], osdmaptool: { read: "flag", leftToCeph: true }, help: "left to Ceph's osdmaptool" }),
} as const satisfies OsdmaptoolFlagTable;

/** The key of an osdmaptool option. */
export type OsdmaptoolOption = keyof typeof OSDMAPTOOL_FLAGS;
