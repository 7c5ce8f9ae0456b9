/**
 * Placement spread, side by side: the standard clusters through every reference algorithm of
 * compareAlgorithms (src/spread/compare.ts), written to bench/SPREAD.md.
 *
 * For each cluster: INPUTS inputs (x = 0 … INPUTS−1), 3 replicas each. Columns:
 *   stddev/ideal   population stddev of observed − expected replicas per device, over what
 *                  independent weighted placement gives (≈ 1 is as good as random; much more
 *                  means the weights are not respected)
 *   max / min      highest and lowest observed ÷ expected over the devices
 *   moved/min      replicas copied for the change ÷ the least any placement must copy
 *                  (Σ over devices of the share they gain); "add" and "remove" are two changes
 *   shared         inputs with two replicas in one failure domain (clusters with hosts)
 *   inputs/s       inputs placed (3 devices each) per second, set-up excluded, this machine
 *
 *   npm run bench:spread          (npx tsx bench/spread.ts)
 */
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compareAlgorithms, type CompareCluster, type CompareRow } from "../src/spread/compare.js";

const INPUTS = 20_000;
const NUM_REP = 3;

interface Scenario {
  readonly name: string;
  readonly what: string;
  readonly cluster: CompareCluster;
  readonly add: CompareCluster;
  readonly addWhat: string;
  readonly remove: CompareCluster;
  readonly removeWhat: string;
}

/** hosts × disks, weight(host, disk) each; host index = failure domain. */
function hosts(count: number, disks: number, weight: (h: number, d: number) => number): { weights: number[]; domains: number[] } {
  const weights: number[] = [];
  const domains: number[] = [];
  for (let h = 0; h < count; h++) {
    for (let d = 0; d < disks; d++) {
      weights.push(weight(h, d));
      domains.push(h);
    }
  }
  return { weights, domains };
}

function withHost(c: { weights: number[]; domains: number[] }, disks: number, weight: number): CompareCluster {
  const host = Math.max(...c.domains) + 1;
  return { weights: [...c.weights, ...new Array<number>(disks).fill(weight)], domains: [...c.domains, ...new Array<number>(disks).fill(host)] };
}

function without(c: { weights: number[]; domains?: number[] }, device: number): CompareCluster {
  const weights = c.weights.map((w, d) => (d === device ? 0 : w));
  return c.domains === undefined ? { weights } : { weights, domains: c.domains };
}

const SIZES = [4, 8, 12, 16];

function scenarios(): Scenario[] {
  const flat = { weights: new Array<number>(100).fill(1) };
  // 4 racks × 8 hosts × 10 disks: hosts of mostly one disk size, sizes mixed across hosts and within
  const racks = hosts(32, 10, (h, d) => SIZES[(h + (d % 3 === 0 ? 1 : 0)) % 4]!);
  const heavy = hosts(12, 8, (h) => (h === 0 ? 4 : 1));
  const reweighted = hosts(20, 10, (h, d) => ((h * 10 + d) % 20 === 7 ? 0.5 : 1));
  return [
    { name: "flat", what: "100 disks of weight 1, no failure domains", cluster: flat, add: { weights: [...flat.weights, 1] }, addWhat: "one disk", remove: without(flat, 50), removeWhat: "disk 50" },
    {
      name: "racks × hosts × disks",
      what: "4 racks × 8 hosts × 10 disks of 4/8/12/16 (320 devices); failure domain host (the rack level is not used)",
      cluster: racks,
      add: withHost(racks, 10, 8),
      addWhat: "a host of 10 × 8",
      remove: without(racks, 155),
      removeWhat: "disk 155",
    },
    { name: "one heavy host", what: "12 hosts × 8 disks of weight 1, host 0's disks weigh 4 (27% of the weight)", cluster: heavy, add: withHost(heavy, 8, 1), addWhat: "a host of 8 × 1", remove: without(heavy, 50), removeWhat: "disk 50" },
    { name: "5% reweighted", what: "20 hosts × 10 disks of weight 1, every 20th disk reweighted to 0.5", cluster: reweighted, add: withHost(reweighted, 10, 1), addWhat: "a host of 10 × 1", remove: without(reweighted, 100), removeWhat: "disk 100" },
  ];
}

interface Line {
  readonly row: CompareRow;
  readonly addRatio: number;
  readonly removeRatio: number;
}

function run(s: Scenario): Line[] {
  const base = { numRep: NUM_REP, minX: 0, maxX: INPUTS - 1 };
  const added = compareAlgorithms(s.cluster, { ...base, after: s.add, timing: true });
  const removed = compareAlgorithms(s.cluster, { ...base, after: s.remove });
  return added.map((row, i) => ({ row, addRatio: row.moved! / row.minimum!, removeRatio: removed[i]!.moved! / removed[i]!.minimum! }));
}

