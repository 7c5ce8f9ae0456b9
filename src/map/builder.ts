/**
 * Building and editing maps in code, the way the `ceph osd crush …` commands edit a cluster's
 * map: ids are assigned as Ceph assigns them, every ancestor's weight follows its children,
 * device-class shadow ids are kept and allocated as Ceph's `rebuild_roots_with_classes` does,
 * and rules come out step for step as `CrushWrapper::add_simple_rule` writes them.
 *
 * `CrushMapBuilder` holds a private working copy; `build()` returns a validated, frozen
 * `CrushMap`. Every method checks all of its arguments before it changes anything, so a method
 * that throws leaves the builder exactly as it was.
 */
import { CrushMapError } from "./errors.js";
import { deepFreeze } from "./freeze.js";
import type {
  Bucket,
  BucketAlg,
  BucketItem,
  ChooseArgs,
  CrushMap,
  Device,
  Rule,
  RuleStep,
  Tunables,
  TypeDef,
} from "./types.js";
import { BUCKET_ALG_ID, isMsrRuleType, RULE_TYPE } from "./types.js";
import { isValidCrushName, validateMap } from "./validate.js";
import type { CrushMapWarning, CrushMapWarningHandler } from "./warnings.js";
import { weightFromDecimal } from "./weight.js";
import { tunablesProfile } from "./tunables.js";

/**
 * Ceph's default hierarchy levels, ids 0…11, as `osdmaptool --createsimple` writes them.
 *
 * @group Maps
 */
export const DEFAULT_TYPES: readonly TypeDef[] = Object.freeze(
  ["osd", "host", "chassis", "rack", "row", "pdu", "pod", "room", "datacenter", "zone", "region", "root"].map((name, id) =>
    Object.freeze({ id, name }),
  ),
);

/** The `optimal` tunables profile of Ceph 16.2 (jewel and later). */
export const OPTIMAL_TUNABLES: Tunables = tunablesProfile("optimal");

/** Largest 16.16 weight Ceph's commands accept (`CrushWrapper::validate_weightf`). */
const COMMAND_WEIGHT_MAX = 0x7fffffff;
/** Rule ids are bytes in Ceph 16.2's rule mask. */
const MAX_RULE_ID = 255;
/** The most results a pool's mapping asks for in practice: larger choosemsr counts mean nothing. */
const MAX_MSR_COUNT = 1024;

/**
 * A rule step for {@link CrushMapBuilder.addRule}: items, types and classes by name.
 *
 * @group Maps
 */
export type RuleStepSpec =
  | { readonly op: "take"; readonly item: string; readonly class?: string }
  | {
      readonly op: "choose" | "chooseleaf";
      readonly mode: "firstn" | "indep";
      readonly num: number;
      readonly type: string;
    }
  | { readonly op: "choosemsr"; readonly num: number; readonly type: string }
  | Exclude<RuleStep, { readonly op: "take" | "choose" | "chooseleaf" | "choosemsr" }>;

/**
 * Options for {@link CrushMapBuilder.addRule}.
 *
 * @group Maps
 */
export interface RuleOptions {
  /** Default "replicated". The MSR types take choosemsr steps (Ceph 19 and later). */
  readonly type?: "replicated" | "erasure" | "msr_firstn" | "msr_indep";
  /** Defaults 1 and 10, as Ceph's replicated rules (1 and 100 for the MSR types). */
  readonly minSize?: number;
  readonly maxSize?: number;
}

/**
 * A device to add; see {@link CrushMapBuilder.addDevice}.
 *
 * @group Maps
 */
export interface NewDevice {
  /** Defaults to the lowest unused device id, as `ceph osd create` picks. */
  readonly id?: number;
  /** Defaults to `osd.<id>`. */
  readonly name?: string;
  readonly class?: string;
  /** Decimal weight (1.0 is 0x10000), converted as Ceph's commands convert it. */
  readonly weight: number;
  /** Name of the bucket that will hold the device. */
  readonly under: string;
}

/**
 * Options for {@link CrushMapBuilder.addBucket}.
 *
 * @group Maps
 */
export interface NewBucketOptions {
  /** Parent bucket; without one the bucket is a new root. */
  readonly under?: string;
  /** Defaults to Ceph's default for the map's allowed algorithms: straw2 under optimal tunables. */
  readonly alg?: BucketAlg;
  /** Defaults to the lowest free negative id (shadow ids count as used), as `crush_add_bucket` picks. */
  readonly id?: number;
}

/**
 * Options for {@link CrushMapBuilder.build}.
 *
 * @group Maps
 */
export interface BuildOptions {
  /** Receives what validating the built map warns about (see `ValidateOptions.onWarning`). */
  readonly onWarning?: CrushMapWarningHandler;
}

/**
 * An erasure-code profile, as far as the rule is concerned (jerasure, isa, shec, clay).
 *
 * @group Maps
 */
export interface ErasureProfile {
  readonly k: number;
  readonly m: number;
  /** `crush-root`, default `default`. */
  readonly root?: string;
  /** `crush-failure-domain`, default `host`. */
  readonly failureDomain?: string;
  /** `crush-device-class`, default none. */
  readonly deviceClass?: string;
  /**
   * `crush-num-failure-domains` (Ceph 19 and later): how many failure domains the shards span;
   * default 0, as many as there are shards.
   */
  readonly numFailureDomains?: number;
  /**
   * `crush-osds-per-failure-domain` (Ceph 19 and later): with more than 1, the rule is the MSR
   * rule {@link CrushMapBuilder.createMsrRule} makes, `numFailureDomains` domains of this many
   * OSDs each.
   */
  readonly osdsPerFailureDomain?: number;
}

/**
 * Options for {@link CrushMapBuilder.createMsrRule}.
 *
 * @group Maps
 */
export interface MsrRuleOptions {
  /** Failure domains to spread over (`crush-num-failure-domains`); 0 means one per result. */
  readonly numFailureDomains: number;
  /** Devices to take in each failure domain (`crush-osds-per-failure-domain`); 0 means one per result. */
  readonly osdsPerFailureDomain: number;
  /** Default `default`. */
  readonly root?: string;
  /** Default `host`. */
  readonly failureDomain?: string;
  readonly deviceClass?: string;
  /** `indep` (msr_indep, erasure-coded pools: Ceph's only caller) or `firstn` (msr_firstn). Default `indep`. */
  readonly mode?: "firstn" | "indep";
}

interface DraftBucket {
  readonly id: number;
  readonly name: string;
  readonly type: number;
  readonly alg: BucketAlg;
  readonly hash: number;
  items: BucketItem[];
  /** class name → shadow id, in class-id order once rebuilt. */
  classIds: Map<string, number>;
  /** Straw lengths a binary map stored; dropped as soon as the items change. */
  straws: readonly number[] | undefined;
}

