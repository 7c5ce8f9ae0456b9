/**
 * crushtool's map edits (`--reweight-item`, `--set-choose-total-tries`, `--create-replicated-rule`,
 * …) and checks (`--check`, `--show-location`), with crushtool's words and exit statuses. The
 * edits are CrushMapBuilder operations; this file only spells them as crushtool does and prints
 * what crushtool prints. Nothing is written unless every edit succeeded.
 */
import { checkNames } from "../analysis/checkNames.js";
import { CrushmapError } from "../hash/crushmapError.js";
import { CrushMapBuilder } from "../map/builder.js";
import { fullLocation } from "../map/location.js";
import type { CrushMap, Tunables } from "../map/types.js";
import { row } from "./flags.js";
import type { CliIO } from "./io.js";

function tunableRow(flag: string, what: string) {
  return row({ names: [flag], value: "int", metavar: "N", help: `set the ${what} tunable` });
}

export const EDIT_FLAGS = {
  reweightItem: row({ names: ["--reweight-item"], value: ["string", "string"], metavar: "NAME W", repeatable: true, help: "set the crush weight of item NAME to W wherever it is (the last one given counts)" }),
  setChooseLocalTries: tunableRow("--set-choose-local-tries", "choose_local_tries"),
  setChooseLocalFallbackTries: tunableRow("--set-choose-local-fallback-tries", "choose_local_fallback_tries"),
  setChooseTotalTries: tunableRow("--set-choose-total-tries", "choose_total_tries"),
  setChooseleafDescendOnce: tunableRow("--set-chooseleaf-descend-once", "chooseleaf_descend_once"),
  setChooseleafVaryR: tunableRow("--set-chooseleaf-vary-r", "chooseleaf_vary_r"),
  setChooseleafStable: tunableRow("--set-chooseleaf-stable", "chooseleaf_stable"),
  setStrawCalcVersion: tunableRow("--set-straw-calc-version", "straw_calc_version"),
  createSimpleRule: row({ names: ["--create-simple-rule"], value: ["string", "string", "string", "string"], metavar: "NAME ROOT TYPE MODE", help: "add a rule: take ROOT, choose(leaf) MODE (firstn|indep) 0 type TYPE, emit" }),
  createReplicatedRule: row({ names: ["--create-replicated-rule"], value: ["string", "string", "string"], metavar: "NAME ROOT TYPE", help: "add a replicated rule: take ROOT, chooseleaf firstn 0 type TYPE, emit" }),
  deviceClass: row({ names: ["--device-class"], value: "string", metavar: "CLASS", help: "with --create-replicated-rule: take only devices of CLASS" }),
  removeRule: row({ names: ["--remove-rule"], value: "string", metavar: "NAME", help: "remove the rule NAME" }),
  showLocation: row({ names: ["--show-location"], value: "int", metavar: "ID", help: "print the location (type and bucket) of item ID" }),
  check: row({ names: ["--check"], value: "int", optional: -1, metavar: "[MAX_ID]", help: "check that every item has a name and a named type (and ids < MAX_ID)" }),
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
  createSimpleRule?: [string, string, string, string] | undefined;
  createReplicatedRule?: [string, string, string] | undefined;
  deviceClass?: string | undefined;
  removeRule?: string | undefined;
}

const TUNABLE_ARGS: readonly [keyof EditArgs, keyof Tunables][] = [
  ["setChooseLocalTries", "chooseLocalTries"],
  ["setChooseLocalFallbackTries", "chooseLocalFallbackTries"],
  ["setChooseTotalTries", "chooseTotalTries"],
  ["setChooseleafDescendOnce", "chooseleafDescendOnce"],
  ["setChooseleafVaryR", "chooseleafVaryR"],
  ["setChooseleafStable", "chooseleafStable"],
  ["setStrawCalcVersion", "strawCalcVersion"],
];

/** Whether any edit flag was given. */
export function hasEdits(a: EditArgs): boolean {
  return a.reweightItem.length > 0 || TUNABLE_ARGS.some(([k]) => a[k] !== undefined) || a.createSimpleRule !== undefined || a.createReplicatedRule !== undefined || a.removeRule !== undefined;
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
  const b = CrushMapBuilder.from(map);
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
  const tunables: Partial<Record<keyof Tunables, number>> = {};
  for (const [arg, key] of TUNABLE_ARGS) {
    const v = a[arg];
    if (typeof v === "number") tunables[key] = v;
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
  return { map: b.build(), modified };
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
