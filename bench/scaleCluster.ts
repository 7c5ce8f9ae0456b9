/**
 * Large clusters made by Ceph's own tools, as the scale run of issue 17 made them:
 * `crushtool --build --num_osds N host straw2 12 rack straw2 20 root straw2 0` (hosts of 12,
 * racks of 20 hosts, one root, rule 0 = chooseleaf firstn over host) and
 * `osdmaptool --createsimple N --with-default-pool --pg-bits B` (pool 1 "rbd", 3 replicas,
 * N << B groups), with crushtool's map imported and every OSD marked up and in.
 * With pgNum, the JSON dump's pool is given exactly that many groups (osdmaptool's own runs then
 * take `--pg_num pgNum`). Files are cached under $TMPDIR/crushmap-scale/ (building 60,000 OSDs takes a while).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { clusterStateFromOsdmapJson, decodeCrushMap, type ClusterState } from "../src/index.js";

export interface ScaleFiles {
  readonly crush: string;
  readonly osdmap: string;
  readonly json: string;
}

/** Builds (or reuses) the crush map, binary OSD map and its JSON dump for N OSDs and pg bits B. */
export function scaleFiles(osds: number, pgBits: number, pgNum?: number): ScaleFiles {
  const dir = join(tmpdir(), "crushmap-scale");
  mkdirSync(dir, { recursive: true });
  const tag = `${osds}-${pgBits}${pgNum === undefined ? "" : `-${pgNum}`}`;
  const crush = join(dir, `crush-${osds}.bin`);
  const osdmap = join(dir, `osdmap-${tag}.bin`);
  const json = join(dir, `osdmap-${tag}.json`);
  if (!existsSync(crush)) {
    execFileSync("crushtool", ["--build", "--num_osds", String(osds), "host", "straw2", "12", "rack", "straw2", "20", "root", "straw2", "0", "-o", crush], { stdio: "pipe" });
  }
  if (!existsSync(json)) {
    const bits = String(pgBits);
    execFileSync("osdmaptool", ["--createsimple", String(osds), "--with-default-pool", "--pg-bits", bits, "--pgp-bits", bits, "--clobber", osdmap], { stdio: "pipe" });
    execFileSync("osdmaptool", [osdmap, "--import-crush", crush], { stdio: "pipe" });
    const dump = execFileSync("osdmaptool", [osdmap, "--mark-up-in", "--dump", "json"], { stdio: ["ignore", "pipe", "ignore"], maxBuffer: 1 << 30 }).toString();
    const parsed = JSON.parse(dump.slice(dump.indexOf("{"))) as { pools: { pg_num: number; pg_placement_num: number; }[] };
    // a pool of exactly pgNum groups (osdmaptool --createsimple only makes N << B)
    if (pgNum !== undefined) for (const p of parsed.pools) Object.assign(p, { pg_num: pgNum, pg_placement_num: pgNum, pg_placement_num_target: pgNum, pg_num_target: pgNum, pg_num_pending: pgNum });
    writeFileSync(json, JSON.stringify(parsed));
  }
  return { crush, osdmap, json };
}

export function scaleState(files: ScaleFiles): ClusterState {
  return clusterStateFromOsdmapJson(readFileSync(files.json, "utf8"), decodeCrushMap(readFileSync(files.crush)));
}