interface DraftArg {
  weightSet: number[][] | undefined;
  ids: number[] | undefined;
}

/**
 * Makes and edits crush maps.
 *
 * @group Maps
 *
 * @throws {@link CrushMapError} from each edit that would make an invalid map (an id or name
 * already taken, an unknown bucket, type or algorithm) and from `build` when the result
 * does not validate.
 *
 * @example A small cluster: two hosts under one root, and the rule
 * `ceph osd crush rule create-replicated replicated_rule default host` would make.
 * ```ts
 * const map = new CrushMapBuilder()
 *   .addBucket("default", "root")
 *   .addBucket("node1", "host", { under: "default" })
 *   .addBucket("node2", "host", { under: "default" })
 *   .addDevice({ weight: 1.0, under: "node1", class: "ssd" }) // osd.0
 *   .addDevice({ weight: 1.0, under: "node2", class: "ssd" }) // osd.1
 *   .createReplicatedRule("replicated_rule", "default", "host")
 *   .build();
 * ```
 *
 * @example Editing an existing map; the original value is untouched.
 * ```ts
 * const next = CrushMapBuilder.from(map).reweight("osd.1", 0.5).build();
 * ```
 */
export class CrushMapBuilder {
  private tunables: Tunables;
  private types: readonly TypeDef[];
  private readonly typeByName = new Map<string, number>();
  private readonly devices = new Map<number, Device>();
  private readonly buckets = new Map<number, DraftBucket>();
  /** Devices and buckets share one namespace, as in Ceph's name_map. */
  private readonly names = new Map<string, number>();
  /** item id → ids of the buckets that hold it. */
  private readonly parents = new Map<number, Set<number>>();
  private readonly rules = new Map<number, Rule>();
  /** class name → class id */
  private readonly classes = new Map<string, number>();
  private readonly chooseArgs = new Map<number, Map<number, DraftArg>>();
  private built: CrushMap | undefined;
  /** What validating `built` warned about, given again to every `build` that asks. */
  private builtWarnings: readonly CrushMapWarning[] = [];

  /** An empty map with Ceph's default types and optimal tunables. */
  constructor() {
    this.tunables = OPTIMAL_TUNABLES;
    this.types = DEFAULT_TYPES;
    for (const t of this.types) this.typeByName.set(t.name, t.id);
  }

  /** A builder that starts from `map` (validated first). */
  static from(map: CrushMap): CrushMapBuilder {
    validateMap(map);
    const b = new CrushMapBuilder();
    b.tunables = map.tunables;
    b.types = map.types;
    b.typeByName.clear();
    for (const t of map.types) b.typeByName.set(t.name, t.id);
    for (const d of map.devices) {
      b.devices.set(d.id, d);
      if (d.unnamed !== true) b.names.set(d.name, d.id);
    }
    for (const bk of map.buckets) {
      b.buckets.set(bk.id, {
        id: bk.id,
        name: bk.name,
        type: bk.type,
        alg: bk.alg,
        hash: bk.hash,
        items: [...bk.items],
        classIds: new Map((bk.classIds ?? []).map((c) => [c.class, c.id])),
        straws: bk.straws,
      });
      b.names.set(bk.name, bk.id);
      for (const it of bk.items) b.link(it.id, bk.id);
    }
    for (const r of map.rules) b.rules.set(r.id, r);
    for (const c of map.classes) b.classes.set(c.name, c.id);
    for (const ca of map.chooseArgs) {
      const args = new Map<number, DraftArg>();
      for (const a of ca.buckets) {
        args.set(a.bucketId, {
          weightSet: a.weightSet === undefined ? undefined : a.weightSet.map((v) => [...v]),
          ids: a.ids === undefined ? undefined : [...a.ids],
        });
      }
      b.chooseArgs.set(ca.id, args);
    }
    return b;
  }

  /** The id of the device or bucket called `name`, or undefined. */
  idOf(name: string): number | undefined {
    return this.names.get(name);
  }

  /** The id {@link CrushMapBuilder.addDevice} gives a device added without one: the lowest id no device has. */
  nextDeviceId(): number {
    return this.lowestFreeDeviceId();
  }

  /** Replaces some tunables. */
  setTunables(tunables: Partial<Tunables>): this {
    const next = { ...this.tunables, ...tunables };
    validateTunablesOnly(next);
    this.tunables = Object.freeze(next);
    return this.changed(false);
  }

  /**
   * Adds a device under a bucket with a decimal weight, like `ceph osd crush add osd.N W host=H`.
   *
   * @example
   * ```ts
   * builder.addDevice({ id: 7, weight: 3.63869, under: "node3", class: "hdd" });
   * ```
   */
  addDevice(device: NewDevice): this {
    const id = device.id ?? this.lowestFreeDeviceId();
    if (!Number.isInteger(id) || id < 0 || id > 0x7fffffff) {
      throw new CrushMapError(`device id ${String(id)} is not an integer in 0..2147483647`, id);
    }
    const name = device.name ?? `osd.${id}`;
    checkNewName(name, "device");
    if (this.devices.has(id)) throw new CrushMapError(`device id ${id} already exists (${this.devices.get(id)!.name})`, id);
    if (this.names.has(name)) throw new CrushMapError(`name ${name} already exists`, name);
    if (device.class !== undefined) checkNewName(device.class, "device class");
    const parent = this.bucketNamed(device.under);
    const weight = commandWeight(device.weight, name);

    this.devices.set(id, device.class === undefined ? { id, name } : { id, name, class: device.class });
    this.names.set(name, id);
    if (device.class !== undefined && !this.classes.has(device.class)) this.classes.set(device.class, this.nextClassId());
    this.insertItem(parent, id, weight);
    return this.changed(true);
  }

  /**
   * Adds an empty bucket, like `ceph osd crush add-bucket NAME TYPE [root=PARENT]`.
   *
   * @example
   * ```ts
   * builder.addBucket("rack1", "rack", { under: "default" }).addBucket("node1", "host", { under: "rack1" });
   * ```
   */
  addBucket(name: string, type: string, options: NewBucketOptions = {}): this {
    checkNewName(name, "bucket");
    if (this.names.has(name)) throw new CrushMapError(`name ${name} already exists`, name);
    const typeId = this.typeNamed(type);
    const alg = options.alg ?? this.defaultAlg(name);
    if (!Object.prototype.hasOwnProperty.call(BUCKET_ALG_ID, alg)) throw new CrushMapError(`unknown bucket alg ${String(alg)} for ${name}`, name);
    const id = options.id ?? this.lowestFreeBucketId();
    if (!Number.isInteger(id) || id >= 0 || id < -0x80000000) {
      throw new CrushMapError(`bucket id ${String(id)} for ${name} is not a negative 32-bit integer`, name);
    }
    if (this.bucketIdInUse(id)) throw new CrushMapError(`bucket id ${id} for ${name} is already used`, name);
    const parent = options.under === undefined ? undefined : this.bucketNamed(options.under);

    this.buckets.set(id, { id, name, type: typeId, alg, hash: 0, items: [], classIds: new Map(), straws: undefined });
    this.names.set(name, id);
    if (parent !== undefined) this.insertItem(parent, id, 0);
    return this.changed(true);
  }

