/**
 * The questions Ceph's CrushWrapper answers for try_remap_rule, for one rule, with the answers
 * kept for the length of one calc_pg_upmaps (a map does not change while it runs):
 *
 * - the take ids of the rule (find_takes_by_rule: a std::set, so ascending);
 * - get_parent_of_type(item, type, rule): the first bucket of `type` found depth first under
 *   those takes (get_children_of_type, shadow trees included) whose subtree holds the item, 0
 *   when none does;
 * - subtree_contains(root, item).
 */
import { resolveTake } from "../../map/classes.js";
import { hierarchy, type HierarchyIndex } from "../../map/hierarchyIndex.js";
import type { CrushMap, Rule } from "../../map/types.js";

export class RuleQueries {
  /** The rule's take ids, ascending. */
  readonly takes: readonly number[];
  private readonly index: HierarchyIndex;
  private readonly under = new Map<number, ReadonlySet<number>>();
  private readonly ofType = new Map<number, readonly number[]>();
  private readonly parents = new Map<number, Map<number, number>>();
  private readonly stepTakes = new Map<number, number>();

  constructor(readonly map: CrushMap, readonly rule: Rule) {
    this.index = hierarchy(map);
    const takes = new Set<number>();
    rule.steps.forEach((step, k) => {
      if (step.op !== "take") return;
      const id = takeId(map, step.item, step.class);
      this.stepTakes.set(k, id);
      takes.add(id);
    });
    this.takes = [...takes].sort((a, b) => a - b);
  }

  /** The id the take at step `k` of the rule starts from (its bucket, or that bucket's shadow copy for the step's class). */
  takeOfStep(k: number): number {
    return this.stepTakes.get(k)!;
  }

  /** Whether a take of `id` is one Ceph's try_remap_rule accepts (a device id below max_devices or a bucket). */
  validTake(id: number): boolean {
    if (id >= 0) return this.map.devices.length > 0 && id <= this.map.devices[this.map.devices.length - 1]!.id;
    return this.index.bucket(id) !== undefined;
  }

  /** CrushWrapper::subtree_contains. */
  subtreeContains(root: number, item: number): boolean {
    if (root === item) return true;
    if (root >= 0) return false;
    let set = this.under.get(root);
    if (set === undefined) {
      set = new Set([...this.index.subtree(root), ...this.index.devicesUnder(root)]);
      this.under.set(root, set);
    }
    return set.has(item);
  }

  /** CrushWrapper::get_parent_of_type(item, type, rule) for this rule. */
  parentOfType(item: number, type: number): number {
    let byItem = this.parents.get(type);
    if (byItem === undefined) {
      byItem = new Map();
      this.parents.set(type, byItem);
    }
    const known = byItem.get(item);
    if (known !== undefined) return known;
    let found = 0;
    for (const candidate of this.childrenOfType(type)) {
      if (this.subtreeContains(candidate, item)) {
        found = candidate;
        break;
      }
    }
    byItem.set(item, found);
    return found;
  }

  /** get_children_of_type of each take in turn (ascending), depth first in item order. */
  private childrenOfType(type: number): readonly number[] {
    let found = this.ofType.get(type);
    if (found !== undefined) return found;
    const out: number[] = [];
    for (const root of this.takes) this.collect(root, type, out);
    found = out;
    this.ofType.set(type, found);
    return found;
  }

  private collect(root: number, type: number, out: number[]): void {
    // an explicit stack in place of Ceph's recursion; items pushed last-first keep item order
    const stack = [root];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (id >= 0) {
        if (type === 0) out.push(id);
        continue;
      }
      const b = this.index.bucket(id);
      if (b === undefined || b.type < type) continue;
      if (b.type === type) {
        out.push(id);
        continue;
      }
      for (let i = b.items.length - 1; i >= 0; i--) stack.push(b.items[i]!.id);
    }
  }
}

/** The id a take step starts from: its bucket, or the bucket's shadow copy for the step's class. */
export function takeId(map: CrushMap, item: number, className: string | undefined): number {
  return className === undefined ? item : resolveTake(map, item, className);
}
