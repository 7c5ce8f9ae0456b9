/**
 * Random weight sets (choose_args) for a map, as the text crushtool compiles: the compat set
 * (-1) and maybe a pool's, over the straw2 buckets. Deterministic per seed. With `summed`, a
 * bucket's weight for a child bucket is the sum of the child's weights at that position, as
 * Ceph's balancer keeps them; `deviceWeights: "crush"` gives devices their crush weight.
 */
import type { CrushMap } from "../../src/map/types.js";
import { prng } from "./randomMap.js";

export interface WeightSetTextOptions {
  /** Positions of each set, drawn from these. */
  readonly positions: readonly number[];
  /** Child buckets weigh the sum of their own weights (else a random weight). */
  readonly summed: boolean;
  /** Device weights: random sixteenths, or the device's crush weight (in the buckets named so). */
  readonly deviceWeights?: "random" | "crush" | ((bucketName: string) => "random" | "crush");
  /** Also a second set (id 1), ids on some buckets, and some buckets left without weights. */
  readonly wild?: boolean;
}

const COMPAT = "18446744073709551615";

export function weightSetText(map: CrushMap, seed: number, opts: WeightSetTextOptions): string {
  const rnd = prng(seed ^ 0x5eed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const sets = [COMPAT, ...(opts.wild === true && rnd() < 0.5 ? ["1"] : [])];
  const out = ["# choose_args"];
  for (const id of sets) {
    const positions = pick(opts.positions);
    out.push(`choose_args ${id} {`);
    out.push(...setText(map, positions, opts, rnd));
    out.push("}");
  }
  return out.join("\n");
}

function setText(map: CrushMap, positions: number, opts: WeightSetTextOptions, rnd: () => number): string[] {
  const byId = new Map(map.buckets.map((b) => [b.id, b]));
  const memo = new Map<number, number[]>();
  // the weights of item `id` at each position: what its parent's weight set says of it
  const weightsOf = (id: number, crush: number, parent: string): number[] => {
    const b = byId.get(id);
    if (b === undefined || b.alg !== "straw2") {
      const dw = typeof opts.deviceWeights === "function" ? opts.deviceWeights(parent) : opts.deviceWeights;
      if (id < 0 || dw === "crush") return new Array<number>(positions).fill(crush);
      return Array.from({ length: positions }, () => Math.round(1 + rnd() * 63) * 4096);
    }
    let own = memo.get(id);
    if (own === undefined) {
      own = bucketWeights(id).reduce((acc, w) => acc.map((x, p) => x + w[p]!), new Array<number>(positions).fill(0));
      memo.set(id, own);
    }
    return opts.summed ? own : Array.from({ length: positions }, () => Math.round(1 + rnd() * 255) * 4096);
  };
  const table = new Map<number, number[][]>();
  const bucketWeights = (id: number): number[][] => {
    let t = table.get(id);
    if (t === undefined) {
      const b = byId.get(id)!;
      t = b.items.map((it) => weightsOf(it.id, it.weight, b.name));
      table.set(id, t);
    }
    return t;
  };
  const lines: string[] = [];
  for (const b of [...map.buckets].sort((x, y) => y.id - x.id)) {
    if (b.alg !== "straw2" || b.items.length === 0) continue;
    const rows = bucketWeights(b.id);
    if (opts.wild === true && rnd() < 0.1) continue;
    lines.push("  {", `    bucket_id ${b.id}`, "    weight_set [");
    for (let p = 0; p < positions; p++) lines.push(`      [ ${rows.map((w) => (w[p]! / 65536).toFixed(5)).join(" ")} ]`);
    lines.push("    ]");
    if (opts.wild === true && rnd() < 0.2) lines.push(`    ids [ ${b.items.map(() => Math.floor(rnd() * 200) - 100).join(" ")} ]`);
    lines.push("  }");
  }
  return lines;
}

/** The legacy text with the weight sets put before its end marker. */
export function withWeightSets(text: string, weightSets: string): string {
  return text.replace("# end crush map", `${weightSets}\n# end crush map`);
}