  /**
   * Moves a bucket (with everything in it) under another bucket, like `ceph osd crush move`.
   * As in Ceph, a bucket linked under several parents leaves only its first one. A device named
   * here leaves every bucket holding it and goes under `newParent` with the weight it had in
   * its first one, as crushtool's `--move` of a device does (create_or_move_item).
   */
  moveBucket(name: string, newParent: string): this {
    const deviceId = this.names.get(name);
    if (deviceId !== undefined && deviceId >= 0) return this.moveDevice(deviceId, newParent);
    const bucket = this.bucketNamed(name);
    const parent = this.bucketNamed(newParent);
    if (parent.id === bucket.id || this.contains(bucket.id, parent.id)) {
      throw new CrushMapError(`cannot move ${name} under ${newParent}: ${newParent} is inside ${name}`, name);
    }
    const weight = sumWeights(bucket.items);
    const from = this.firstParent(bucket.id);

    if (from !== undefined) this.removeFrom(from, bucket.id);
    this.insertItem(parent, bucket.id, weight);
    return this.changed(true);
  }

  /**
   * Removes a device from the map and from every bucket holding it, like `ceph osd crush remove`.
   * As in Ceph, a tree bucket keeps the slot as device 0 with weight 0 unless it was the last
   * item (so device 0 itself stays while such a slot holds it).
   */
  removeDevice(nameOrId: string | number): this {
    const device = this.deviceNamed(nameOrId);
    const rule = this.ruleTaking(device.id);
    if (rule !== undefined) throw new CrushMapError(`device ${device.name} is taken by rule ${rule.name}`, device.name);

    for (const pid of [...(this.parents.get(device.id) ?? [])]) this.removeFrom(this.buckets.get(pid)!, device.id);
    if ((this.parents.get(device.id)?.size ?? 0) > 0) return this.changed(true);
    this.devices.delete(device.id);
    if (device.unnamed !== true) this.names.delete(device.name);
    return this.changed(true);
  }

  /**
   * Puts an item that already exists into one more bucket and keeps it where it was, like
   * `ceph osd crush link` (a bucket, with its own weight unless `weight` is given) and Ceph's
   * insert_item of a device that is already placed (a device, with `weight`): Ceph lets an item
   * sit in several buckets, each with its own weight, and every ancestor of each follows.
   * Refuses an item already somewhere under `under` and a bucket that holds `under`.
   *
   * @example device 0 in a second host, weighing 2.0 there
   * ```ts
   * builder.linkItem(0, "fake", 2.0);
   * ```
   */
  linkItem(nameOrId: string | number, under: string, weight?: number): this {
    const id = typeof nameOrId === "number" ? nameOrId : this.names.get(nameOrId);
    if (id === undefined || (id >= 0 ? !this.devices.has(id) : !this.buckets.has(id))) {
      throw new CrushMapError(`item ${String(nameOrId)} does not exist`, nameOrId);
    }
    const parent = this.bucketNamed(under);
    if (parent.id === id || this.contains(parent.id, id)) throw new CrushMapError(`item ${String(nameOrId)} is already under ${under}`, nameOrId);
    if (id < 0 && this.contains(id, parent.id)) throw new CrushMapError(`cannot link ${String(nameOrId)} under ${under}: ${under} is inside it`, nameOrId);
    if (weight === undefined && id >= 0) throw new CrushMapError(`linking device ${String(nameOrId)} needs a weight`, nameOrId);
    const fixed = weight === undefined ? sumWeights(this.buckets.get(id)!.items) : commandWeight(weight, String(nameOrId));

    this.insertItem(parent, id, fixed);
    return this.changed(true);
  }

  /**
   * Takes an item out of bucket `from` — or out of every bucket holding it — and keeps it in the
   * map (a device keeps its name and class, a bucket its contents), like `ceph osd crush unlink`
   * and the unlink Ceph's update_item does before it places a device again.
   */
  unlinkItem(nameOrId: string | number, options: { readonly from?: string } = {}): this {
    const id = typeof nameOrId === "number" ? nameOrId : this.names.get(nameOrId);
    if (id === undefined || (id >= 0 ? !this.devices.has(id) : !this.buckets.has(id))) {
      throw new CrushMapError(`item ${String(nameOrId)} does not exist`, nameOrId);
    }
    let from = [...(this.parents.get(id) ?? [])];
    if (options.from !== undefined) {
      const only = this.bucketNamed(options.from);
      if (!from.includes(only.id)) throw new CrushMapError(`item ${String(nameOrId)} is not in bucket ${options.from}`, nameOrId);
      from = [only.id];
    }
    for (const pid of from) this.removeFrom(this.buckets.get(pid)!, id);
    return this.changed(true);
  }

  /**
   * Gives a device or bucket another name, like `ceph osd crush rename-bucket` (Ceph's
   * set_item_name); an unnamed device gets its first.
   */
  renameItem(nameOrId: string | number, newName: string): this {
    const id = typeof nameOrId === "number" ? nameOrId : this.names.get(nameOrId);
    const old = id === undefined ? undefined : id >= 0 ? this.devices.get(id)?.name : this.buckets.get(id)?.name;
    if (id === undefined || old === undefined) throw new CrushMapError(`item ${String(nameOrId)} does not exist`, nameOrId);
    if (old === newName && this.devices.get(id)?.unnamed !== true) return this;
    checkNewName(newName, id >= 0 ? "device" : "bucket");
    if (this.names.has(newName)) throw new CrushMapError(`name ${newName} already exists`, newName);

    const device = id >= 0 ? this.devices.get(id)! : undefined;
    if (device?.unnamed !== true) this.names.delete(old);
    this.names.set(newName, id);
    if (device !== undefined) {
      // a name makes an unnamed device an ordinary one
      const { unnamed: _, ...named } = device;
      this.devices.set(id, { ...named, name: newName });
    }
    else this.buckets.set(id, { ...this.buckets.get(id)!, name: newName });
    return this.changed(false);
  }

