/**
 * Random crush maps in Ceph's text format, for differential tests against crushtool.
 * Deterministic for a given seed; the text is what a person could have written (no shadow ids),
 * so both crushtool and crushmap compile exactly the same input.
 */

/** mulberry32: a tiny seeded PRNG, good enough to shape test maps. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomMap {
  readonly text: string;
  readonly ruleIds: readonly number[];
  readonly deviceCount: number;
  /** Suggested replica counts to test. */
  readonly numReps: readonly number[];
}

export interface RandomMapOptions {
  readonly classes?: boolean;
  readonly chooseArgs?: boolean;
}

const ALGS = ["uniform", "list", "tree", "straw", "straw2"] as const;
const PROFILES: readonly (readonly [string, number][])[] = [
  // legacy: nothing written
  [],
  [["choose_local_tries", 0], ["choose_local_fallback_tries", 0], ["choose_total_tries", 50], ["chooseleaf_descend_once", 1]],
  [["choose_local_tries", 0], ["choose_local_fallback_tries", 0], ["choose_total_tries", 50], ["chooseleaf_descend_once", 1], ["chooseleaf_vary_r", 1], ["straw_calc_version", 1]],
  [["choose_local_tries", 0], ["choose_local_fallback_tries", 0], ["choose_total_tries", 50], ["chooseleaf_descend_once", 1], ["chooseleaf_vary_r", 1], ["chooseleaf_stable", 1], ["straw_calc_version", 1], ["allowed_bucket_algs", 54]],
];

