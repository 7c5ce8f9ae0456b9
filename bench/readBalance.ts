/**
 * The read balancer against Ceph 20's own (osdmaptool --read --read-pool, the code the mgr's
 * balancer runs in read mode) on the same clusters: the most primaries on one OSD and Ceph's
 * read_balance_score after each, the number of changes, and time. crushmap runs twice: held to
 * Ceph's number of changes, and unbounded. Needs Ceph 20.2's osdmaptool and crushtool in a
 * chroot (CEPH-NOTES: debootstrap sid, ceph-base):
 *
 *   npx tsx bench/readBalance.ts [--root /work/chroots/ceph20]   (READ_LARGE=1 adds 1,000 and 2,000 OSDs)
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  balanceReads,
  clusterStateFromOsdmapJson,
  clusterStateInput,
  createClusterState,
  CrushMapBuilder,
  printCrushText,
  readBalanceScore,
  type ClusterState,
  type CrushMap,
} from "../src/index.js";
import { primaryCounts } from "../src/balance/readBalanceScore.js";
import { formatG } from "../src/analysis/formatFloat.js";

const rootArg = process.argv.indexOf("--root");
const root = rootArg >= 0 ? process.argv[rootArg + 1]! : "/work/chroots/ceph20";
if (!existsSync(join(root, "usr/bin/osdmaptool"))) {
  console.log(`no osdmaptool under ${root} (a Ceph 20 chroot, see CEPH-NOTES); nothing to compare`);
  process.exit(0);
}
const version = execFileSync("chroot", [root, "osdmaptool", "--version"]).toString().trim();

interface Spec {
  readonly name: string;
  readonly hosts: number;
  readonly osdsPerHost: number;
  readonly pgBits: number;
  readonly seed: number;
  /** Disk sizes drawn from 4, 8 and 12 TB instead of one size. */
  readonly mixed?: boolean;
  /** Disks per host drawn from 1..osdsPerHost. */
  readonly uneven?: boolean;
}

const specs: Spec[] = [
  { name: "A: 30 OSDs, 10 hosts × 3, one size", hosts: 10, osdsPerHost: 3, pgBits: 5, seed: 1 },
  { name: "B: 64 OSDs, 16 hosts × 4, one size", hosts: 16, osdsPerHost: 4, pgBits: 4, seed: 2 },
  { name: "C: 120 OSDs, 20 hosts × 6, one size", hosts: 20, osdsPerHost: 6, pgBits: 5, seed: 3 },
  { name: "D: 120 OSDs, 20 hosts × 6, 4/8/12 TB", hosts: 20, osdsPerHost: 6, pgBits: 5, seed: 4, mixed: true },
  { name: "E: uneven hosts (1–10 disks) × 24, 4/8/12 TB", hosts: 24, osdsPerHost: 10, pgBits: 5, seed: 5, mixed: true, uneven: true },
  { name: "F: 500 OSDs, 50 hosts × 10, one size", hosts: 50, osdsPerHost: 10, pgBits: 4, seed: 6 },
  ...(process.env.READ_LARGE === "1"
    ? [
        { name: "G: 1,000 OSDs, 100 hosts × 10, 4/8/12 TB", hosts: 100, osdsPerHost: 10, pgBits: 4, seed: 8, mixed: true },
        { name: "H: 2,000 OSDs, 100 hosts × 20, one size", hosts: 100, osdsPerHost: 20, pgBits: 4, seed: 7 },
      ]
    : []),
];

