/**
 * A max-heap of OSD ids keyed by a value the caller changes (how far each OSD is above its
 * share), with its position per OSD so that a changed key moves in O(log n). Typed arrays, no
 * allocation after construction.
 */
export class OsdHeap {
  private readonly heap: Int32Array;
  private readonly pos: Int32Array;
  private size = 0;

  constructor(
    capacity: number,
    private readonly key: Float64Array,
  ) {
    this.heap = new Int32Array(capacity);
    this.pos = new Int32Array(capacity).fill(-1);
  }

  get length(): number {
    return this.size;
  }

  /** The OSD with the highest key (ties: the lowest id), or -1. */
  top(): number {
    return this.size === 0 ? -1 : this.heap[0]!;
  }

  push(osd: number): void {
    if (this.pos[osd]! >= 0) return;
    this.heap[this.size] = osd;
    this.pos[osd] = this.size++;
    this.up(this.size - 1);
  }

  remove(osd: number): void {
    const i = this.pos[osd]!;
    if (i < 0) return;
    const last = this.heap[--this.size]!;
    this.pos[osd] = -1;
    if (i === this.size) return;
    this.heap[i] = last;
    this.pos[last] = i;
    this.up(i);
    this.down(this.pos[last]!);
  }

  /** Re-sorts `osd` after its key changed (no-op when it is not in the heap). */
  update(osd: number): void {
    const i = this.pos[osd]!;
    if (i < 0) return;
    this.up(i);
    this.down(this.pos[osd]!);
  }

  private before(a: number, b: number): boolean {
    const ka = this.key[a]!;
    const kb = this.key[b]!;
    return ka > kb || (ka === kb && a < b);
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(h[i]!, h[p]!)) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < this.size && this.before(h[l]!, h[best]!)) best = l;
      if (r < this.size && this.before(h[r]!, h[best]!)) best = r;
      if (best === i) return;
      this.swap(i, best);
      i = best;
    }
  }

  private swap(i: number, j: number): void {
    const h = this.heap;
    const a = h[i]!;
    const b = h[j]!;
    h[i] = b;
    h[j] = a;
    this.pos[b] = i;
    this.pos[a] = j;
  }
}
