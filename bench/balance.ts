/**
 * The upmap balancer against Ceph's own (osdmaptool --upmap, which runs the code of the mgr's
 * balancer module) on the same clusters: worst deviation before and after, replica moves and
 * time. Needs osdmaptool and crushtool (apt-get install ceph-base).
 *
 *   npx tsx bench/balance.ts [deviation=1]          (BALANCE_LARGE=1 adds a 1,000-OSD cluster)
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  balanceUpmap,
  clusterStateFromOsdmapJson,
  clusterStateInput,
  createClusterState,
  CrushMapBuilder,
  decodeCrushMap,
  mapPool,
  printCrushText,
  replicaMoves,
  type ClusterState,
} from "../src/index.js";
import { deviation, maxDeviation } from "../src/balance/deviation.js";
import { hierarchy } from "../src/map/hierarchyIndex.js";
import { findPoolRule } from "../src/placement/state.js";

const maxDev = Number(process.argv[2] ?? 1);
if (spawnSync("osdmaptool", ["--help"]).error !== undefined) {
  console.log("osdmaptool is not installed (apt-get install ceph-base); nothing to compare");
  process.exit(0);
}

interface Spec {
  readonly name: string;
  readonly racks: number;
  readonly hostsPerRack: number;
  readonly osdsPerHost: number;
  readonly pgBits: number;
  readonly seed: number;
  /** Disks per host drawn from 1..osdsPerHost instead of exactly osdsPerHost. */
  readonly uneven?: boolean;
  /** Failure domain of the rule; default host. */
  readonly domain?: "host" | "rack";
}

// four clusters in the range the balancer issue measured (82–180 devices, 8k–19k replica slots)
const specs: Spec[] = [
  { name: "A: 84 OSDs, 3 racks × 4 hosts × 7", racks: 3, hostsPerRack: 4, osdsPerHost: 7, pgBits: 5, seed: 1 },
  { name: "B: 120 OSDs, 4 racks × 5 hosts × 6", racks: 4, hostsPerRack: 5, osdsPerHost: 6, pgBits: 5, seed: 2 },
  { name: "C: 144 OSDs, 4 racks × 6 hosts × 6", racks: 4, hostsPerRack: 6, osdsPerHost: 6, pgBits: 5, seed: 3 },
  { name: "D: 180 OSDs, 5 racks × 6 hosts × 6", racks: 5, hostsPerRack: 6, osdsPerHost: 6, pgBits: 5, seed: 4 },
  // harder: hosts of 1–12 disks, so some hosts weigh more than a replica's share
  { name: "E: uneven hosts (1–12 disks), 3 racks × 3 hosts", racks: 3, hostsPerRack: 3, osdsPerHost: 12, pgBits: 6, seed: 5, uneven: true },
  { name: "F: uneven hosts (1–10 disks), 4 racks × 4 hosts", racks: 4, hostsPerRack: 4, osdsPerHost: 10, pgBits: 6, seed: 6, uneven: true },
  // rack failure domain over racks of different sizes
  { name: "G: rack domain, 4 uneven racks", racks: 4, hostsPerRack: 4, osdsPerHost: 8, pgBits: 6, seed: 7, uneven: true, domain: "rack" },
  // larger: 1,000 OSDs, 32,000 groups
  ...(process.env.BALANCE_LARGE === "1" ? [{ name: "H: 1,000 OSDs, 10 racks × 10 hosts × 10", racks: 10, hostsPerRack: 10, osdsPerHost: 10, pgBits: 5, seed: 8 }] : []),
];

const dir = mkdtempSync(join(tmpdir(), "crushmap-balance-"));
console.log(`max deviation ${maxDev}; osdmaptool --upmap --upmap-deviation ${maxDev} --upmap-max 100000\n`);
console.log("| cluster | replica slots | worst before | Ceph: worst after | Ceph: moves | Ceph: time | crushmap: worst after | crushmap: moves | crushmap: time | lower bound on moves |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const spec of specs) {
  const { osdmapBin, state } = buildCluster(spec);
  const slots = state.pools[0]!.pgNum * state.pools[0]!.size;
  const before = worst(state);

  const upmapOut = join(dir, "upmap.txt");
  const t0 = performance.now();
  execFileSync("osdmaptool", [osdmapBin, "--mark-up-in", "--upmap", upmapOut, "--upmap-deviation", String(maxDev), "--upmap-max", "100000", "--upmap-pool", "rbd"], { stdio: "pipe" });
  const cephSeconds = (performance.now() - t0) / 1000;
  const cephState = withItems(state, readFileSync(upmapOut, "utf8"));
  const cephMoves = movesBetween(state, cephState);

  const t1 = performance.now();
  const ours = balanceUpmap(state, "rbd", { maxDeviation: maxDev });
  const ourSeconds = (performance.now() - t1) / 1000;
  console.log(
    `| ${spec.name} | ${slots} | ${before.toFixed(2)} | ${worst(cephState).toFixed(2)} | ${cephMoves} | ${cephSeconds.toFixed(2)} s | ` +
      `${ours.maxDeviationAfter.toFixed(2)} | ${ours.moves} | ${ourSeconds.toFixed(2)} s | ${lowerBound(state, maxDev)} |`,
  );
}

