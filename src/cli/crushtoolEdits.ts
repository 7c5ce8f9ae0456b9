/**
 * crushtool's map edits (`--reweight-item`, `--set-choose-total-tries`, `--create-replicated-rule`,
 * …) and checks (`--check`, `--show-location`), with crushtool's words and exit statuses. The
 * edits are CrushMapBuilder operations; this file only spells them as crushtool does and prints
 * what crushtool prints. Nothing is written unless every edit succeeded.
 */
import { checkNames } from "../analysis/checkNames.js";
import { CrushmapError } from "../hash/crushmapError.js";
import { CrushMapBuilder } from "../map/builder.js";
import { CrushEditError } from "../map/errors.js";
import { insertItem, updateItem } from "../map/insertItem.js";
import { fullLocation } from "../map/location.js";
import { reweightAll } from "../map/reweightAll.js";
import type { CrushMap, Tunables } from "../map/types.js";
import { row } from "./flags.js";
import type { CliIO } from "./io.js";

function tunableRow(flag: string, what: string) {
  // crushtool leaves a bad value in its error stream and sets the tunable anyway (see crushtoolArgs.ts)
  return row({ names: [flag], value: "int", crushtool: { read: "int", checked: false }, metavar: "N", help: `set the ${what} tunable` });
}

export const EDIT_FLAGS = {
  reweightItem: row({ names: ["--reweight-item"], value: ["string", "string"], crushtool: { read: "string", more: ["atof"] }, metavar: "NAME W", repeatable: true, help: "set the crush weight of item NAME to W wherever it is (the last one given counts)" }),
  setChooseLocalTries: tunableRow("--set-choose-local-tries", "choose_local_tries"),
  setChooseLocalFallbackTries: tunableRow("--set-choose-local-fallback-tries", "choose_local_fallback_tries"),
  setChooseTotalTries: tunableRow("--set-choose-total-tries", "choose_total_tries"),
  setChooseleafDescendOnce: tunableRow("--set-chooseleaf-descend-once", "chooseleaf_descend_once"),
  setChooseleafVaryR: tunableRow("--set-chooseleaf-vary-r", "chooseleaf_vary_r"),
  setChooseleafStable: tunableRow("--set-chooseleaf-stable", "chooseleaf_stable"),
  setStrawCalcVersion: tunableRow("--set-straw-calc-version", "straw_calc_version"),
  // in crushtool's argument loop, not in its --help
  setAllowedBucketAlgs: tunableRow("--set-allowed-bucket-algs", "allowed_bucket_algs (a bit mask of bucket algorithms)"),
  createSimpleRule: row({ names: ["--create-simple-rule"], value: ["string", "string", "string", "string"], crushtool: { read: "string", stream: true, more: ["string", "string", "string"] }, metavar: "NAME ROOT TYPE MODE", help: "add a rule: take ROOT, choose(leaf) MODE (firstn|indep) 0 type TYPE, emit" }),
  createReplicatedRule: row({ names: ["--create-replicated-rule"], value: ["string", "string", "string"], crushtool: { read: "string", stream: true, more: ["string", "string"] }, metavar: "NAME ROOT TYPE", help: "add a replicated rule: take ROOT, chooseleaf firstn 0 type TYPE, emit" }),
  deviceClass: row({ names: ["--device-class"], value: "string", crushtool: { read: "string", checked: true }, metavar: "CLASS", help: "with --create-replicated-rule: take only devices of CLASS" }),
  removeRule: row({ names: ["--remove-rule"], value: "string", crushtool: { read: "string", checked: true }, metavar: "NAME", help: "remove the rule NAME" }),
  addItem: row({ names: ["--add-item"], value: ["int", "string", "string"], crushtool: { read: "int", more: ["atof", "string"] }, metavar: "ID W NAME", help: "add device ID with weight W and name NAME at --loc (creating missing buckets)" }),
  updateItem: row({ names: ["--update-item"], value: ["int", "string", "string"], crushtool: { read: "int", more: ["atof", "string"] }, metavar: "ID W NAME", help: "add or move device ID to --loc with weight W and name NAME" }),
  loc: row({ names: ["--loc"], value: ["string", "string"], crushtool: { read: "string", more: ["string"] }, metavar: "TYPE NAME", repeatable: true, help: "with --add-item, --update-item, --add-bucket, --move: a level of the location" }),
  addBucket: row({ names: ["--add-bucket"], value: ["string", "string"], crushtool: { read: "string", expecting: true, more: ["string"] }, metavar: "NAME TYPE", help: "add an empty bucket NAME of type TYPE (at --loc, else as a root)" }),
  move: row({ names: ["--move"], value: "string", crushtool: { read: "string", expecting: true }, metavar: "NAME", help: "move bucket NAME to --loc" }),
  removeItem: row({ names: ["--remove-item"], value: "string", crushtool: { read: "string" }, metavar: "NAME", help: "remove item NAME (a device, or an empty bucket)" }),
  reweight: row({ names: ["--reweight"], help: "recompute every bucket's weight from its devices" }),
  showLocation: row({ names: ["--show-location"], value: "int", crushtool: { read: "int", checked: false }, metavar: "ID", help: "print the location (type and bucket) of item ID" }),
  check: row({ names: ["--check"], value: "int", optional: -1, crushtool: { read: "int", checked: false }, metavar: "[MAX_ID]", help: "check that every item has a name and a named type (and ids < MAX_ID)" }),
} as const;

