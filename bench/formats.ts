/**
 * Time of the formats on large maps: parse, load (parse + class ids + validation), print, encode,
 * decode and mapFromJSON of a map of N hosts with two devices each under one straw2 root, as
 * `crushtool --build --num_osds 2N host straw2 2 root straw2 0` lays it out; with `chain`, of a
 * hierarchy N levels deep (one bucket per level, each holding the one below, no `id` lines, a
 * device of class hdd at the bottom). Times are CPU time of the process (user + system), which a
 * shared machine stretches less than wall time.
 *
 *   node --import tsx bench/formats.ts [hosts...]         (default 20000 100000)
 *   node --import tsx bench/formats.ts chain [levels...]  (default 10000 20000 40000)
 */
import { decodeCrushMap } from "../src/map/binary/decode.js";
import { encodeCrushMap } from "../src/map/binary/encode.js";
import { mapFromJSON, mapToJSON } from "../src/map/json.js";
import { loadCrushMap } from "../src/map/load.js";
import { parseCrushText } from "../src/map/text/parse.js";
import { printCrushText } from "../src/map/text/print.js";

function mapText(hosts: number): string {
  const out: string[] = [];
  for (let d = 0; d < 2 * hosts; d++) out.push(`device ${d} osd.${d}\n`);
  out.push("type 0 osd\ntype 1 host\ntype 2 root\n");
  for (let h = 0; h < hosts; h++) {
    out.push(`host host${h} {\n\tid -${h + 1}\n\talg straw2\n\thash 0\n`);
    out.push(`\titem osd.${2 * h} weight 0.010\n\titem osd.${2 * h + 1} weight 0.010\n}\n`);
  }
  out.push(`root default {\n\tid -${hosts + 1}\n\talg straw2\n\thash 0\n`);
  for (let h = 0; h < hosts; h++) out.push(`\titem host${h}\n`);
  out.push("}\nrule replicated_rule {\n\tid 0\n\ttype replicated\n\tstep take default\n\tstep chooseleaf firstn 0 type host\n\tstep emit\n}\n");
  return out.join("");
}

function chainText(levels: number): string {
  const out: string[] = ["device 0 osd.0 class hdd\ntype 0 osd\n"];
  for (let l = 1; l <= levels; l++) out.push(`type ${l} t${l}\n`);
  for (let l = 1; l <= levels; l++) out.push(`t${l} b${l} {\n\talg straw2\n\thash 0\n\titem ${l === 1 ? "osd.0" : `b${l - 1}`}\n}\n`);
  out.push(`rule r {\n\tid 0\n\ttype replicated\n\tstep take b${levels}\n\tstep chooseleaf firstn 0 type t1\n\tstep emit\n}\n`);
  return out.join("");
}

function time<T>(f: () => T): [T, number] {
  const t = process.cpuUsage();
  const r = f();
  const c = process.cpuUsage(t);
  return [r, (c.user + c.system) / 1000];
}

const chain = process.argv[2] === "chain";
const sizes = process.argv.slice(chain ? 3 : 2).map(Number);
console.log(`| ${chain ? "levels" : "hosts"} | text lines | parse | load | print | encode | decode | mapFromJSON |`);
console.log("|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const n of sizes.length > 0 ? sizes : chain ? [10_000, 20_000, 40_000] : [20_000, 100_000]) {
  const text = chain ? chainText(n) : mapText(n);
  const [, parse] = time(() => parseCrushText(text));
  const [map, load] = time(() => loadCrushMap(text));
  const [, print] = time(() => printCrushText(map));
  const [bin, encode] = time(() => encodeCrushMap(map));
  const [, decode] = time(() => decodeCrushMap(bin));
  const json: unknown = JSON.parse(JSON.stringify(mapToJSON(map)));
  const [, fromJson] = time(() => mapFromJSON(json));
  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  console.log(`| ${n.toLocaleString("en")} | ${(text.split("\n").length - 1).toLocaleString("en")} | ${s(parse)} | ${s(load)} | ${s(print)} | ${s(encode)} | ${s(decode)} | ${s(fromJson)} |`);
}
