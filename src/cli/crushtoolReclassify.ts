/**
 * crushtool's `--reclassify` family in crushtool's spelling: `--set-subtree-class BUCKET CLASS`,
 * `--reclassify` with `--reclassify-root ROOT CLASS` and `--reclassify-bucket MATCH CLASS
 * DEFAULT_PARENT`, and `--rebuild-class-roots`. The work is the library's `reclassify`; this file
 * prints crushtool's report on stdout and its `failed to reclassify map` on stderr (status 1).
 */
import { CrushmapError } from "../hash/crushmapError.js";
import { rebuildClassRoots, reclassify, ReclassifyError } from "../map/reclassify/reclassify.js";
import type { CrushMap } from "../map/types.js";
import { row } from "./flags.js";
import type { CliIO } from "./io.js";

export const RECLASSIFY_FLAGS = {
  reclassify: row({ names: ["--reclassify"], help: "move a legacy map to device classes without moving data (with --reclassify-root, --reclassify-bucket)" }),
  reclassifyRoot: row({ names: ["--reclassify-root"], value: ["string", "string"], crushtool: { read: "string", more: ["string"], moreName: "" }, metavar: "ROOT CLASS", repeatable: true, help: "with --reclassify: the tree under ROOT becomes ROOT's CLASS tree" }),
  reclassifyBucket: row({
    names: ["--reclassify-bucket"],
    value: ["string", "string", "string"],
    crushtool: { read: "string", more: ["string", "string"], moreName: "" },
    metavar: "MATCH CLASS DEFAULT_PARENT",
    repeatable: true,
    help: "with --reclassify: buckets matching MATCH (prefix%, %suffix or a name) fold into their base as its CLASS copy",
  }),
  setSubtreeClass: row({ names: ["--set-subtree-class"], value: ["string", "string"], crushtool: { read: "string", more: ["string"], moreName: "" }, metavar: "BUCKET CLASS", repeatable: true, help: "give every device below BUCKET the class CLASS" }),
  rebuildClassRoots: row({ names: ["--rebuild-class-roots"], help: "rebuild the per-class shadow trees (normally a no-op)" }),
} as const;

export interface ReclassifyArgs {
  reclassify: boolean;
  reclassifyRoot: [string, string][];
  reclassifyBucket: [string, string, string][];
  setSubtreeClass: [string, string][];
  rebuildClassRoots: boolean;
}

/**
 * Whether --reclassify or --rebuild-class-roots was given (each makes crushtool write or offer the
 * map); --set-subtree-class only acts as part of --reclassify, as in crushtool.
 */
export function hasReclassify(a: ReclassifyArgs): boolean {
  return a.reclassify || a.rebuildClassRoots;
}

export type ReclassifyOutcome = { readonly map: CrushMap; readonly modified: boolean } | { readonly status: number };

/** crushtool's order: --rebuild-class-roots, then --set-subtree-class, then --reclassify. */
export function applyReclassify(input: CrushMap, a: ReclassifyArgs, io: CliIO): ReclassifyOutcome {
  if (!hasReclassify(a)) return { map: input, modified: false };
  let map = input;
  const subtreeClasses = a.setSubtreeClass.map(([bucket, c]) => ({ bucket, class: c }));
  const failed = (e: unknown, words: string): ReclassifyOutcome => {
    if (!(e instanceof CrushmapError)) throw e;
    // the rebuild alone says nothing of its own; reclassify's report goes to stdout
    if (!(e instanceof ReclassifyError)) io.stderr(`${e.message}\n`);
    else {
      if (a.reclassify) io.stdout(e.report.map((l) => `${l}\n`).join(""));
      // where crushtool dies on an assert, say where instead
      if (e.aborted) io.stderr(`${e.message}\n`);
    }
    io.stderr(`${words}\n`);
    return { status: 1 };
  };
  if (a.rebuildClassRoots) {
    const r = attempt(() => ({ map: rebuildClassRoots(map) }));
    if (!("map" in r)) return failed(r.error, "failed to rebuidl roots with classes");
    map = r.map;
  }
  if (!a.reclassify) return { map, modified: true };
  const r = attempt(() =>
    reclassify(map, {
      subtreeClasses,
      roots: a.reclassifyRoot.map(([root, c]) => ({ root, class: c })),
      buckets: a.reclassifyBucket.map(([match, c, defaultParent]) => ({ match, class: c, defaultParent })),
    }),
  );
  if (!("map" in r)) return failed(r.error, "failed to reclassify map");
  io.stdout(r.report.map((l) => `${l}\n`).join(""));
  return { map: r.map, modified: true };
}

function attempt<T extends object>(f: () => T): T | { error: unknown } {
  try {
    return f();
  } catch (error) {
    return { error };
  }
}