  /**
   * Removes an empty bucket that no rule takes, like `ceph osd crush remove BUCKET`; a tree
   * bucket holding it keeps the slot as device 0 with weight 0 (unless last).
   */
  removeBucket(name: string): this {
    const bucket = this.bucketNamed(name);
    if (bucket.items.length > 0) throw new CrushMapError(`bucket ${name} is not empty`, name);
    const rule = this.ruleTaking(bucket.id);
    if (rule !== undefined) throw new CrushMapError(`bucket ${name} is taken by rule ${rule.name}`, name);

    for (const pid of [...(this.parents.get(bucket.id) ?? [])]) this.removeFrom(this.buckets.get(pid)!, bucket.id);
    if ((this.parents.get(bucket.id)?.size ?? 0) > 0) return this.changed(true);
    this.buckets.delete(bucket.id);
    this.names.delete(name);
    this.parents.delete(bucket.id);
    for (const args of this.chooseArgs.values()) args.delete(bucket.id);
    return this.changed(true);
  }

  /**
   * Sets a device's weight (decimal) everywhere it appears — or only in bucket `options.in` — and
   * re-sums every ancestor, like `ceph osd crush reweight osd.N W`. Weight sets (choose_args)
   * take the new weight in every position and their ancestors' entries are re-summed too; without
   * `options.in`, as CrushWrapper::adjust_item_weight visits every bucket, every bucket's entry in
   * its parents' weight sets becomes the sum of its own weight set, so stale sets sum again.
   */
  reweight(nameOrId: string | number, weight: number, options: { readonly in?: string } = {}): this {
    const device = this.deviceNamed(nameOrId);
    const w = commandWeight(weight, device.name);
    let targets = [...(this.parents.get(device.id) ?? [])].map((id) => this.buckets.get(id)!);
    if (options.in !== undefined) {
      const only = this.bucketNamed(options.in);
      if (!targets.includes(only)) throw new CrushMapError(`device ${device.name} is not in bucket ${only.name}`, device.name);
      targets = [only];
    }
    if (targets.length === 0) throw new CrushMapError(`device ${device.name} is in no bucket`, device.name);

    for (const b of targets) {
      this.setItemWeight(b, device.id, w);
      for (const args of this.chooseArgs.values()) {
        const arg = args.get(b.id);
        if (arg?.weightSet === undefined) continue;
        b.items.forEach((it, i) => {
          if (it.id === device.id) for (const vec of arg.weightSet!) vec[i] = w;
        });
      }
      this.propagate(b.id);
    }
    if (options.in === undefined) this.resumWeightSets();
    return this.changed(true);
  }

  /**
   * Sets every bucket's entry in its parents' weight sets to the sum of its own weight set, in
   * every position and every choose_args set: children first, so the sums are of summed sets.
   */
  private resumWeightSets(): void {
    if (this.chooseArgs.size === 0) return;
    const order = this.childrenFirst();
    for (const args of this.chooseArgs.values()) {
      for (const b of order) {
        const sets = args.get(b.id)?.weightSet;
        if (sets === undefined) continue;
        b.items.forEach((it, i) => {
          if (it.id < 0) sets.forEach((vec, pos) => (vec[i] = childSetSum(args, it.id, pos, vec[i]!)));
        });
      }
    }
  }

