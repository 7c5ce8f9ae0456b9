/**
 * The pictures as a test can read them: one bar per device, grouped under the bucket the map
 * puts it in, names escaped, the same bytes every time, and the numbers the bars carry equal to
 * the report's.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeUtilization } from "../../src/analysis/utilization.js";
import { failureImpact } from "../../src/failure/failureImpact.js";
import { failureRecovery } from "../../src/failure/failureRecovery.js";
import { parseCrushText } from "../../src/map/text/parse.js";
import { clusterStateFromOsdmapJson } from "../../src/placement/osdmapJson.js";
import { createClusterState } from "../../src/placement/state.js";
import { planRebalance } from "../../src/plan/planRebalance.js";
import { analyzeHtml, analyzeSvg } from "../../src/svg/analyzeCharts.js";
import { failureSvg } from "../../src/svg/failureCharts.js";
import { planSvg } from "../../src/svg/planCharts.js";
import { standardizedResidual } from "../../src/svg/residualHistogram.js";
import { spreadHtml, spreadSvg } from "../../src/svg/spreadCharts.js";
import type { SpreadReportJson } from "../../src/svg/spreadReportJson.js";
import { crushmapCli } from "../support/crushtool.js";
import { OSDMAP_FIXTURES } from "../support/osdmapFixture.js";
import { spreadShaped } from "../support/spreadShaped.js";

const MAP_PATH = join(import.meta.dirname, "..", "fixtures", "golden", "maps", "15-straw2-hosts.txt");
const MAP_TEXT = readFileSync(MAP_PATH, "utf8");
const map = parseCrushText(MAP_TEXT);

/** The markup of the chart `key` (charts never nest, so it ends at the next `</svg>`). */
function chart(doc: string, key: string): string {
  const at = doc.indexOf(`data-chart="${key}"`);
  expect(at, `chart ${key}`).toBeGreaterThan(0);
  return doc.slice(doc.lastIndexOf("<svg", at), doc.indexOf("</svg>", at));
}