const hostTmp = mkdtempSync(join(root, "tmp", "crushmap-readbench-"));
const tmp = hostTmp.slice(root.length);
console.log(`${version}: osdmaptool MAP --mark-up-in --read FILE --read-pool rbd\n`);
console.log(
  "| cluster | groups | most primaries before | score before | Ceph: changes | Ceph: most primaries | Ceph: score | Ceph: time | " +
    "crushmap at Ceph's changes: changes | most primaries | score | crushmap unbounded: changes | most primaries | score | time |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
try {
  for (const spec of specs) row(spec);
} finally {
  rmSync(hostTmp, { recursive: true, force: true });
}

function row(spec: Spec): void {
  const { state, map } = buildCluster(spec);
  const before = maxPrimaries(state);
  const t0 = performance.now();
  let stdout: string;
  try {
    stdout = ceph(["osdmaptool", `${tmp}/${spec.seed}.osdmap`, "--mark-up-in", "--read", `${tmp}/read.out`, "--read-pool", "rbd"]);
  } catch (e) {
    // Ceph 20.2.4 asserts that its float sum of desired primaries is within 0.01 of pg_num,
    // which large pools miss: osdmaptool aborts
    const assert = /FAILED (ceph_assert\(.*)$/m.exec(String((e as { stderr?: Buffer }).stderr ?? ""))?.[1] ?? "fails";
    const t1 = performance.now();
    const free = balanceReads(state, "rbd");
    const ourSeconds = (performance.now() - t1) / 1000;
    const score = formatG(readBalanceScore(state, "rbd").stable);
    console.log(`| ${spec.name} | ${state.pools[0]!.pgNum} | ${before} | ${score} | aborts: ${assert.replace(/\|/g, "\\|")} | | | | | | | ${free.changes.length} | ${free.maxPrimariesAfter} | ${formatG(free.scoreAfter.stable)} | ${ourSeconds.toFixed(2)} s |`);
    return;
  }
  const cephSeconds = (performance.now() - t0) / 1000;
  const commands = existsSync(`${hostTmp}/read.out`) ? readFileSync(`${hostTmp}/read.out`, "utf8") : "";
  rmSync(`${hostTmp}/read.out`, { force: true });
  const cephState = applyCommands(state, commands);
  const cephChanges = commands.split("\n").filter(Boolean).length;
  checkBefore(stdout, state, map);

  const capped = balanceReads(state, "rbd", { maxChanges: cephChanges });
  const t1 = performance.now();
  const free = balanceReads(state, "rbd");
  const ourSeconds = (performance.now() - t1) / 1000;
  const score = (s: ClusterState): string => formatG(readBalanceScore(s, "rbd").stable);
  console.log(
    `| ${spec.name} | ${state.pools[0]!.pgNum} | ${before} | ${score(state)} | ${cephChanges} | ${maxPrimaries(cephState)} | ${score(cephState)} | ${cephSeconds.toFixed(2)} s | ` +
      `${capped.changes.length} | ${capped.maxPrimariesAfter} | ${score(capped.state)} | ${free.changes.length} | ${free.maxPrimariesAfter} | ${score(free.state)} | ${ourSeconds.toFixed(2)} s |`,
  );
}

function ceph(args: string[]): string {
  // crash reports go to the scratch folder, not the chroot's /var/lib/ceph/crash
  const env = { ...process.env, CEPH_ARGS: `--crash_dir=${tmp}` };
  return execFileSync("chroot", [root, ...args], { stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 << 20, env }).toString();
}

/** A cluster built by crushmap, compiled and mapped by Ceph 20's tools, and crushmap's state of it. */
function buildCluster(spec: Spec): { state: ClusterState; map: CrushMap } {
  let rnd = spec.seed * 7919;
  const next = (): number => {
    rnd = (Math.imul(rnd, 1103515245) + 12345) >>> 0;
    return rnd / 2 ** 32;
  };
  const b = new CrushMapBuilder().addBucket("default", "root");
  let osd = 0;
  for (let h = 0; h < spec.hosts; h++) {
    b.addBucket(`host${h}`, "host", { under: "default" });
    const disks = spec.uneven === true ? 1 + Math.floor(next() * spec.osdsPerHost) : spec.osdsPerHost;
    for (let d = 0; d < disks; d++) b.addDevice({ id: osd++, under: `host${h}`, weight: spec.mixed === true ? [3.63869, 7.27739, 10.91409][Math.floor(next() * 3)]! : 3.63869 });
  }
  b.createReplicatedRule("replicated_rule", "default", "host");
  const map = b.build();
  mkdirSync(hostTmp, { recursive: true });
  writeFileSync(`${hostTmp}/${spec.seed}.txt`, printCrushText(map));
  const m = `${tmp}/${spec.seed}.osdmap`;
  ceph(["crushtool", "-c", `${tmp}/${spec.seed}.txt`, "-o", `${tmp}/${spec.seed}.crush`]);
  ceph(["osdmaptool", "--createsimple", String(osd), "--with-default-pool", "--pg_bits", String(spec.pgBits), "--pgp_bits", String(spec.pgBits), "--clobber", m]);
  ceph(["osdmaptool", m, "--import-crush", `${tmp}/${spec.seed}.crush`]);
  const dump = ceph(["osdmaptool", m, "--mark-up-in", "--dump", "json"]);
  return { state: clusterStateFromOsdmapJson(dump.slice(dump.indexOf("{")), map), map };
}

/** osdmaptool's BEFORE listing must be crushmap's primaries: the two place alike. */
function checkBefore(stdout: string, state: ClusterState, _map: CrushMap): void {
  const block = stdout.split("---------- BEFORE ------------ \n")[1]?.split(" \n")[0];
  if (block === undefined) return;
  const prims = primaryCounts(state, state.pools[0]!.id).primaries;
  for (const line of block.split("\n").filter(Boolean)) {
    const m = /^ osd\.(\d+) \| primary affinity: \S+ \| number of prims: (\d+)$/.exec(line);
    if (m === null || prims[Number(m[1])] !== Number(m[2])) throw new Error(`osdmaptool and crushmap disagree on primaries: ${line}`);
  }
}

function applyCommands(state: ClusterState, commands: string): ClusterState {
  const entries = new Map(state.pgUpmapPrimaries);
  for (const l of commands.split("\n").filter(Boolean)) {
    const [, , , pgid, osd] = l.split(" ");
    entries.set(pgid!, Number(osd));
  }
  return createClusterState({ ...clusterStateInput(state), pgUpmapPrimaries: [...entries].map(([pgid, osd]) => ({ pgid, osd })) });
}

function maxPrimaries(state: ClusterState): number {
  let m = 0;
  for (const n of primaryCounts(state, state.pools[0]!.id).primaries) m = Math.max(m, n);
  return m;
}
