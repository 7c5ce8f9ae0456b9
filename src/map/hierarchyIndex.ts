/**
 * One index of a map's hierarchy, built on first use and kept with the map: what holds what
 * (first parents the way Ceph's CrushWrapper finds them), the buckets and devices under a bucket,
 * the ancestor of a device at a given type, and what a rule reaches. Analysis, balancing, failure
 * and planning ask it instead of walking the buckets themselves.
 *
 * An item may sit in several buckets (Ceph allows it: `crushtool --add-item` of a placed device,
 * `ceph osd crush link`). The index then answers as Ceph's CrushWrapper does: parents and
 * ancestors follow the first bucket that holds the item (by id -1, -2, …), `devicesUnder` lists
 * it once, and a rule's scope adds up its weight from every bucket the rule reaches it through
 * (get_rule_weight_osd_map). Failure domains are therefore the first holder's.
 *
 * Maps are frozen values, so the index of a map never goes stale: it is cached in a WeakMap
 * keyed by the map and goes when the map goes. A map someone built by hand and left unfrozen
 * gets a fresh index on every call. Every walk is iterative and guards against cycles (an
 * unvalidated map may have one), so neither depth nor a bad map can overflow the stack.
 */
import { classTrees } from "./classes.js";
import { FrozenMap } from "./freeze.js";
import { ruleScope, type RuleScope } from "./ruleScope.js";
import type { Bucket, CrushMap, Rule } from "./types.js";

export class HierarchyIndex {
  private readonly real: ReadonlyMap<number, Bucket>;
  private shadows: ReadonlyMap<number, Bucket> | undefined;
  private parents: ReadonlyMap<number, number> | undefined;
  private readonly subtrees = new Map<number, readonly number[]>();
  private allBottomUp: readonly number[] | undefined;
  private readonly devices = new Map<number, readonly number[]>();
  private readonly scopes = new WeakMap<Rule, RuleScope>();

  constructor(readonly map: CrushMap) {
    this.real = new Map(map.buckets.map((b) => [b.id, b]));
  }

  /** A bucket by id: the map's own buckets first, then the shadow (device-class) buckets. */
  bucket(id: number): Bucket | undefined {
    return this.real.get(id) ?? this.shadowBuckets().get(id);
  }

  /** True for the map's own buckets (not the shadow copies). */
  isRealBucket(id: number): boolean {
    return this.real.has(id);
  }

  /**
   * The first real bucket that holds `id`, buckets taken by index (-1, -2, …) and shadow copies
   * skipped, as CrushWrapper::get_immediate_parent_id answers; undefined for a root or a stray.
   */
  parent(id: number): number | undefined {
    if (this.parents === undefined) {
      const parents = new Map<number, number>();
      for (const b of [...this.map.buckets].sort((x, y) => y.id - x.id)) {
        for (const it of b.items) if (!parents.has(it.id)) parents.set(it.id, b.id);
      }
      this.parents = parents;
    }
    return this.parents.get(id);
  }

  /**
   * The nearest bucket of type id `type` above `id` along first parents (CrushWrapper's
   * get_parent_of_type without a rule), or undefined when there is none.
   */
  ancestorOfType(id: number, type: number): number | undefined {
    const seen = new Set<number>();
    let cur = this.parent(id);
    while (cur !== undefined && !seen.has(cur)) {
      if (this.real.get(cur)!.type === type) return cur;
      seen.add(cur);
      cur = this.parent(cur);
    }
    return undefined;
  }

  /**
   * The buckets under `id`, itself included, each once and every bucket after the buckets it
   * holds (children before parents). Shadow buckets are walked like the others; a device or an
   * unknown id has none.
   */
  subtree(id: number): readonly number[] {
    let found = this.subtrees.get(id);
    if (found === undefined) {
      const out: number[] = [];
      this.postOrder(id, new Set(), out);
      found = Object.freeze(out);
      this.subtrees.set(id, found);
    }
    return found;
  }

  /** Every bucket, shadow copies included, each once and after the buckets it holds. */
  bottomUp(): readonly number[] {
    if (this.allBottomUp === undefined) {
      const out: number[] = [];
      const seen = new Set<number>();
      for (const b of [...this.map.buckets, ...this.shadowBuckets().values()]) this.postOrder(b.id, seen, out);
      this.allBottomUp = Object.freeze(out);
    }
    return this.allBottomUp;
  }

  /** The devices under `id` (`[id]` for a device), each once, in depth-first item order. */
  devicesUnder(id: number): readonly number[] {
    if (id >= 0) return [id];
    let found = this.devices.get(id);
    if (found === undefined) {
      const out: number[] = [];
      const seen = new Set<number>();
      const stack = [id];
      while (stack.length > 0) {
        const cur = stack.pop()!;
        if (seen.has(cur)) continue;
        seen.add(cur);
        if (cur >= 0) {
          out.push(cur);
          continue;
        }
        const items = this.bucket(cur)?.items ?? [];
        for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]!.id);
      }
      found = Object.freeze(out);
      this.devices.set(id, found);
    }
    return found;
  }

  /** What `rule` (a rule of this map) reaches: devices, their weights, takes and failure domains. */
  ruleScope(rule: Rule): RuleScope {
    let scope = this.scopes.get(rule);
    if (scope === undefined) {
      scope = ruleScope(this, rule);
      if (Object.isFrozen(rule)) this.scopes.set(rule, scope);
    }
    return scope;
  }

  private shadowBuckets(): ReadonlyMap<number, Bucket> {
    if (this.shadows === undefined) {
      this.shadows = this.map.classes.length === 0 ? new FrozenMap() : new FrozenMap(classTrees(this.map).map((b) => [b.id, b]));
    }
    return this.shadows;
  }

  /** Appends to `out` the buckets under `root` not in `seen` yet, children first. */
  private postOrder(root: number, seen: Set<number>, out: number[]): void {
    if (seen.has(root) || this.bucket(root) === undefined) return;
    seen.add(root);
    // (bucket, next item index) pairs: a bucket is emitted once all its items are done
    const ids = [root];
    const next = [0];
    while (ids.length > 0) {
      const top = ids.length - 1;
      const items = this.bucket(ids[top]!)!.items;
      const i = next[top]!;
      if (i === items.length) {
        out.push(ids.pop()!);
        next.pop();
        continue;
      }
      next[top] = i + 1;
      const child = items[i]!.id;
      if (child < 0 && !seen.has(child) && this.bucket(child) !== undefined) {
        seen.add(child);
        ids.push(child);
        next.push(0);
      }
    }
  }
}

const indexes = new WeakMap<CrushMap, HierarchyIndex>();

/** The hierarchy index of `map`, made on first use and kept as long as the (frozen) map lives. */
export function hierarchy(map: CrushMap): HierarchyIndex {
  let index = indexes.get(map);
  if (index === undefined) {
    index = new HierarchyIndex(map);
    if (Object.isFrozen(map)) indexes.set(map, index);
  }
  return index;
}