  /** Every bucket after the buckets it holds (an iterative post-order walk). */
  private childrenFirst(): DraftBucket[] {
    const order: DraftBucket[] = [];
    const seen = new Set<number>();
    for (const start of this.buckets.values()) {
      if (seen.has(start.id)) continue;
      seen.add(start.id);
      const stack: [DraftBucket, number][] = [[start, 0]];
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        const [b, next] = top;
        if (next < b.items.length) {
          top[1] = next + 1;
          const child = this.buckets.get(b.items[next]!.id);
          if (child !== undefined && !seen.has(child.id)) {
            seen.add(child.id);
            stack.push([child, 0]);
          }
          continue;
        }
        stack.pop();
        order.push(b);
      }
    }
    return order;
  }

  /**
   * Gives a device a class, like `ceph osd crush set-device-class CLASS osd.N`. As in Ceph, a
   * device that already has another class must first lose it ({@link removeDeviceClass}).
   */
  setDeviceClass(nameOrId: string | number, className: string): this {
    const device = this.deviceNamed(nameOrId);
    checkNewName(className, "device class");
    if (device.class === className) return this;
    if (device.class !== undefined) {
      throw new CrushMapError(`device ${device.name} already has class ${device.class}; remove it before setting ${className}`, device.name);
    }
    if (!this.classes.has(className)) this.classes.set(className, this.nextClassId());
    this.devices.set(device.id, { ...device, class: className });
    return this.changed(true);
  }

  /** Takes a device's class away, like `ceph osd crush rm-device-class osd.N`. */
  removeDeviceClass(nameOrId: string | number): this {
    const device = this.deviceNamed(nameOrId);
    if (device.class === undefined) return this;
    this.devices.set(device.id, { id: device.id, name: device.name });
    return this.changed(true);
  }

  /**
   * Adds the rule `ceph osd crush rule create-replicated NAME ROOT FAILURE_DOMAIN [CLASS]` makes:
   * min_size 1, max_size 10, `take ROOT [class CLASS]`, `chooseleaf firstn 0 type FAILURE_DOMAIN`
   * (`choose firstn 0 type osd` when the failure domain is type 0), `emit`; lowest free rule id.
   */
  createReplicatedRule(name: string, root: string, failureDomain: string, deviceClass?: string): this {
    return this.createSimpleRule(name, root, failureDomain, "firstn", { deviceClass, ruleType: RULE_TYPE.replicated });
  }

  /**
   * Adds the rule `ceph osd crush rule create-erasure NAME PROFILE` makes for the jerasure, isa,
   * shec and clay plugins: type erasure, min_size 3, max_size k+m, `set_chooseleaf_tries 5`,
   * `set_choose_tries 100`, `take ROOT [class C]`, `chooseleaf indep 0 type FAILURE_DOMAIN`, `emit`.
   * (The lrc plugin writes its own steps; it is not reproduced here.)
   *
   * @example
   * ```ts
   * builder.createErasureRule("ec42", { k: 4, m: 2, failureDomain: "rack", deviceClass: "hdd" });
   * ```
   */
  createErasureRule(name: string, profile: ErasureProfile): this {
    const { k, m } = profile;
    if (!Number.isInteger(k) || !Number.isInteger(m) || k < 1 || m < 0 || k + m > 255) {
      throw new CrushMapError(`erasure profile for rule ${name}: k=${String(k)} m=${String(m)} is not a usable chunk count`, name);
    }
    const perDomain = profile.osdsPerFailureDomain ?? 1;
    if (perDomain > 1) {
      // Ceph 19's ErasureCode::create_rule: several shards per domain need an MSR rule
      return this.createMsrRule(name, {
        numFailureDomains: profile.numFailureDomains ?? 0,
        osdsPerFailureDomain: perDomain,
        root: profile.root ?? "default",
        failureDomain: profile.failureDomain ?? "host",
        ...(profile.deviceClass === undefined ? {} : { deviceClass: profile.deviceClass }),
      });
    }
    return this.createSimpleRule(name, profile.root ?? "default", profile.failureDomain ?? "host", "indep", {
      deviceClass: profile.deviceClass,
      ruleType: RULE_TYPE.erasure,
      maxSize: k + m,
      num: profile.numFailureDomains ?? 0,
    });
  }

  /**
   * Adds the MSR rule Ceph's `CrushWrapper::add_multi_osd_per_failure_domain_rule_at` makes
   * (what an erasure-code profile with `crush-num-failure-domains` and
   * `crush-osds-per-failure-domain` creates, Ceph 19 and later): type msr_indep (or msr_firstn),
   * `take ROOT [class C]`, `choosemsr N type FAILURE_DOMAIN`, `choosemsr M type osd`, `emit`,
   * no set_msr_* steps (the map's msr tunables apply); lowest free rule id. Unlike a chooseleaf
   * rule it keeps at most M results per domain when devices are out, moving them to other
   * domains instead of leaving holes.
   *
   * @example 8+4 shards on 6 hosts, 2 per host:
   * ```ts
   * builder.createMsrRule("ec84", { numFailureDomains: 6, osdsPerFailureDomain: 2, failureDomain: "host" });
   * ```
   */
  createMsrRule(name: string, options: MsrRuleOptions): this {
    const root = options.root ?? "default";
    const rootId = this.names.get(root);
    if (rootId === undefined) throw new CrushMapError(`root item ${root} does not exist`, root);
    const type = this.typeNamed(options.failureDomain ?? "host");
    const { numFailureDomains: n, osdsPerFailureDomain: per } = options;
    for (const [what, v] of [["numFailureDomains", n], ["osdsPerFailureDomain", per]] as const) {
      if (!Number.isInteger(v) || v < 0 || v > MAX_MSR_COUNT) throw new CrushMapError(`rule ${name}: ${what} ${String(v)} is not 0..${MAX_MSR_COUNT}`, name);
    }
    const mode = options.mode ?? "indep";
    if (mode !== "firstn" && mode !== "indep") throw new CrushMapError(`unknown mode ${String(mode)} for rule ${name}`, name);
    const cls = options.deviceClass;
    if (cls !== undefined) {
      if (!this.classes.has(cls)) throw new CrushMapError(`device class ${cls} does not exist`, cls);
      if (rootId >= 0) throw new CrushMapError(`root ${root} has no devices with class ${cls}`, root);
    }
    const steps: RuleStep[] = [
      cls === undefined ? { op: "take", item: rootId } : { op: "take", item: rootId, class: cls },
      { op: "choosemsr", num: n, type },
      { op: "choosemsr", num: per, type: 0 },
      { op: "emit" },
    ];
    // Ceph 19+ rules have no min_size/max_size; 1 and 100 are what the model reads for them
    return this.insertRule(name, mode === "indep" ? RULE_TYPE.msr_indep : RULE_TYPE.msr_firstn, 1, 100, steps);
  }

  /**
   * The general form (`crushtool --create-simple-rule NAME ROOT TYPE MODE`): firstn rules get
   * min_size 1 and max_size 10; indep rules min_size 3, max_size 20 and the two `set_*_tries`
   * steps first. `maxSize` overrides max_size as the erasure-code plugins do.
   */
  createSimpleRule(
    name: string,
    root: string,
    failureDomain: string,
    mode: "firstn" | "indep",
    options: { readonly deviceClass?: string | undefined; readonly ruleType?: number; readonly maxSize?: number; readonly num?: number } = {},
  ): this {
    const rootId = this.names.get(root);
    if (rootId === undefined) throw new CrushMapError(`root item ${root} does not exist`, root);
    const type = this.typeNamed(failureDomain);
    if (mode !== "firstn" && mode !== "indep") throw new CrushMapError(`unknown mode ${String(mode)} for rule ${name}`, name);
    const cls = options.deviceClass;
    if (cls !== undefined) {
      if (!this.classes.has(cls)) throw new CrushMapError(`device class ${cls} does not exist`, cls);
      if (rootId >= 0) throw new CrushMapError(`root ${root} has no devices with class ${cls}`, root);
    }
    const steps: RuleStep[] = [];
    if (mode === "indep") {
      // Ceph gives erasure-style rules more retries: indep placement leaves holes instead of
      // shifting later replicas, so a failed descent costs more.
      steps.push({ op: "set_chooseleaf_tries", value: 5 }, { op: "set_choose_tries", value: 100 });
    }
    steps.push(cls === undefined ? { op: "take", item: rootId } : { op: "take", item: rootId, class: cls });
    // Type 0 is the device level: there is nothing below it to recurse into, so a plain choose.
    steps.push({ op: type === 0 ? "choose" : "chooseleaf", mode, num: options.num ?? 0, type });
    steps.push({ op: "emit" });
    return this.insertRule(
      name,
      options.ruleType ?? RULE_TYPE.replicated,
      mode === "firstn" ? 1 : 3,
      options.maxSize ?? (mode === "firstn" ? 10 : 20),
      steps,
    );
  }

  /**
   * Adds a rule written step by step, naming items, types and classes as the text format does.
   *
   * @example
   * builder.addRule("two_per_dc", [
   *   { op: "take", item: "default" },
   *   { op: "choose", mode: "firstn", num: 2, type: "datacenter" },
   *   { op: "chooseleaf", mode: "firstn", num: 2, type: "host" },
   *   { op: "emit" },
   * ]);
   */
  addRule(name: string, steps: readonly RuleStepSpec[], options: RuleOptions = {}): this {
    const resolved = steps.map((step): RuleStep => {
      switch (step.op) {
        case "take": {
          const item = this.names.get(step.item);
          if (item === undefined) throw new CrushMapError(`rule ${name}: take names unknown item ${step.item}`, step.item);
          if (step.class === undefined) return { op: "take", item };
          if (!this.classes.has(step.class)) throw new CrushMapError(`rule ${name}: device class ${step.class} does not exist`, step.class);
          return { op: "take", item, class: step.class };
        }
        case "choose":
        case "chooseleaf":
          if (!Number.isInteger(step.num)) throw new CrushMapError(`rule ${name}: ${step.op} count ${step.num} is not an integer`, name);
          return { op: step.op, mode: step.mode, num: step.num, type: this.typeNamed(step.type) };
        case "choosemsr":
          if (!Number.isInteger(step.num)) throw new CrushMapError(`rule ${name}: choosemsr count ${step.num} is not an integer`, name);
          return { op: "choosemsr", num: step.num, type: this.typeNamed(step.type) };
        default:
          return step;
      }
    });
    const type = RULE_TYPE[options.type ?? "replicated"];
    // Ceph 19+ rules (the only ones with MSR types) have no sizes: 1 and 100, as the model reads them
    const msr = isMsrRuleType(type);
    return this.insertRule(name, type, options.minSize ?? 1, options.maxSize ?? (msr ? 100 : 10), resolved);
  }

  /** Gives a new rule the lowest free id, as Ceph does, after checking its name and sizes. */
  private insertRule(name: string, type: number, minSize: number, maxSize: number, steps: RuleStep[]): this {
    checkNewName(name, "rule");
    for (const r of this.rules.values()) if (r.name === name) throw new CrushMapError(`rule ${name} already exists`, name);
    if (!Number.isInteger(type) || type < 0 || type > 255) throw new CrushMapError(`rule type ${type} for ${name} is not 0..255`, name);
    for (const [what, v] of [["min_size", minSize], ["max_size", maxSize]] as const) {
      if (!Number.isInteger(v) || v < 0 || v > 255) throw new CrushMapError(`rule ${name}: ${what} ${v} is not 0..255`, name);
    }
    let id = 0;
    while (this.rules.has(id)) id++;
    if (id > MAX_RULE_ID) throw new CrushMapError(`no free rule id for ${name} (ids 0..255 are all used)`, name);
    this.rules.set(id, { id, name, type, minSize, maxSize, steps });
    return this.changed(true);
  }

  /** Removes a rule, like `ceph osd crush rule rm NAME`. */
  removeRule(name: string): this {
    let found: Rule | undefined;
    for (const r of this.rules.values()) if (r.name === name) found = r;
    if (found === undefined) throw new CrushMapError(`rule ${name} does not exist`, name);
    this.rules.delete(found.id);
    return this.changed(true);
  }

  /**
   * The map as a validated, deeply frozen value. Later edits do not affect it.
   *
   * Bucket weights are kept modulo 2^32 as Ceph keeps them (`ceph osd crush add` and
   * `reweight` let a total wrap); `options.onWarning` hears about each bucket whose items weigh
   * more than that.
   */
  build(options: BuildOptions = {}): CrushMap {
    if (this.built === undefined) this.built = this.freezeAndValidate();
    if (options.onWarning !== undefined) for (const w of this.builtWarnings) options.onWarning(w);
    return this.built;
  }

  private freezeAndValidate(): CrushMap {
    const classOrder = [...this.classes.entries()].sort((a, b) => a[1] - b[1]);
    const buckets: Bucket[] = [...this.buckets.values()].map((b) => {
      let out: Bucket = { id: b.id, name: b.name, type: b.type, alg: b.alg, hash: b.hash, items: Object.freeze(b.items.map((it) => Object.freeze({ ...it }))) };
      if (b.classIds.size > 0) out = { ...out, classIds: Object.freeze([...b.classIds].map(([c, id]) => Object.freeze({ class: c, id }))) };
      if (b.straws !== undefined) out = { ...out, straws: Object.freeze([...b.straws]) };
      return Object.freeze(out);
    });
    const chooseArgs: ChooseArgs[] = [...this.chooseArgs.entries()].map(([id, args]) =>
      Object.freeze({
        id,
        buckets: Object.freeze(
          [...args.entries()].map(([bucketId, a]) => {
            const out: { bucketId: number; weightSet?: readonly (readonly number[])[]; ids?: readonly number[] } = { bucketId };
            if (a.weightSet !== undefined) out.weightSet = Object.freeze(a.weightSet.map((v) => Object.freeze([...v])));
            if (a.ids !== undefined) out.ids = Object.freeze([...a.ids]);
            return Object.freeze(out);
          }),
        ),
      }),
    );
    const map: CrushMap = Object.freeze({
      tunables: this.tunables,
      devices: Object.freeze([...this.devices.values()].sort((a, b) => a.id - b.id).map((d) => Object.freeze({ ...d }))),
      types: Object.freeze(this.types.map((t) => Object.freeze({ ...t }))),
      buckets: Object.freeze(buckets),
      rules: Object.freeze(
        [...this.rules.values()]
          .sort((a, b) => a.id - b.id)
          .map((r) => Object.freeze({ ...r, steps: Object.freeze(r.steps.map((s) => Object.freeze({ ...s }))) })),
      ),
      classes: Object.freeze(classOrder.map(([name, id]) => Object.freeze({ id, name }))),
      chooseArgs: Object.freeze(chooseArgs),
    });
    const frozen = deepFreeze(map);
    const warnings: CrushMapWarning[] = [];
    validateMap(frozen, { onWarning: (w) => warnings.push(w) });
    this.builtWarnings = Object.freeze(warnings);
    return frozen;
  }

  // --- lookups -----------------------------------------------------------------------------

  private bucketNamed(name: string): DraftBucket {
    const id = this.names.get(name);
    if (id === undefined) throw new CrushMapError(`bucket ${name} does not exist`, name);
    if (id >= 0) throw new CrushMapError(`${name} is a device, not a bucket`, name);
    return this.buckets.get(id)!;
  }

  private deviceNamed(nameOrId: string | number): Device {
    const id = typeof nameOrId === "number" ? nameOrId : this.names.get(nameOrId);
    const device = id === undefined ? undefined : this.devices.get(id);
    if (device === undefined) {
      if (id !== undefined && id < 0) throw new CrushMapError(`${String(nameOrId)} is a bucket, not a device`, nameOrId);
      throw new CrushMapError(`device ${String(nameOrId)} does not exist`, nameOrId);
    }
    return device;
  }

  private typeNamed(name: string): number {
    const id = this.typeByName.get(name);
    if (id === undefined) throw new CrushMapError(`unknown type ${name}`, name);
    return id;
  }

  private ruleTaking(item: number): Rule | undefined {
    for (const r of this.rules.values()) for (const s of r.steps) if (s.op === "take" && s.item === item) return r;
    return undefined;
  }

  private moveDevice(id: number, newParent: string): this {
    const parent = this.bucketNamed(newParent);
    const weight = this.firstParent(id)?.items.find((it) => it.id === id)?.weight ?? 0;
    for (const pid of [...(this.parents.get(id) ?? [])]) this.removeFrom(this.buckets.get(pid)!, id);
    this.insertItem(parent, id, weight);
    return this.changed(true);
  }

  private firstParent(id: number): DraftBucket | undefined {
    // Ceph's get_immediate_parent scans buckets by index (-1, -2, …) and takes the first hit.
    let best: number | undefined;
    for (const p of this.parents.get(id) ?? []) if (best === undefined || p > best) best = p;
    return best === undefined ? undefined : this.buckets.get(best);
  }

  /** True when bucket `ancestor` holds `id` somewhere below it. */
  private contains(ancestor: number, id: number): boolean {
    const seen = new Set<number>();
    const stack = [ancestor];
    while (stack.length > 0) {
      const b = this.buckets.get(stack.pop()!)!;
      for (const it of b.items) {
        if (it.id === id) return true;
        if (it.id < 0 && !seen.has(it.id)) {
          seen.add(it.id);
          stack.push(it.id);
        }
      }
    }
    return false;
  }

  private lowestFreeDeviceId(): number {
    let id = 0;
    while (this.devices.has(id)) id++;
    return id;
  }

  private bucketIdInUse(id: number): boolean {
    if (this.buckets.has(id)) return true;
    for (const b of this.buckets.values()) for (const sid of b.classIds.values()) if (sid === id) return true;
    return false;
  }

  /** crush_add_bucket: the first empty slot of the bucket array; shadow buckets fill slots too. */
  private lowestFreeBucketId(): number {
    const used = new Set<number>(this.buckets.keys());
    for (const b of this.buckets.values()) for (const sid of b.classIds.values()) used.add(sid);
    let id = -1;
    while (used.has(id)) id--;
    return id;
  }

  /** CrushWrapper::_alloc_class_id: one past the largest class id. */
  private nextClassId(): number {
    let max = -1;
    for (const id of this.classes.values()) max = Math.max(max, id);
    if (max >= 0x7fffffff) throw new CrushMapError("no free device class id", max);
    return max + 1;
  }

  /** CrushWrapper::get_default_bucket_alg: the best algorithm the tunables allow. */
  private defaultAlg(name: string): BucketAlg {
    const allowed = this.tunables.allowedBucketAlgs;
    for (const alg of ["straw2", "straw", "tree", "list", "uniform"] as const) {
      if ((allowed & (1 << BUCKET_ALG_ID[alg])) !== 0) return alg;
    }
    throw new CrushMapError(`tunables allow no bucket algorithm for ${name}`, name);
  }

  // --- mutations (called only after every check has passed) --------------------------------

  private link(item: number, parent: number): void {
    let set = this.parents.get(item);
    if (set === undefined) this.parents.set(item, (set = new Set()));
    set.add(parent);
  }

  /** Appends `item` to `parent` (as crush_bucket_add_item does), then re-sums the ancestors. */
  private insertItem(parent: DraftBucket, item: number, weight: number): void {
    parent.items.push({ id: item, weight });
    parent.straws = undefined;
    this.link(item, parent.id);
    for (const args of this.chooseArgs.values()) {
      const arg = args.get(parent.id);
      if (arg === undefined) continue;
      if (arg.weightSet !== undefined) arg.weightSet.forEach((vec, pos) => vec.push(item >= 0 ? weight : childSetSum(args, item, pos, weight)));
      if (arg.ids !== undefined && arg.ids.length > 0) arg.ids.push(item);
    }
    // A uniform bucket has one item weight: the newcomer's weight becomes everyone's.
    if (parent.alg === "uniform") this.setItemWeight(parent, item, weight);
    this.propagate(parent.id);
  }

  /**
   * Removes every occurrence of `item` from `parent`, then re-sums the ancestors. A tree bucket
   * keeps the slot (crush_remove_tree_bucket_item sets it to item 0 with weight 0 and drops only
   * the empty slots at the end), so device 0 appears there, unnamed if the map has none.
   */
  private removeFrom(parent: DraftBucket, item: number): void {
    const before = parent.items.map((it) => it.id);
    // Ceph sets the item's weight to 0 before it takes it out, and a uniform bucket's items share
    // one weight: every item left there weighs 0
    if (parent.alg === "uniform") this.setItemWeight(parent, item, 0);
    if (parent.alg === "tree") {
      // the slot keeps its place with item id 0 (device 0, named or not) and weight 0
      const items = parent.items.map((it) => (it.id === item ? { id: 0, weight: 0 } : it));
      while (items.length > 0 && items[items.length - 1]!.weight === 0) items.pop();
      parent.items = items;
      if (items.some((it) => it.id === 0)) {
        this.link(0, parent.id);
        if (!this.devices.has(0)) this.devices.set(0, { id: 0, name: "device0", unnamed: true });
      }
    } else {
      for (const args of this.chooseArgs.values()) {
        const arg = args.get(parent.id);
        if (arg === undefined) continue;
        const keep = parent.items.map((it) => it.id !== item);
        if (arg.weightSet !== undefined) arg.weightSet = arg.weightSet.map((vec) => vec.filter((_, i) => keep[i]));
        if (arg.ids !== undefined && arg.ids.length > 0) arg.ids = arg.ids.filter((_, i) => keep[i]);
      }
      parent.items = parent.items.filter((it) => it.id !== item);
    }
    parent.straws = undefined;
    // a trimmed tree bucket may drop other empty items at its end too
    const left = new Set(parent.items.map((it) => it.id));
    for (const id of before) if (!left.has(id)) this.parents.get(id)?.delete(parent.id);
    this.propagate(parent.id);
  }

  private setItemWeight(bucket: DraftBucket, item: number, weight: number): void {
    // Stored straw lengths describe the old weights; the mapper recomputes them when absent.
    if (bucket.items.some((it) => it.id === item && it.weight !== weight)) bucket.straws = undefined;
    bucket.items = bucket.items.map((it) => (it.id === item || bucket.alg === "uniform" ? { id: it.id, weight } : it));
  }

  /**
   * Keeps every ancestor's item weight equal to the sum of its children, as
   * CrushWrapper::adjust_item_weight does by recursing into each bucket holding the changed one;
   * weight sets are re-summed the same way so they keep adding up.
   */
  private propagate(bucketId: number): void {
    // A stack instead of Ceph's recursion: hierarchies may be thousands of levels deep. Every
    // bucket on the way is re-summed from its current items, so the order of visits does not
    // change the result.
    const todo = [bucketId];
    while (todo.length > 0) this.propagateOnce(todo.pop()!, todo);
  }

  /** Re-sums `bucketId` into every parent holding it and queues those parents. */
  private propagateOnce(bucketId: number, todo: number[]): void {
    const bucket = this.buckets.get(bucketId)!;
    const weight = sumWeights(bucket.items);
    const parents = [...(this.parents.get(bucketId) ?? [])];
    for (const pid of parents) {
      const parent = this.buckets.get(pid)!;
      this.setItemWeight(parent, bucketId, weight);
      for (const args of this.chooseArgs.values()) {
        const own = args.get(bucketId)?.weightSet;
        const arg = args.get(pid);
        if (own === undefined || arg?.weightSet === undefined) continue;
        parent.items.forEach((it, i) => {
          if (it.id !== bucketId) return;
          arg.weightSet!.forEach((vec, pos) => (vec[i] = childSetSum(args, bucketId, pos, vec[i]!)));
        });
      }
    }
    for (let i = parents.length - 1; i >= 0; i--) todo.push(parents[i]!);
  }

  /** Records an edit: invalidates the cached value and, for structural edits, redoes classes. */
  private changed(structural: boolean): this {
    this.built = undefined;
    if (structural) this.rebuildClasses();
    return this;
  }

  /**
   * CrushWrapper::rebuild_roots_with_classes, for ids only: drop classes no device and no rule
   * uses, then give every (bucket, class) pair a shadow id — its old one when it had one, else
   * the first free slot not used by a bucket or by any old shadow id. Order matters for which id
   * goes where: roots by ascending id, classes by ascending class id, children before parents.
   * Shadow weight sets (choose_args) are regenerated from the originals the same way.
   */
  private rebuildClasses(): void {
    const live = new Set<string>();
    for (const d of this.devices.values()) if (d.class !== undefined) live.add(d.class);
    for (const r of this.rules.values()) for (const s of r.steps) if (s.op === "take" && s.class !== undefined) live.add(s.class);
    for (const name of [...this.classes.keys()]) if (!live.has(name)) this.classes.delete(name);

    const oldShadow = new Set<number>();
    const old = new Map<number, Map<string, number>>();
    for (const b of this.buckets.values()) {
      for (const sid of b.classIds.values()) oldShadow.add(sid);
      old.set(b.id, b.classIds);
      b.classIds = new Map();
    }
    // Shadow choose_args are derived data: drop them and rebuild below.
    for (const args of this.chooseArgs.values()) for (const id of [...args.keys()]) if (!this.buckets.has(id)) args.delete(id);
    if (this.classes.size === 0) return;

    const classOrder = [...this.classes.entries()].sort((a, b) => a[1] - b[1]).map(([c]) => c);
    const roots = [...this.buckets.keys()].filter((id) => (this.parents.get(id)?.size ?? 0) === 0).sort((a, b) => a - b);
    const taken = new Set<number>(oldShadow);
    let cursor = -1; // slots above the cursor are all taken; nothing is freed during a rebuild
    const allocate = (): number => {
      while (this.buckets.has(cursor) || taken.has(cursor)) cursor--;
      taken.add(cursor);
      return cursor;
    };
    /** Per choose_args set: shadow id → its weight set, to fill parents' entries. */
    const shadowSets = new Map<number, Map<number, number[][]>>();
    for (const setId of this.chooseArgs.keys()) shadowSets.set(setId, new Map());

    const clone = (root: number, cls: string): void => {
      // Iterative post-order walk: a bucket gets its shadow id after all its children.
      const stack: [DraftBucket, number][] = [[this.buckets.get(root)!, 0]];
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        const [b, i] = top;
        if (b.classIds.has(cls)) {
          stack.pop();
          continue;
        }
        if (i < b.items.length) {
          top[1] = i + 1;
          const child = b.items[i]!.id;
          if (child < 0 && !this.buckets.get(child)!.classIds.has(cls)) stack.push([this.buckets.get(child)!, 0]);
          continue;
        }
        stack.pop();
        const sid = old.get(b.id)?.get(cls) ?? allocate();
        b.classIds.set(cls, sid);
        this.cloneWeightSets(b, cls, sid, shadowSets);
      }
    };
    for (const root of roots) for (const cls of classOrder) clone(root, cls);
  }

  /** device_class_clone's choose_args part: device entries copied, child entries summed. */
  private cloneWeightSets(b: DraftBucket, cls: string, sid: number, shadowSets: Map<number, Map<number, number[][]>>): void {
    for (const [setId, args] of this.chooseArgs) {
      const orig = args.get(b.id)?.weightSet;
      if (orig === undefined || orig.length === 0) continue;
      const vecs: number[][] = orig.map(() => []);
      b.items.forEach((it, i) => {
        if (it.id >= 0) {
          if (this.devices.get(it.id)?.class !== cls) return;
          orig.forEach((vec, pos) => vecs[pos]!.push(vec[i]!));
        } else {
          const childSid = this.buckets.get(it.id)!.classIds.get(cls)!;
          const child = shadowSets.get(setId)!.get(childSid);
          orig.forEach((_, pos) => vecs[pos]!.push(child === undefined ? 0 : sumVector(child[pos] ?? [])));
        }
      });
      shadowSets.get(setId)!.set(sid, vecs);
      args.set(sid, { weightSet: vecs, ids: undefined });
    }
  }
}

