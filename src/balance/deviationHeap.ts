/**
 * Devices ordered by how far they are from their share, kept in order as replicas or primaries
 * move: an indexed binary heap over device ids keyed by a deviation array the caller owns, most
 * overfull first (or most underfull first), ties to the lower id. The upmap balancer asks for the
 * head and, when the head cannot move, for the devices after it in order (HeapWalk); the read
 * balancer also takes devices out and puts them back (push, remove). A move changes two keys and
 * costs O(log n) instead of a scan of every device. The order is total (key, then id), so the head
 * and a walk do not depend on how the heap was built.
 */
export class DeviationHeap {
  /** Device ids in heap order (the first `size` slots). */
  readonly items: Int32Array;
  /** Position of each device id in `items`, -1 when absent. */
  private readonly pos: Int32Array;
  private count: number;

  /**
   * @param devices the devices in the heap at first (ids in 0..maxId-1, each once)
   * @param maxId one more than the largest id that may ever be pushed
   * @param key deviation per device id, read live: call `update(o)` after changing key[o]
   * @param largestFirst true for the most overfull first, false for the most underfull first
   */
  constructor(
    devices: readonly number[],
    maxId: number,
    private readonly key: Float64Array,
    private readonly largestFirst: boolean,
  ) {
    this.count = devices.length;
    this.items = new Int32Array(Math.max(maxId, devices.length));
    this.items.set(devices);
    this.pos = new Int32Array(maxId).fill(-1);
    for (let i = 0; i < this.count; i++) this.pos[this.items[i]!] = i;
    for (let i = (this.count >> 1) - 1; i >= 0; i--) this.down(i);
  }

  /** How many devices the heap holds. */
  get size(): number {
    return this.count;
  }

  /** Whether device a comes before device b: further in the heap's direction, else the lower id. */
  before(a: number, b: number): boolean {
    const ka = this.key[a]!;
    const kb = this.key[b]!;
    if (ka !== kb) return this.largestFirst ? ka > kb : ka < kb;
    return a < b;
  }

  /** The first device, or -1 when there is none. */
  top(): number {
    return this.count > 0 ? this.items[0]! : -1;
  }

  /** Adds device o (no-op when it is already in). */
  push(o: number): void {
    if (this.pos[o]! >= 0) return;
    const i = this.count++;
    this.items[i] = o;
    this.pos[o] = i;
    this.up(i);
  }

  /** Takes device o out (no-op when it is not in). */
  remove(o: number): void {
    const i = this.pos[o]!;
    if (i < 0) return;
    this.pos[o] = -1;
    const last = this.items[--this.count]!;
    if (i === this.count) return;
    this.items[i] = last;
    this.pos[last] = i;
    this.update(last);
  }

  /** Restores the order after key[o] changed (no-op when o is not in the heap). */
  update(o: number): void {
    const i = this.pos[o]!;
    if (i < 0) return;
    if (i > 0 && this.before(o, this.items[(i - 1) >> 1]!)) this.up(i);
    else this.down(i);
  }

  private up(i: number): void {
    const items = this.items;
    const o = items[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const q = items[p]!;
      if (!this.before(o, q)) break;
      items[i] = q;
      this.pos[q] = i;
      i = p;
    }
    items[i] = o;
    this.pos[o] = i;
  }

  private down(i: number): void {
    const items = this.items;
    const o = items[i]!;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= this.count) break;
      if (c + 1 < this.count && this.before(items[c + 1]!, items[c]!)) c++;
      const q = items[c]!;
      if (!this.before(q, o)) break;
      items[i] = q;
      this.pos[q] = i;
      i = c;
    }
    items[i] = o;
    this.pos[o] = i;
  }
}

/**
 * The heap's devices in order, one at a time, without disturbing the heap: a second, small
 * heap holds the frontier (positions whose parents were already handed out). Taking k devices
 * costs O(k log k). Valid until the heap changes; `reset` starts again from the head.
 */
export class HeapWalk {
  private readonly frontier: Int32Array;
  private length = 0;

  constructor(private readonly heap: DeviationHeap) {
    this.frontier = new Int32Array(Math.max(1, heap.items.length));
  }

  reset(): void {
    this.length = 0;
    if (this.heap.size > 0) this.push(0);
  }

  /** The next device in order, or -1 after the last. */
  next(): number {
    if (this.length === 0) return -1;
    const f = this.frontier;
    const at = f[0]!;
    const last = f[--this.length]!;
    if (this.length > 0) this.sink(last);
    const c = 2 * at + 1;
    if (c < this.heap.size) this.push(c);
    if (c + 1 < this.heap.size) this.push(c + 1);
    return this.heap.items[at]!;
  }

  private earlier(p: number, q: number): boolean {
    return this.heap.before(this.heap.items[p]!, this.heap.items[q]!);
  }

  private push(p: number): void {
    const f = this.frontier;
    let i = this.length++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.earlier(p, f[parent]!)) break;
      f[i] = f[parent]!;
      i = parent;
    }
    f[i] = p;
  }

  /** Puts p at the root and moves it down to its place. */
  private sink(p: number): void {
    const f = this.frontier;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= this.length) break;
      if (c + 1 < this.length && this.earlier(f[c + 1]!, f[c]!)) c++;
      if (!this.earlier(f[c]!, p)) break;
      f[i] = f[c]!;
      i = c;
    }
    f[i] = p;
  }
}