export interface EditArgs {
  reweightItem: [string, string][];
  setChooseLocalTries?: number | undefined;
  setChooseLocalFallbackTries?: number | undefined;
  setChooseTotalTries?: number | undefined;
  setChooseleafDescendOnce?: number | undefined;
  setChooseleafVaryR?: number | undefined;
  setChooseleafStable?: number | undefined;
  setStrawCalcVersion?: number | undefined;
  setAllowedBucketAlgs?: number | undefined;
  createSimpleRule?: [string, string, string, string] | undefined;
  createReplicatedRule?: [string, string, string] | undefined;
  deviceClass?: string | undefined;
  removeRule?: string | undefined;
  addItem?: [number, string, string] | undefined;
  updateItem?: [number, string, string] | undefined;
  loc: [string, string][];
  addBucket?: [string, string] | undefined;
  move?: string | undefined;
  removeItem?: string | undefined;
  reweight: boolean;
}

const TUNABLE_ARGS: readonly [keyof EditArgs, keyof Tunables][] = [
  ["setChooseLocalTries", "chooseLocalTries"],
  ["setChooseLocalFallbackTries", "chooseLocalFallbackTries"],
  ["setChooseTotalTries", "chooseTotalTries"],
  ["setChooseleafDescendOnce", "chooseleafDescendOnce"],
  ["setChooseleafVaryR", "chooseleafVaryR"],
  ["setChooseleafStable", "chooseleafStable"],
  ["setStrawCalcVersion", "strawCalcVersion"],
  ["setAllowedBucketAlgs", "allowedBucketAlgs"],
];

/** Whether any edit flag was given. */
export function hasEdits(a: EditArgs): boolean {
  return a.reweightItem.length > 0 || itemToAdd(a) !== undefined || a.addBucket !== undefined || a.move !== undefined || a.removeItem !== undefined || a.reweight || TUNABLE_ARGS.some(([k]) => a[k] !== undefined) || a.createSimpleRule !== undefined || a.createReplicatedRule !== undefined || a.removeRule !== undefined;
}

/** The --add-item / --update-item edit, if any: crushtool takes a negative id as none given. */
function itemToAdd(a: EditArgs): [number, string, string] | undefined {
  const add = a.addItem ?? a.updateItem;
  return add !== undefined && add[0] >= 0 ? add : undefined;
}

/** The program's name as it was invoked (crushtool names itself so in its messages). */
export function programName(): string {
  const argv0 = typeof process !== "undefined" ? (process.argv0 ?? "") : "";
  const base = argv0.split("/").pop() ?? "";
  return base === "" || base === "node" || base.startsWith("node") ? "crushmap" : base;
}