/**
 * A bucket's weight as Ceph keeps it: the sum of its items modulo 2^32 (crush_bucket.weight is
 * a u32 that adjust_item_weight lets wrap; `build` warns about it, see validateMap).
 */
function sumWeights(items: readonly BucketItem[]): number {
  let s = 0;
  for (const it of items) s = (s + it.weight) >>> 0;
  return s;
}

/**
 * The entry a bucket gets in its parent's weight set at position `pos`: the sum of its own
 * weight set there (the last position repeats), or `fallback` when it has none.
 */
function childSetSum(args: ReadonlyMap<number, DraftArg>, bucketId: number, pos: number, fallback: number): number {
  const own = args.get(bucketId)?.weightSet;
  if (own === undefined || own.length === 0) return fallback;
  return sumVector(own[Math.min(pos, own.length - 1)]!);
}

/** A weight set's sum, modulo 2^32 like the bucket weights it mirrors. */
function sumVector(v: readonly number[]): number {
  let s = 0;
  for (const x of v) s = (s + x) >>> 0;
  return s;
}

function checkNewName(name: string, what: string): void {
  if (!isValidCrushName(name)) {
    throw new CrushMapError(`${what} name ${JSON.stringify(name)} is invalid (allowed: letters, digits, '-', '_', '.')`, name);
  }
}

function validateTunablesOnly(t: Tunables): void {
  validateMap({ tunables: t, devices: [], types: [], buckets: [], rules: [], classes: [], chooseArgs: [] });
}

/**
 * Decimal → 16.16 exactly as `ceph osd crush add/reweight` and `crushtool` convert: the weight
 * is a C float, multiplied by (float)0x10000 and truncated, so 0.1 becomes 6553, not 6554.
 * That is weight.ts's `weightFromDecimal`; Ceph's commands then refuse more than INT_MAX.
 */
function commandWeight(weight: number, what: string): number {
  if (typeof weight !== "number" || !Number.isFinite(weight) || weight < 0) {
    throw new CrushMapError(`weight ${String(weight)} of ${what} is not a finite non-negative number`, what);
  }
  const fixed = weight > COMMAND_WEIGHT_MAX ? Infinity : weightFromDecimal(weight, what);
  if (fixed > COMMAND_WEIGHT_MAX) throw new CrushMapError(`weight ${weight} of ${what} is too large (limit 32767.99998)`, what);
  return fixed;
}
