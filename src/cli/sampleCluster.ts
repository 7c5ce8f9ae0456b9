/**
 * The built-in sample cluster the demo runs on: 3 racks × 4 hosts × 6 disks of mixed sizes
 * (4, 8 and 12 TB, weighted in TiB as Ceph does), one replicated rule over hosts.
 */
import type { Bucket, BucketItem, CrushMap } from "../map/types.js";
import { tunablesProfile } from "../map/tunables.js";

const TB_SIZES = [4, 8, 12, 4, 8, 12];
const OPTIMAL = tunablesProfile("optimal");

/** 16.16 weight of a disk of `tb` terabytes, in TiB like `ceph osd crush add`. */
export function diskWeight(tb: number): number {
  return Math.round(((tb * 1e12) / 2 ** 40) * 0x10000);
}

export interface SampleCluster {
  readonly map: CrushMap;
  /** The same cluster with one more host (6 disks) in rack 0. */
  readonly withNewHost: CrushMap;
}

export function sampleCluster(): SampleCluster {
  const buckets: Bucket[] = [];
  const devices: { id: number; name: string; class: string }[] = [];
  let nextId = -1;
  let nextDevice = 0;
  const rackHosts: BucketItem[][] = [];
  const makeHost = (name: string, sizes: readonly number[]): BucketItem => {
    const items = sizes.map((tb) => {
      const id = nextDevice++;
      devices.push({ id, name: `osd.${id}`, class: "hdd" });
      return { id, weight: diskWeight(tb) };
    });
    const id = nextId--;
    buckets.push({ id, name, type: 1, alg: "straw2", hash: 0, items });
    return { id, weight: items.reduce((s, it) => s + it.weight, 0) };
  };
  for (let r = 0; r < 3; r++) {
    const hosts: BucketItem[] = [];
    for (let h = 0; h < 4; h++) hosts.push(makeHost(`node-${r}${h}`, rotate(TB_SIZES, r + h)));
    rackHosts.push(hosts);
  }
  const rackIds = [nextId--, nextId--, nextId--];
  const rootId = nextId--;
  const build = (extraHost: BucketItem | undefined): CrushMap => {
    const rackBuckets: Bucket[] = rackHosts.map((hosts, r) => {
      const items = r === 0 && extraHost !== undefined ? [...hosts, extraHost] : hosts;
      return { id: rackIds[r]!, name: `rack-${r}`, type: 2, alg: "straw2", hash: 0, items };
    });
    const racks = rackBuckets.map((rb) => ({ id: rb.id, weight: rb.items.reduce((s, it) => s + it.weight, 0) }));
    return {
      tunables: OPTIMAL,
      devices: [...devices],
      types: [
        { id: 0, name: "osd" },
        { id: 1, name: "host" },
        { id: 2, name: "rack" },
        { id: 3, name: "root" },
      ],
      buckets: [...buckets, ...rackBuckets, { id: rootId, name: "default", type: 3, alg: "straw2", hash: 0, items: racks }],
      rules: [
        {
          id: 0,
          name: "replicated_rule",
          type: 1,
          minSize: 1,
          maxSize: 10,
          steps: [{ op: "take", item: rootId }, { op: "chooseleaf", mode: "firstn", num: 0, type: 1 }, { op: "emit" }],
        },
      ],
      classes: [{ id: 0, name: "hdd" }],
      chooseArgs: [],
    };
  };
  const map = build(undefined);
  // built after the first map was taken, so only the second map holds it
  const withNewHost = build(makeHost("node-new", TB_SIZES));
  return { map, withNewHost };
}

function rotate<T>(xs: readonly T[], k: number): T[] {
  return xs.map((_, i) => xs[(i + k) % xs.length]!);
}