function fmt(v: number, digits = 2): string {
  return v.toFixed(digits);
}

function table(lines: readonly Line[], s: Scenario): string {
  const domains = s.cluster.domains !== undefined;
  const head = `| algorithm | stddev/ideal | max / min | moved/min (add ${s.addWhat}) | moved/min (remove ${s.removeWhat}) |${domains ? " shared |" : ""} inputs/s | lacks |`;
  const rule = `|---|---:|---:|---:|---:|${domains ? "---:|" : ""}---:|---|`;
  const rows = lines.map(({ row, addRatio, removeRatio }) => {
    const shared = domains ? ` ${fmt((100 * row.sharedDomainInputs!) / INPUTS, 1)}% |` : "";
    const speed = Math.round(row.placementsPerSecond!).toLocaleString("en-US");
    const lacks = row.lacks.length === 0 ? "—" : row.lacks.join("; ");
    return `| ${row.algorithm} | ${fmt(row.stddev / row.idealStddev)} | ${fmt(row.maxRatio, 3)} / ${fmt(row.minRatio, 3)} | ${fmt(addRatio)} | ${fmt(removeRatio)} |${shared} ${speed} | ${lacks} |`;
  });
  return [head, rule, ...rows].join("\n");
}

/** The README's table: the racks cluster, lacks cut to their headwords. */
function summary(lines: readonly Line[]): string {
  const head = "| algorithm | stddev/ideal | max / min | moved/min, add a host | moved/min, remove a disk | shared host | inputs/s | lacks |";
  const rule = "|---|---:|---:|---:|---:|---:|---:|---|";
  const rows = lines.map(({ row, addRatio, removeRatio }) => {
    const lacks = row.lacks.length === 0 ? "—" : row.lacks.map((l) => l.replace(/ \(.*$/, "")).join(", ");
    const speed = Math.round(row.placementsPerSecond!).toLocaleString("en-US");
    return `| ${row.algorithm} | ${fmt(row.stddev / row.idealStddev)} | ${fmt(row.maxRatio)} / ${fmt(row.minRatio)} | ${fmt(addRatio)} | ${fmt(removeRatio)} | ${fmt((100 * row.sharedDomainInputs!) / INPUTS, 1)}% | ${speed} | ${lacks} |`;
  });
  return [head, rule, ...rows].join("\n");
}

function main(): void {
  const started = performance.now();
  const load = loadavg()[0]!.toFixed(1);
  const sections: string[] = [];
  let readme = "";
  for (const s of scenarios()) {
    const t = performance.now();
    const lines = run(s);
    if (s.name === "racks × hosts × disks") readme = summary(lines);
    const text = `## ${s.name}\n\n${s.what}.\n\n${table(lines, s)}\n`;
    process.stdout.write(`${text}\n(${fmt((performance.now() - t) / 1000, 1)} s)\n\n`);
    sections.push(text);
  }
  const doc = `# Placement spread, side by side

Written by \`npm run bench:spread\` (bench/spread.ts) on Node ${process.version}; only the
inputs/s column depends on the machine (2 cores shared with other work, load average ${load} at
the start: read the speeds as relative). ${INPUTS.toLocaleString("en-US")} inputs, ${NUM_REP} replicas each.

- **stddev/ideal**: population standard deviation of observed − expected replicas per device,
  divided by what independent weighted placement would give (√(mean of placed·p·(1−p))). About 1
  is as good as chance; a little below 1 is normal for 3 distinct replicas; far above 1 means the
  algorithm does not follow the weights.
- **max / min**: the most and least full device, observed ÷ expected.
- **moved/min**: replicas that landed on a device not holding that input before, divided by the
  least any placement must copy for the change (Σ over devices of the replicas their share
  gains). 1.00 is optimal; the "remove" change takes one disk out of the middle of the order.
- **shared**: inputs with two replicas in one failure domain (host).
- **lacks**: the guarantees the algorithm does not give.

The Ceph rows are crushmap's Mapper on a flat map of one bucket of that algorithm (equal to
crushtool --test, test/spread/spread.reference.ceph.test.ts), plus straw2 over one bucket per host with
\`chooseleaf firstn 0 type host\`, the way a replicated pool places. Weighted rendezvous, the
ring (100 points per mean weight), jump hash and weighted Maglev are our own implementations in
src/spread/reference/, each tested for its known properties (test/spread/spread.reference.*.test.ts).

A "minimum" is in expectation (the shares the weights give), so an algorithm whose removed
device happened to hold less than its share moves a little less than it (moved/min below 1).

## Summary (the README's table): racks × hosts × disks

${readme}

${sections.join("\n")}`;
  writeFileSync(join(dirname(fileURLToPath(import.meta.url)), "SPREAD.md"), doc);
  process.stdout.write(`wrote bench/SPREAD.md in ${fmt((performance.now() - started) / 1000, 1)} s\n`);
}

main();
