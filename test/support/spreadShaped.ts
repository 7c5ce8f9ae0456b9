/**
 * A report of the shape `crushmap spread --json` prints (SPREAD-CONTRACT.md), made here from
 * crushmap's utilization and two mappings so the pictures can be tested before (and apart from)
 * the spread branch. The statistics are filled in plainly; the pictures only draw them.
 */
import { analyzeUtilization } from "../../src/analysis/utilization.js";
import type { CrushMap } from "../../src/map/types.js";
import { Mapper } from "../../src/mapper/mapper.js";
import type { SpreadReportJson } from "../../src/svg/spreadReportJson.js";
import { domainOfDevices } from "../../src/svg/domainOf.js";

/** The spread report of `rule` on `map` for inputs 0..inputs-1, with movement to `after` when given. */
export function spreadShaped(map: CrushMap, rule: number, numRep: number, inputs: number, after?: CrushMap): SpreadReportJson {
  const u = analyzeUtilization(map, { rule, numRep, inputs });
  const domainOf = domainOfDevices(map, u.domainType);
  const devices = u.devices.map((d) => ({ id: d.id, name: d.name, weight: d.weight, observed: d.actual, expected: d.expected, ratio: d.ratio, domain: domainOf.get(d.id) ?? null }));
  const weighted = devices.filter((d) => d.expected > 0);
  const diffs = weighted.map((d) => d.observed - d.expected);
  const mean = diffs.reduce((a, b) => a + b, 0) / weighted.length;
  const stddev = Math.sqrt(diffs.reduce((a, b) => a + (b - mean) ** 2, 0) / weighted.length);
  const idealStddev = Math.sqrt(weighted.reduce((a, d) => a + d.expected * (1 - d.expected / u.placed), 0) / weighted.length);
  const chiSquare = weighted.reduce((a, d) => a + (d.observed - d.expected) ** 2 / d.expected, 0);
  const extreme = (d: (typeof devices)[number] | undefined) => (d === undefined ? null : { id: d.id, name: d.name, ratio: d.ratio, observed: d.observed, expected: d.expected });
  const byRatio = [...weighted].sort((a, b) => b.ratio - a.ratio || a.id - b.id);
  return {
    rule,
    numRep,
    minX: 0,
    maxX: inputs - 1,
    placed: u.placed,
    devices,
    stddev,
    idealStddev,
    chiSquare,
    degreesOfFreedom: weighted.length - 1,
    pValue: 0.5,
    maxOverfull: extreme(byRatio[0]),
    maxUnderfull: extreme(byRatio[byRatio.length - 1]),
    domainType: u.domainType,
    domains: u.domains.map((d) => ({ id: d.id, name: d.name, weight: d.weight, observed: d.actual, expected: d.expected, ratio: d.ratio })),
    ...(after === undefined ? {} : { movement: movement(map, after, rule, numRep, inputs) }),
  };
}

function movement(before: CrushMap, after: CrushMap, rule: number, numRep: number, inputs: number): NonNullable<SpreadReportJson["movement"]> {
  const a = new Mapper(before);
  const b = new Mapper(after);
  const x1 = new Int32Array(numRep);
  const x2 = new Int32Array(numRep);
  const rows = new Map(before.devices.map((d) => [d.id, { id: d.id, name: d.name, before: 0, after: 0, gained: 0, lost: 0 }]));
  let moved = 0;
  let total = 0;
  for (let x = 0; x < inputs; x++) {
    const n1 = a.mapInto(rule, x, numRep, x1);
    const n2 = b.mapInto(rule, x, numRep, x2);
    const s1 = new Set(x1.subarray(0, n1));
    const s2 = new Set(x2.subarray(0, n2));
    total += n2;
    for (const d of s1) if (rows.has(d)) rows.get(d)!.before++;
    for (const d of s2) if (rows.has(d)) rows.get(d)!.after++;
    for (const d of s2) if (!s1.has(d) && rows.has(d)) (rows.get(d)!.gained++, moved++);
    for (const d of s1) if (!s2.has(d) && rows.has(d)) rows.get(d)!.lost++;
  }
  const devices = [...rows.values()];
  const minimum = devices.reduce((s, d) => s + Math.max(0, d.after - d.before), 0);
  return { moved, minimum, total, devices };
}