/** C's atof: the longest numeric prefix, 0 when there is none (crushtool reads weights so). */
export function atof(text: string): number {
  const n = Number.parseFloat(text);
  return Number.isFinite(n) ? n : 0;
}

/** How C++ streams print a float: 6 significant digits, no trailing zeros. */
function coutFloat(x: number): string {
  return String(Number(Math.fround(x).toPrecision(6)));
}

export type EditOutcome = { readonly map: CrushMap; readonly modified: boolean } | { readonly status: number };

/** Applies the edits in crushtool's order; on a failure prints crushtool's words and returns its status. */
export function applyEdits(map: CrushMap, a: EditArgs, io: CliIO, me: string): EditOutcome {
  let b = CrushMapBuilder.from(map);
  let modified = false;
  // crushtool keeps only the last --reweight-item
  for (const [name, text] of a.reweightItem.slice(-1)) {
    const w = atof(text);
    io.stdout(`${me} reweighting item ${name} to ${coutFloat(w)}\n`);
    if (b.idOf(name) === undefined) {
      io.stderr(` name ${name} dne\n${me} (2) No such file or directory\n`);
      return { status: 254 };
    }
    b.reweight(name, w);
    modified = true;
  }
  const items = itemEdits(b, a, io, me);
  if (typeof items === "number") return { status: items };
  b = items.b;
  modified ||= items.modified;
  const tunables: Partial<Record<keyof Tunables, number>> = {};
  for (const [arg, key] of TUNABLE_ARGS) {
    const v = a[arg];
    // crushtool sets only a tunable given 0 or more (-1 is its "not given")
    if (typeof v === "number" && v >= 0) tunables[key] = v;
  }
  if (Object.keys(tunables).length > 0) {
    b.setTunables(tunables);
    modified = true;
  }
  const rule = createRules(b, a, io);
  if (rule === "failed") return { status: 1 };
  modified ||= rule;
  if (a.removeRule !== undefined) {
    try {
      b.removeRule(a.removeRule);
      modified = true;
    } catch (e) {
      if (!(e instanceof CrushmapError)) throw e;
      // crushtool reports a missing rule and carries on
      io.stderr(`rule ${a.removeRule} does not exist\n`);
    }
  }
  const built = b.build();
  return { map: a.reweight ? reweightAll(built) : built, modified: modified || a.reweight };
}

/** Ceph's errno as crushtool reports it: `crushtool (2) No such file or directory`, status 256 - errno. */
const ERRNO = {
  ENOENT: [2, "No such file or directory"],
  EEXIST: [17, "File exists"],
  EINVAL: [22, "Invalid argument"],
  ENOTEMPTY: [39, "Directory not empty"],
  EBUSY: [16, "Device or resource busy"],
  ELOOP: [40, "Too many levels of symbolic links"],
  EOVERFLOW: [75, "Value too large for defined data type"],
} as const;

function fail(io: CliIO, me: string, e: keyof typeof ERRNO): number {
  const [n, text] = ERRNO[e];
  io.stderr(`${me} (${n}) ${text}\n`);
  return 256 - n;
}

