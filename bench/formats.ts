/**
 * Time of the formats on large maps: parse, load (parse + class ids + validation), print, encode
 * and decode of a map of N hosts with two devices each under one straw2 root, as
 * `crushtool --build --num_osds 2N host straw2 2 root straw2 0` lays it out.
 *
 *   node --import tsx bench/formats.ts [hosts...]     (default 20000 100000)
 */
import { decodeCrushMap } from "../src/map/binary/decode.js";
import { encodeCrushMap } from "../src/map/binary/encode.js";
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

function time<T>(f: () => T): [T, number] {
  const t = performance.now();
  const r = f();
  return [r, performance.now() - t];
}

const sizes = process.argv.slice(2).map(Number);
console.log("| hosts | text lines | parse | load | print | encode | decode |");
console.log("|---:|---:|---:|---:|---:|---:|---:|");
for (const hosts of sizes.length > 0 ? sizes : [20_000, 100_000]) {
  const text = mapText(hosts);
  const [, parse] = time(() => parseCrushText(text));
  const [map, load] = time(() => loadCrushMap(text));
  const [, print] = time(() => printCrushText(map));
  const [bin, encode] = time(() => encodeCrushMap(map));
  const [, decode] = time(() => decodeCrushMap(bin));
  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  console.log(`| ${hosts.toLocaleString("en")} | ${(text.split("\n").length - 1).toLocaleString("en")} | ${s(parse)} | ${s(load)} | ${s(print)} | ${s(encode)} | ${s(decode)} |`);
}