/** The attributes of every `<rect>` whose class list starts with `cls`. */
function rects(svg: string, cls: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const m of svg.matchAll(/<rect ([^>]*)>/g)) {
    const attrs = Object.fromEntries([...m[1]!.matchAll(/([a-z-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!]));
    if ((attrs.class ?? "").split(" ")[0] === cls.split(" ")[0] && (attrs.class ?? "").includes(cls)) out.push(attrs);
  }
  return out;
}

describe("analyze pictures", () => {
  const report = analyzeUtilization(map, { rule: 0, numRep: 3, inputs: 3000 });
  const svg = analyzeSvg(map, report);

  it("draws one bar per device, under the host the map puts it in", () => {
    const bars = rects(chart(svg, "analyze-ratio"), "bar");
    expect(bars).toHaveLength(report.devices.length);
    const host = new Map<number, number>();
    for (const b of map.buckets) if (b.type === 1) for (const it of b.items) host.set(it.id, b.id);
    for (const bar of bars) expect(Number(bar["data-group"]), `osd.${bar["data-id"]}`).toBe(host.get(Number(bar["data-id"])));
    expect(new Set(bars.map((b) => b["data-group"])).size).toBe(report.domains.length);
    for (const d of report.devices) expect(Number(bars.find((b) => Number(b["data-id"]) === d.id)!["data-value"])).toBeCloseTo(d.ratio, 4);
  });

  it("bins every device expected to hold something in the histogram, once", () => {
    const bins = rects(chart(svg, "analyze-residuals"), "bin");
    const total = bins.reduce((s, b) => s + Number(b["data-count"]), 0);
    expect(total).toBe(report.devices.filter((d) => d.expected > 0).length);
    expect(bins.length).toBeGreaterThanOrEqual(16); // at least ±4 standard deviations in half steps
  });

  it("writes the same bytes for the same report, and each chart has an accessible title", () => {
    const again = analyzeUtilization(parseCrushText(MAP_TEXT), { rule: 0, numRep: 3, inputs: 3000 });
    expect(analyzeSvg(parseCrushText(MAP_TEXT), again)).toBe(svg);
    expect(analyzeHtml(map, report)).toBe(analyzeHtml(map, again));
    expect(svg).toContain(`aria-labelledby="analyze-ratio-title analyze-ratio-desc"`);
    expect(svg).toContain(`<title id="analyze-ratio-title">`);
  });
});

describe("spread pictures", () => {
  const after = parseCrushText(MAP_TEXT.replace("item osd.4 weight 1.819", "item osd.4 weight 4.000"));
  const plain = spreadShaped(map, 0, 3, 2000, after);
  const compare = [
    { algorithm: "straw2", stddev: 20, idealStddev: 21, maxRatio: 1.1, minRatio: 0.9, lacks: [] },
    { algorithm: "jump <hash>", stddev: 30, idealStddev: 21, maxRatio: 1.3, minRatio: 0.7, lacks: ["weights", "failure domains"] },
  ];
  /** The same report with names no markup may swallow. */
  const nasty: SpreadReportJson = {
    ...plain,
    devices: plain.devices.map((d) => ({ ...d, name: `<&>"'${d.id}` })),
    domains: plain.domains.map((d) => ({ ...d, name: `${d.name} & <b>` })),
    compare,
  };

  it("draws a ratio bar per device, two movement bars per device and a bar per algorithm", () => {
    const svg = spreadSvg(nasty);
    expect(rects(chart(svg, "spread-ratio"), "bar")).toHaveLength(plain.devices.length);
    expect(rects(chart(svg, "spread-movement"), "bar gained")).toHaveLength(plain.movement!.devices.length);
    expect(rects(chart(svg, "spread-movement"), "bar lost")).toHaveLength(plain.movement!.devices.length);
    expect(rects(chart(svg, "spread-compare"), "bar")).toHaveLength(2);
    const table = spreadHtml(nasty).split(`<table class="items">`)[1]!.split("</table>")[0]!;
    expect(table.split("<tr>").length - 1).toBe(1 + compare.length); // the header and a row per algorithm
    const gained = rects(chart(svg, "spread-movement"), "bar gained").reduce((s, b) => s + Number(b["data-value"]), 0);
    expect(gained).toBe(plain.movement!.moved);
    expect(plain.movement!.moved).toBeGreaterThan(0);
  });

  it("escapes device and domain names like <&> in text, titles and attributes", () => {
    for (const doc of [spreadSvg(nasty), spreadHtml(nasty)]) {
      expect(doc).not.toContain("<&>");
      expect(doc).not.toContain("<b>");
      expect(doc.split("&lt;&amp;&gt;").length - 1).toBeGreaterThanOrEqual(plain.devices.length);
      expect(doc).toContain("&amp; &lt;b&gt;");
      expect(doc).toContain("jump &lt;hash&gt;");
    }
  });

  it("makes one page that needs nothing else: no script, no link, no request", () => {
    const html = spreadHtml(nasty);
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|\bsrc=|\bhref=|url\(|@import/i);
    expect(html.replace(/http:\/\/www\.w3\.org\/2000\/svg/g, "")).not.toMatch(/https?:/);
    expect(spreadHtml(JSON.parse(JSON.stringify(nasty)) as SpreadReportJson)).toBe(html);
  });

  it("draws a report with no device, or with values JSON turned into null, without failing or printing NaN", () => {
    const empty: SpreadReportJson = { ...plain, devices: [], domains: [], placed: 0, maxOverfull: null, maxUnderfull: null };
    delete (empty as { movement?: unknown }).movement;
    const svg = spreadSvg(empty);
    expect(rects(chart(svg, "spread-ratio"), "bar")).toHaveLength(0);
    expect(rects(chart(svg, "spread-residuals"), "bin").every((b) => b["data-count"] === "0")).toBe(true);
    const broken = { ...plain, devices: plain.devices.map((d, i) => (i === 0 ? { ...d, ratio: null, expected: null } : d)) } as unknown as SpreadReportJson;
    for (const doc of [spreadSvg(broken), spreadHtml(broken), svg]) expect(doc).not.toMatch(/NaN|Infinity|undefined/);
  });

  it("computes the standardized residual as (observed − expected) / √(expected·(1 − p)), p = expected / placed", () => {
    // placed 1000, expected 100: p = 0.1, binomial variance 90
    expect(standardizedResidual(110, 100, 1000)).toBeCloseTo(10 / Math.sqrt(90), 12);
    expect(standardizedResidual(100, 100, 1000)).toBe(0);
    expect(standardizedResidual(5, 0, 1000)).toBeNaN();
  });
});

describe("plan and failure pictures", () => {
  it("draws a bar per wave summing to the bytes moved, and two bars per device the plan touches", () => {
    const pool = { id: 1, name: "rbd", size: 3, minSize: 2, pgNum: 256, objectHash: "rjenkins" as const };
    const after = parseCrushText(MAP_TEXT.replace("item osd.4 weight 1.819", "item osd.4 weight 4.000"));
    const plan = planRebalance(createClusterState({ crush: map, pools: [pool] }), createClusterState({ crush: after, pools: [pool] }), { pgBytes: 2 ** 30, maxBackfills: 2 });
    const svg = planSvg(plan, after);
    const waves = rects(chart(svg, "plan-waves"), "bar");
    expect(plan.waves).toBeGreaterThan(1);
    expect(waves).toHaveLength(plan.waves);
    expect(waves.reduce((s, b) => s + Number(b["data-value"]), 0)).toBe(plan.report.movedBytes);
    expect(rects(chart(svg, "plan-devices"), "bar gained")).toHaveLength(plan.report.devices.length);
  });

  it("draws the groups per class and a pair of bars per host, the failed hosts marked", () => {
    const dir = join(OSDMAP_FIXTURES, "rep-basic");
    const crush = parseCrushText(readFileSync(join(dir, "crush.txt"), "utf8"));
    const state = clusterStateFromOsdmapJson(readFileSync(join(dir, "osdmap.json"), "utf8"), crush);
    const impact = failureImpact(state, "rbd", ["r1"], { pgBytes: 2 ** 30 });
    const recovery = failureRecovery(state, "rbd", ["r1"], { pgBytes: 2 ** 30 });
    const rule = state.pools.find((p) => p.id === impact.pool)!.crushRule;
    const svg = failureSvg(crush, impact, recovery, rule);
    expect(rects(chart(svg, "failure-classes"), "bar").map((b) => Number(b["data-value"]))).toEqual([impact.degraded, impact.belowMinSize, impact.lost]);
    const hosts = crush.buckets.filter((b) => b.type === crush.types.find((t) => t.name === "host")!.id);
    const domains = chart(svg, "failure-domains");
    expect(rects(domains, "bar gained")).toHaveLength(hosts.length);
    expect(domains.split("(failed)").length - 1).toBe(3 * 3); // h11, h12, h13: in the tips of its two bars and its label
    const written = rects(domains, "bar gained").reduce((s, b) => s + Number(b["data-value"]), 0);
    expect(written).toBe(recovery.report.movedBytes);
  });
});

describe("--svg and --html on the commands", () => {
  const out = mkdtempSync(join(tmpdir(), "crushmap-svg-"));

  it("analyze --svg writes the library's picture of the same report; --html the page", () => {
    const svgPath = join(out, "a.svg");
    const htmlPath = join(out, "a.html");
    const r = crushmapCli(["analyze", "-i", MAP_PATH, "--rule", "0", "--num-rep", "3", "--inputs", "3000", "--svg", svgPath, "--html", htmlPath]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const report = analyzeUtilization(map, { rule: 0, numRep: 3, inputs: 3000 });
    expect(readFileSync(svgPath, "utf8")).toBe(analyzeSvg(map, report));
    expect(readFileSync(htmlPath, "utf8")).toBe(analyzeHtml(map, report));
  });

  it("plan --svg draws waves and refuses --upmap steps with a usage error", () => {
    const afterPath = join(out, "after.txt");
    writeFileSync(afterPath, MAP_TEXT.replace("item osd.4 weight 1.819", "item osd.4 weight 4.000"));
    const ok = crushmapCli(["plan", "--from", MAP_PATH, "--to", afterPath, "--pg-num", "64", "--summary", "--svg", join(out, "p.svg")]);
    expect(ok.status).toBe(0);
    expect(readFileSync(join(out, "p.svg"), "utf8")).toContain(`data-chart="plan-waves"`);
    const bad = crushmapCli(["plan", "--from", MAP_PATH, "--to", afterPath, "--upmap", "--svg", join(out, "q.svg")]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("crushmap: --svg draws the waves of a plan, not --upmap steps\n");
  });

  it("spread --svg and --html write the pictures of the report spread --json prints", () => {
    const afterPath = join(out, "after-spread.txt");
    writeFileSync(afterPath, MAP_TEXT.replace("item osd.4 weight 1.819", "item osd.4 weight 4.000"));
    const args = ["spread", "-i", MAP_PATH, "--max-x", "1999", "--to", afterPath];
    const r = crushmapCli([...args, "--json", "--svg", join(out, "s.svg"), "--html", join(out, "s.html")]);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as SpreadReportJson;
    expect(report.movement).toBeDefined();
    expect(readFileSync(join(out, "s.svg"), "utf8")).toBe(spreadSvg(report));
    expect(readFileSync(join(out, "s.html"), "utf8")).toBe(spreadHtml(report));
    expect(rects(chart(spreadSvg(report), "spread-ratio"), "bar")).toHaveLength(report.devices.length);
  });

  it("failure --html writes a page with the groups per class and traffic per host", () => {
    const dir = join(OSDMAP_FIXTURES, "rep-basic");
    const path = join(out, "f.html");
    const r = crushmapCli(["failure", "--osdmap", join(dir, "osdmap.json"), "--crush", join(dir, "crush.txt"), "--pool", "rbd", "--fail", "r1", "--html", path]);
    expect(r.status).toBe(0);
    const html = readFileSync(path, "utf8");
    expect(html).toContain(`data-chart="failure-classes"`);
    expect(html).toContain(`data-chart="failure-domains"`);
  });
});