/** --remove-item, --add-item / --update-item, --add-bucket, --move: the edited builder and whether the map changed, a status on failure. */
function itemEdits(b: CrushMapBuilder, a: EditArgs, io: CliIO, me: string): { b: CrushMapBuilder; modified: boolean } | number {
  let modified = false;
  if (a.removeItem !== undefined) {
    io.stdout(`${me} removing item ${a.removeItem}\n`);
    const id = b.idOf(a.removeItem);
    if (id === undefined) {
      io.stderr(` name ${a.removeItem} dne\n`);
      return fail(io, me, "ENOENT");
    }
    const r = attempt(() => (id >= 0 ? b.removeDevice(id) : b.removeBucket(a.removeItem!)));
    if (r !== undefined) return fail(io, me, /not empty/.test(r) ? "ENOTEMPTY" : "EBUSY");
    modified = true;
  }
  const add = itemToAdd(a);
  if (add !== undefined) {
    const edited = insertItemEdit(b, add, a.loc, a.updateItem !== undefined);
    if (typeof edited === "string") return fail(io, me, edited);
    b = edited;
    modified = true;
  }
  if (a.addBucket !== undefined) {
    const [name, type] = a.addBucket;
    if (b.idOf(name) !== undefined) {
      io.stderr(`${me} bucket '${name}' already exists\n`);
      return 256 - 17;
    }
    const under = lowestExisting(b, a.loc);
    if (attempt(() => b.addBucket(name, type, under === undefined ? {} : { under })) !== undefined) return fail(io, me, "EINVAL");
    modified = true;
  }
  if (a.move !== undefined) {
    const to = lowestExisting(b, a.loc);
    const id = b.idOf(a.move);
    if (id === undefined) {
      io.stderr(`${me} item '${a.move}' does not exist\n`);
      return 256 - 2;
    }
    // Ceph's check_item_loc: only the bucket directly above the item counts
    const built = b.build();
    const parent = [...built.buckets].sort((x, y) => y.id - x.id).find((bk) => bk.items.some((it) => it.id === id));
    if (a.loc.length > 0 && parent !== undefined && a.loc.some(([, n]) => n === parent.name)) {
      const where = [...new Map(a.loc)].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).map(([t, n]) => `${t}=${n}`);
      io.stderr(`${me} item '${a.move}' already at {${where.join(",")}}\n`);
      return 1;
    }
    if (to === undefined || attempt(() => b.moveBucket(a.move!, to)) !== undefined) return fail(io, me, "EINVAL");
    modified = true;
  }
  return { b, modified };
}

function attempt(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (e instanceof CrushmapError) return e.message;
    throw e;
  }
}

/** The first --loc bucket (in the order given) that exists. */
function lowestExisting(b: CrushMapBuilder, loc: readonly [string, string][]): string | undefined {
  return loc.find(([, name]) => b.idOf(name) !== undefined)?.[1];
}

/** --add-item / --update-item: the library's insertItem / updateItem, which fail with Ceph's errno. */
function insertItemEdit(b: CrushMapBuilder, [id, w, name]: [number, string, string], loc: readonly [string, string][], update: boolean): CrushMapBuilder | keyof typeof ERRNO {
  const device = { id, weight: atof(w), name };
  try {
    return CrushMapBuilder.from(update ? updateItem(b.build(), device, loc).map : insertItem(b.build(), device, loc));
  } catch (e) {
    if (e instanceof CrushEditError) return e.code;
    throw e;
  }
}

function createRules(b: CrushMapBuilder, a: EditArgs, io: CliIO): boolean | "failed" {
  let modified = false;
  try {
    if (a.createSimpleRule !== undefined) {
      const [name, root, type, mode] = a.createSimpleRule;
      io.stdout(`--create-simple-rule: name=${name} root=${root} type=${type} mode=${mode}\n`);
      b.createSimpleRule(name, root, type, mode as "firstn");
      modified = true;
    }
    if (a.createReplicatedRule !== undefined) {
      const [name, root, type] = a.createReplicatedRule;
      io.stdout(`--create-replicated-rule: name=${name} root=${root} type=${type}\n`);
      b.createReplicatedRule(name, root, type, a.deviceClass);
      modified = true;
    }
  } catch (e) {
    if (!(e instanceof CrushmapError)) throw e;
    io.stderr(`${e.message}\n`);
    return "failed";
  }
  return modified;
}

/** `--check [MAX_ID]`: crushtool's line and status 1 on the first problem. */
export function runCheck(map: CrushMap, maxId: number, io: CliIO): number {
  if (maxId < 0) return 0;
  const problem = checkNames(map, maxId);
  if (problem === undefined) return 0;
  io.stdout(problem + "\n");
  return 1;
}

/** `--show-location ID`: one `type<TAB>name` line per level above ID. */
export function showLocation(map: CrushMap, id: number, io: CliIO): void {
  io.stdout(fullLocation(map, id).map(([t, n]) => `${t}\t${n}\n`).join(""));
}