/** A cluster with mixed disk sizes, its osdmap made by osdmaptool, and crushmap's state of it. */
function buildCluster(spec: Spec): { osdmapBin: string; state: ClusterState } {
  let rnd = spec.seed * 7919;
  const next = (): number => {
    rnd = (Math.imul(rnd, 1103515245) + 12345) >>> 0;
    return rnd / 2 ** 32;
  };
  const b = new CrushMapBuilder().addBucket("default", "root");
  let osd = 0;
  for (let r = 0; r < spec.racks; r++) {
    b.addBucket(`rack${r}`, "rack", { under: "default" });
    for (let h = 0; h < spec.hostsPerRack; h++) {
      b.addBucket(`host${r}-${h}`, "host", { under: `rack${r}` });
      const disks = spec.uneven === true ? 1 + Math.floor(next() * spec.osdsPerHost) : spec.osdsPerHost;
      for (let d = 0; d < disks; d++) b.addDevice({ id: osd++, under: `host${r}-${h}`, weight: [3.63869, 7.27739, 10.91409][Math.floor(next() * 3)]! });
    }
  }
  b.createReplicatedRule("replicated_rule", "default", spec.domain ?? "host");
  const crush = b.build();
  const text = join(dir, `${spec.seed}.txt`);
  const cbin = join(dir, `${spec.seed}.crush`);
  const obin = join(dir, `${spec.seed}.osdmap`);
  writeFileSync(text, printCrushText(crush));
  execFileSync("crushtool", ["-c", text, "-o", cbin]);
  execFileSync("osdmaptool", ["--createsimple", String(osd), "--with-default-pool", "--pg_bits", String(spec.pgBits), "--pgp_bits", String(spec.pgBits), "--clobber", obin], { stdio: "pipe" });
  execFileSync("osdmaptool", [obin, "--import-crush", cbin], { stdio: "pipe" });
  const dump = execFileSync("osdmaptool", [obin, "--mark-up-in", "--dump", "json"], { stdio: ["ignore", "pipe", "ignore"] }).toString();
  const json = dump.slice(dump.indexOf("{"));
  const state = clusterStateFromOsdmapJson(json, decodeCrushMap(readFileSync(cbin)));
  return { osdmapBin: obin, state };
}

function withItems(state: ClusterState, commands: string): ClusterState {
  const items = commands
    .split("\n")
    .filter((l) => l.startsWith("ceph osd pg-upmap-items "))
    .map((l) => {
      const [pgid, ...rest] = l.slice("ceph osd pg-upmap-items ".length).trim().split(/\s+/);
      const mappings = [];
      for (let i = 0; i + 1 < rest.length; i += 2) mappings.push({ from: Number(rest[i]), to: Number(rest[i + 1]) });
      return { pgid: pgid!, mappings };
    });
  return createClusterState({ ...clusterStateInput(state), pgUpmapItems: items });
}

function worst(state: ClusterState): number {
  const pool = state.pools[0]!;
  const scope = hierarchy(state.crush).ruleScope(findPoolRule(state.crush, pool.crushRule, pool.type, pool.size)!);
  return maxDeviation(deviation(state, scope, mapPool(state, pool.id)));
}

function movesBetween(a: ClusterState, b: ClusterState): number {
  return replicaMoves(mapPool(a, a.pools[0]!.id), mapPool(b, b.pools[0]!.id));
}

/** Each move takes one replica off one device: the overfull excess (beyond the deviation) must all move. */
function lowerBound(state: ClusterState, limit: number): number {
  const pool = state.pools[0]!;
  const scope = hierarchy(state.crush).ruleScope(findPoolRule(state.crush, pool.crushRule, pool.type, pool.size)!);
  const d = deviation(state, scope, mapPool(state, pool.id));
  let over = 0;
  let under = 0;
  for (const o of d.devices) {
    over += Math.max(0, Math.ceil(d.count[o]! - d.target[o]! - limit));
    under += Math.max(0, Math.ceil(d.target[o]! - limit - d.count[o]!));
  }
  return Math.max(over, under);
}