export function randomMap(seed: number, options: RandomMapOptions = {}): RandomMap {
  const rnd = prng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

  const typeNames = ["osd", "host", "rack", "row", "root"];
  const levels = int(2, 4); // host, (rack), (row), root
  const usedTypes = ["osd", ...typeNames.slice(1, levels), "root"];
  const classNames = ["hdd", "ssd", "nvme"];

  const lines: string[] = ["# begin crush map"];
  for (const [k, v] of pick(PROFILES)) lines.push(`tunable ${k} ${v}`);
  if (rnd() < 0.3) lines.push(`tunable choose_total_tries ${int(1, 60)}`);
  if (rnd() < 0.2) lines.push(`tunable choose_local_tries ${int(0, 3)}`);
  if (rnd() < 0.2) lines.push(`tunable choose_local_fallback_tries ${int(0, 6)}`);

  // build the tree bottom-up: devices into hosts, hosts into the next level, …
  let deviceCount = 0;
  const devices: string[] = [];
  const bucketTexts: string[] = [];
  let nextBucketId = -1;
  const weightText = (): string => {
    const r = rnd();
    if (r < 0.08) return "0.000";
    if (r < 0.5) return "1.000";
    return (rnd() * 4 + 0.01).toFixed(pick([2, 3, 4, 5]));
  };
  const makeBucket = (name: string, type: string, children: { name: string; weight: number }[]): { name: string; weight: number } => {
    // Ceph 16.2 leaves interior node weights of tree buckets' class copies uninitialised, so
    // class maps with tree buckets map differently from one crushtool -c to the next.
    const alg = pick(options.classes === true ? ALGS.filter((a) => a !== "tree") : ALGS);
    const uniformWeight = weightText();
    let total = 0;
    const body: string[] = [`${type} ${name} {`, `\tid ${nextBucketId--}`, `\talg ${alg}`, `\thash 0`];
    for (const child of children) {
      const w = alg === "uniform" ? uniformWeight : child.weight < 0 ? weightText() : child.weight.toFixed(5);
      total += Number(w);
      body.push(`\titem ${child.name} weight ${w}`);
    }
    body.push("}");
    bucketTexts.push(body.join("\n"));
    return { name, weight: total };
  };

  let level: { name: string; weight: number }[] = [];
  const hosts = int(1, 9);
  for (let h = 0; h < hosts; h++) {
    const n = int(rnd() < 0.1 ? 0 : 1, 7);
    const kids: { name: string; weight: number }[] = [];
    for (let i = 0; i < n; i++) {
      const id = deviceCount++;
      const cls = options.classes === true ? ` class ${pick(classNames)}` : "";
      devices.push(`device ${id} osd.${id}${cls}`);
      kids.push({ name: `osd.${id}`, weight: -1 });
    }
    level.push(makeBucket(`host${h}`, "host", kids));
  }
  for (let l = 2; l < usedTypes.length - 1; l++) {
    const groups = int(1, Math.max(1, Math.ceil(level.length / 2)));
    const next: { name: string; weight: number }[] = [];
    for (let g = 0; g < groups; g++) {
      const kids = level.filter((_, i) => i % groups === g);
      next.push(makeBucket(`${usedTypes[l]}${g}`, usedTypes[l]!, kids.map((k) => ({ name: k.name, weight: rnd() < 0.8 ? k.weight : -1 }))));
    }
    level = next;
  }
  makeBucket("default", "root", level.map((k) => ({ name: k.name, weight: k.weight })));

  lines.push("", "# devices", ...devices, "", "# types");
  usedTypes.forEach((t, i) => lines.push(`type ${i} ${t}`));
  lines.push("", "# buckets", ...bucketTexts, "", "# rules");

  const ruleIds: number[] = [];
  const ruleCount = int(1, 4);
  for (let r = 0; r < ruleCount; r++) {
    const indep = rnd() < 0.4;
    const mode = indep ? "indep" : "firstn";
    const domain = pick(usedTypes.slice(0, usedTypes.length - 1));
    const steps: string[] = [];
    if (indep && rnd() < 0.5) steps.push(`step set_chooseleaf_tries ${int(1, 5)}`);
    if (rnd() < 0.3) steps.push(`step set_choose_tries ${int(1, 100)}`);
    if (!indep && rnd() < 0.2) steps.push(`step set_chooseleaf_vary_r ${int(0, 2)}`);
    if (!indep && rnd() < 0.2) steps.push(`step set_chooseleaf_stable ${int(0, 1)}`);
    if (!indep && rnd() < 0.15) steps.push(`step set_choose_local_tries ${int(0, 3)}`);
    if (!indep && rnd() < 0.15) steps.push(`step set_choose_local_fallback_tries ${int(0, 5)}`);
    const cls = options.classes === true && rnd() < 0.6 ? ` class ${pick(classNames)}` : "";
    steps.push(`step take default${cls}`);
    const num = pick([0, 0, 1, 2, 3, -1]);
    if (rnd() < 0.25 && usedTypes.length > 3) {
      // two-level: choose some buckets, then leaves under each
      steps.push(`step choose ${mode} ${pick([1, 2, 3])} type ${usedTypes[usedTypes.length - 2]}`);
      steps.push(`step chooseleaf ${mode} ${pick([0, 1, 2, -1])} type host`);
    } else if (domain === "osd") {
      // rules end at devices: crushtool --test counts results per device and corrupts its
      // heap on rules that emit buckets
      steps.push(`step choose ${mode} ${num} type ${domain}`);
    } else {
      steps.push(`step chooseleaf ${mode} ${num} type ${domain}`);
    }
    steps.push("step emit");
    if (rnd() < 0.15) steps.push("step take default", `step chooseleaf ${mode} 1 type host`, "step emit");
    ruleIds.push(r);
    lines.push(
      `rule rule${r} {`,
      `\tid ${r}`,
      `\ttype ${indep ? "erasure" : "replicated"}`,
      `\tmin_size 1`,
      `\tmax_size 10`,
      ...steps.map((s) => `\t${s}`),
      "}",
    );
  }
  lines.push("", "# end crush map", "");
  return { text: lines.join("\n"), ruleIds, deviceCount, numReps: [1, int(2, 4), int(5, 8)] };
}
