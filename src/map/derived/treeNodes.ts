/**
 * Node weights of a `tree` bucket, laid out as Ceph's builder lays them out: leaves at odd
 * labels (item i at 2i+1), each interior node the sum of the leaves below it, the root at
 * label numNodes/2.
 */

/** Depth of the smallest complete binary tree with `size` leaves (Ceph's calc_depth). */
export function treeDepth(size: number): number {
  if (size === 0) return 0;
  let depth = 1;
  for (let t = size - 1; t !== 0; t >>= 1) depth++;
  return depth;
}

/** Label of the node holding item i. */
export function treeLeaf(i: number): number {
  return ((i + 1) << 1) - 1;
}

function height(n: number): number {
  let h = 0;
  while ((n & 1) === 0) {
    h++;
    n >>= 1;
  }
  return h;
}

function parent(n: number): number {
  const h = height(n);
  return (n & (1 << (h + 1))) !== 0 ? n - (1 << h) : n + (1 << h);
}

/** Returns the node weight array (length 1 << depth; 0 for an empty bucket). */
export function treeNodeWeights(weights: ArrayLike<number>): number[] {
  const size = weights.length;
  const depth = treeDepth(size);
  const nodes = new Array<number>(size === 0 ? 0 : 1 << depth).fill(0);
  for (let i = 0; i < size; i++) {
    let node = treeLeaf(i);
    const w = weights[i]!;
    nodes[node] = w;
    for (let j = 1; j < depth; j++) {
      node = parent(node);
      nodes[node] = (nodes[node]! + w) >>> 0;
    }
  }
  return nodes;
}
