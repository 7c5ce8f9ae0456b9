/**
 * CrushWrapper::try_remap_rule: walk the rule's steps over a group's current OSDs (`orig`, CRUSH
 * plus its upmaps) and, at each leaf, swap an overfull OSD for the first underfull one (then the
 * first of `moreUnderfull`) that sits under the same chosen bucket, is not in the set yet and was
 * not used by an earlier position. The replacement thus stays inside the failure domain the
 * original came from; only when that bucket has no underfull OSD at all may the bucket itself be
 * swapped for another holding one (same parent one level up).
 *
 * Each choose / chooseleaf step pushes (type, fan-out) onto a stack (chooseleaf adds (0, 1) for
 * the leaf), which `chooseTypeStack` then consumes level by level, as Ceph's _choose_type_stack.
 * Two of Ceph's quirks are kept: the "bucket without underfull leaves" check indexes the level's
 * output from its start for every `from` (o[pos], not o[offset + pos]), and reading past the end
 * of `orig` (a group with fewer OSDs than the rule asks for; undefined behaviour in Ceph) is taken
 * as an item in no bucket.
 */
import { ITEM_NONE } from "../../map/types.js";
import type { RuleQueries } from "./ruleQueries.js";

/** The OSDs a rebalancing step may use: overfull ones to leave, underfull ones to fill first, then the slightly underfull. */
export interface RemapTargets {
  readonly overfull: ReadonlySet<number>;
  readonly underfull: readonly number[];
  readonly moreUnderfull: readonly number[];
}

interface Walk {
  readonly q: RuleQueries;
  readonly t: RemapTargets;
  readonly orig: readonly number[];
  /** Ceph's iterator `i` into orig, shared by every step of the rule. */
  i: number;
  readonly used: Set<number>;
}

/** The remapped set (Ceph's `out`); `maxout` is the pool size. */
export function tryRemapRule(q: RuleQueries, maxout: number, t: RemapTargets, orig: readonly number[]): number[] {
  const walk: Walk = { q, t, orig, i: 0, used: new Set() };
  const out: number[] = [];
  let w: number[] = [];
  let root = 0;
  let stack: [number, number][] = [];
  const steps = q.rule.steps;
  for (let k = 0; k < steps.length; k++) {
    const step = steps[k]!;
    if (step.op === "take") {
      const id = q.takeOfStep(k);
      // an invalid take leaves the working set as it was (Ceph logs "bad take value")
      if (q.validTake(id)) {
        w = [id];
        root = id;
      }
    } else if (step.op === "choose" || step.op === "chooseleaf") {
      const numrep = step.num <= 0 ? step.num + maxout : step.num;
      stack.push([step.type, numrep]);
      if (step.op === "chooseleaf") {
        if (step.type > 0) stack.push([0, 1]);
        w = chooseTypeStack(walk, stack, w, root);
        stack = [];
      }
    } else if (step.op === "emit") {
      if (stack.length > 0) {
        w = chooseTypeStack(walk, stack, w, root);
        stack = [];
      }
      for (const item of w) out.push(item);
      w = [];
    }
  }
  return out;
}

/** Per level below the top, the buckets that hold an underfull OSD (inside the take). */
function underfullBuckets(walk: Walk, stack: readonly [number, number][], root: number): Set<number>[] {
  const levels: Set<number>[] = [];
  for (let j = 0; j < stack.length - 1; j++) levels.push(new Set());
  for (const osd of walk.t.underfull) {
    let item = osd;
    for (let j = stack.length - 2; j >= 0; j--) {
      item = walk.q.parentOfType(item, stack[j]![0]);
      if (!walk.q.subtreeContains(root, item)) continue;
      levels[j]!.add(item);
    }
  }
  return levels;
}

/** _choose_type_stack: consumes the stack level by level; the new working set. */
function chooseTypeStack(walk: Walk, stack: readonly [number, number][], start: readonly number[], root: number): number[] {
  const cumulative: number[] = new Array<number>(stack.length);
  let f = 1;
  for (let j = stack.length - 1; j >= 0; j--) {
    cumulative[j] = f;
    f *= stack[j]![1];
  }
  const buckets = underfullBuckets(walk, stack, root);
  let w = [...start];
  for (let j = 0; j < stack.length; j++) {
    if (walk.i === walk.orig.length) break;
    const o: number[] = [];
    let tmpi = walk.i;
    for (const from of w) {
      const leaves: Set<number>[] = [];
      for (let pos = 0; pos < stack[j]![1]; pos++) leaves.push(new Set());
      tmpi = chooseLevel(walk, stack[j]!, cumulative[j]!, from, tmpi, o, leaves);
      if (j + 1 < stack.length) swapBucketsWithoutTargets(walk, stack, j, o, leaves, buckets[j]!);
      if (walk.i === walk.orig.length) break;
    }
    w = o;
  }
  return w;
}

/** One `from` of one level: the fan-out's buckets (non-leaf) or OSDs (leaf) appended to `o`; the new tmpi. */
function chooseLevel(walk: Walk, level: readonly [number, number], cum: number, from: number, tmpi: number, o: number[], leaves: Set<number>[]): number {
  const [type, fanout] = level;
  const orig = walk.orig;
  for (let pos = 0; pos < fanout; pos++) {
    if (type > 0) {
      o.push(walk.q.parentOfType(tmpi < orig.length ? orig[tmpi]! : ITEM_NONE, type));
      for (let n = cum; n > 0 && tmpi !== orig.length; n--) leaves[pos]!.add(orig[tmpi++]!);
      continue;
    }
    const current = orig[walk.i]!;
    const replacement = walk.t.overfull.has(current) ? pickTarget(walk, from) : undefined;
    if (replacement !== undefined) {
      o.push(replacement);
      walk.used.add(replacement);
    } else {
      o.push(current);
    }
    walk.i++;
    if (walk.i === orig.length) break;
  }
  return tmpi;
}

/** The first underfull, then slightly underfull, OSD under `from` that is neither used nor in the set. */
function pickTarget(walk: Walk, from: number): number | undefined {
  for (const list of [walk.t.underfull, walk.t.moreUnderfull]) {
    for (const item of list) {
      if (walk.used.has(item)) continue;
      if (!walk.q.subtreeContains(from, item)) continue;
      if (walk.orig.includes(item)) continue;
      return item;
    }
  }
  return undefined;
}

/**
 * A chosen bucket holding an overfull leaf but no underfull OSD cannot help; swap it for the
 * first bucket of the level that has one, is not chosen yet and shares the parent one level up.
 */
function swapBucketsWithoutTargets(walk: Walk, stack: readonly [number, number][], j: number, o: number[], leaves: readonly Set<number>[], withTargets: ReadonlySet<number>): void {
  const alts = [...withTargets].sort((a, b) => a - b);
  for (let pos = 0; pos < stack[j]![1]; pos++) {
    const chosen = o[pos];
    if (chosen !== undefined && withTargets.has(chosen)) continue;
    let anyOverfull = false;
    for (const osd of leaves[pos]!) {
      if (walk.t.overfull.has(osd)) {
        anyOverfull = true;
        break;
      }
    }
    if (!anyOverfull) continue;
    for (const alt of alts) {
      if (o.includes(alt)) continue;
      if (j === 0 || walk.q.parentOfType(chosen ?? ITEM_NONE, stack[j - 1]![0]) === walk.q.parentOfType(alt, stack[j - 1]![0])) {
        o[pos] = alt;
        break;
      }
    }
  }
}
