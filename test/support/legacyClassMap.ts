/**
 * Random "legacy" maps of the kind crushtool --reclassify exists for: a `default` tree of hosts
 * (maybe racks), a parallel tree of `HOST-ssd` (or `ssd-HOST`) buckets under a root `ssd`, rules
 * that take either root, devices with or without classes. Deterministic per seed; text a person
 * could have written, so crushtool and crushmap compile the same input.
 */
import { prng } from "./randomMap.js";

export interface LegacyMap {
  readonly text: string;
  /** The affix of the ssd buckets: `%-ssd` or `ssd-%`. */
  readonly ssdMatch: string;
  readonly hasRacks: boolean;
}

export interface LegacyMapOptions {
  /** Only straw2 buckets (mappings then never depend on stored straws). */
  readonly straw2Only?: boolean;
  /** No devices of weight 0, no uniform buckets and weights in sixteenths, so bucket weights are exact sums. */
  readonly tidy?: boolean;
}

export function legacyMap(seed: number, options: LegacyMapOptions = {}): LegacyMap {
  const rnd = prng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  // uniform buckets make Ceph's class rebuild fail as soon as a device has a class: a few maps only
  const withUniform = options.tidy !== true && options.straw2Only !== true && rnd() < 0.2;
  const algs = options.straw2Only === true ? ["straw2"] : withUniform ? ["straw2", "straw", "list", "uniform"] : ["straw2", "straw2", "straw", "list"];
  const suffix = rnd() < 0.7;
  const ssdName = (base: string): string => (suffix ? `${base}-ssd` : `ssd-${base}`);
  const hasRacks = rnd() < 0.35;
  const heavy = rnd() < 0.25; // weights above 256 lose bits in Ceph's float round trip
  const devices: string[] = [];
  const buckets: string[] = [];
  let nextId = -1;
  let nextDevice = 0;
  const weight = (): number => {
    // tidy weights are sixteenths: the text then states every bucket's weight as the exact sum
    if (options.tidy === true) return heavy ? int(320, 1500) / 16 : int(1, 64) / 16;
    if (rnd() < 0.05) return 0;
    return heavy ? Math.round(rnd() * 75 * 65536) / 65536 + 20 : pick([1, 1, 2, 0.5, Math.round(rnd() * 4 * 1000) / 1000 + 0.01]);
  };
  const bucket = (type: string, name: string, items: { name: string; weight: number }[]): { name: string; weight: number } => {
    // crushtool cannot build an empty uniform bucket, nor one of weight 0
    const w0 = items[0]?.weight ?? 1;
    const chosen = pick(algs);
    const alg = chosen === "uniform" && (items.length === 0 || w0 === 0) ? "straw2" : chosen;
    let total = 0;
    const lines = [`${type} ${name} {`, `\tid ${nextId--}`, `\talg ${alg}`, "\thash 0"];
    for (const it of items) {
      const w = alg === "uniform" ? w0 : it.weight;
      total += w;
      lines.push(`\titem ${it.name} weight ${w.toFixed(5)}`);
    }
    lines.push("}");
    buckets.push(lines.join("\n"));
    return { name, weight: total };
  };
  const deviceClass = (cls: string): string => {
    const r = rnd();
    return r < 0.5 ? "" : r < 0.9 ? ` class ${cls}` : ` class ${pick(["hdd", "ssd", "nvme"])}`;
  };
  const addDevices = (n: number, cls: string): { name: string; weight: number }[] => {
    const out: { name: string; weight: number }[] = [];
    for (let i = 0; i < n; i++) {
      const id = nextDevice++;
      devices.push(`device ${id} osd.${id}${deviceClass(cls)}`);
      out.push({ name: `osd.${id}`, weight: weight() });
    }
    return out;
  };

  const hostCount = int(1, 6);
  const hdd: { name: string; weight: number; host: number }[] = [];
  const ssd: { name: string; weight: number; host: number }[] = [];
  for (let h = 0; h < hostCount; h++) {
    const name = `node${h}`;
    if (h === 0 || rnd() < 0.85) hdd.push({ ...bucket("host", name, addDevices(int(1, 4), "hdd")), host: h });
    // some ssd hosts have no hdd twin: reclassify creates their base
    if (rnd() < 0.6) ssd.push({ ...bucket("host", ssdName(name), addDevices(int(1, 3), "ssd")), host: h });
  }
  // host h sits in rack h % racks in both trees (tidy), or wherever its list position puts it
  const racks = int(1, 2);
  const group = (list: { name: string; weight: number; host: number }[], rackName: (r: number) => string): { name: string; weight: number }[] => {
    if (!hasRacks || list.length === 0) return list;
    const out: { name: string; weight: number }[] = [];
    for (let r = 0; r < racks; r++) {
      const members = list.filter((e, i) => (options.tidy === true ? e.host : i) % racks === r);
      if (members.length > 0) out.push(bucket("rack", rackName(r), members));
    }
    return out;
  };
  const def = bucket("root", "default", group(hdd, (r) => `rack${r}`));
  const ssdRoot = ssd.length > 0 ? bucket("root", "ssd", group(ssd, (r) => ssdName(`rack${r}`))) : undefined;
  if (ssdRoot !== undefined && rnd() < 0.15) bucket("root", "both", [def, ssdRoot]);

  const domain = hasRacks && rnd() < 0.3 ? "rack" : "host";
  const rules = [ruleText(0, "replicated_rule", "default", pick(["firstn", "indep"]), domain)];
  if (ssdRoot !== undefined) rules.push(ruleText(1, "ssd_rule", "ssd", "firstn", "host"));
  const types = ["type 0 osd", "type 1 host", ...(hasRacks ? ["type 3 rack"] : []), "type 10 root"];
  const tunables = ["tunable choose_local_tries 0", "tunable choose_local_fallback_tries 0", "tunable choose_total_tries 50", "tunable chooseleaf_descend_once 1", "tunable chooseleaf_vary_r 1", "tunable chooseleaf_stable 1", "tunable straw_calc_version 1", "tunable allowed_bucket_algs 54"];
  const text = ["# begin crush map", ...tunables, "", ...devices, "", ...types, "", ...buckets, "", ...rules, "# end crush map", ""].join("\n");
  return { text, ssdMatch: suffix ? "%-ssd" : "ssd-%", hasRacks };
}

function ruleText(id: number, name: string, root: string, mode: string, domain: string): string {
  return [`rule ${name} {`, `\tid ${id}`, "\ttype replicated", "\tmin_size 1", "\tmax_size 10", `\tstep take ${root}`, `\tstep chooseleaf ${mode} 0 type ${domain}`, "\tstep emit", "}"].join("\n");
}
