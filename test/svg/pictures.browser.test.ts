/**
 * The pictures in a real browser: the HTML pages of analyze, plan, failure and a spread report
 * (from a small golden map), and a standalone spread SVG, are served from a fake origin that
 * Playwright answers from memory (nothing listens; any other request is refused and reported),
 * loaded into headless Chromium, and checked as a reader would see them: no console error, the
 * right number of bars, charts with a size on the screen, bar heights in proportion to their
 * values. A full-page screenshot of each is kept under test-artifacts/pictures/ (git-ignored).
 * Needs /usr/bin/chromium (`apt-get install chromium`); skipped otherwise.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeUtilization } from "../../src/analysis/utilization.js";
import { failureImpact } from "../../src/failure/failureImpact.js";
import { failureRecovery } from "../../src/failure/failureRecovery.js";
import { parseCrushText } from "../../src/map/text/parse.js";
import { clusterStateFromOsdmapJson } from "../../src/placement/osdmapJson.js";
import { createClusterState } from "../../src/placement/state.js";
import { planRebalance } from "../../src/plan/planRebalance.js";
import { analyzeHtml } from "../../src/svg/analyzeCharts.js";
import { failureHtml } from "../../src/svg/failureCharts.js";
import { planHtml } from "../../src/svg/planCharts.js";
import { spreadHtml, spreadSvg } from "../../src/svg/spreadCharts.js";
import { OSDMAP_FIXTURES } from "../support/osdmapFixture.js";
import { spreadShaped } from "../support/spreadShaped.js";
import { standInUnless } from "../support/standIn.js";

const CHROMIUM = "/usr/bin/chromium";
const SKIP_MESSAGE = `${CHROMIUM} not found (apt-get install chromium): pictures browser test skipped`;
const ORIGIN = "https://pictures.crushmap.test";
const ARTIFACTS = join(import.meta.dirname, "..", "..", "test-artifacts", "pictures");
const MAP_TEXT = readFileSync(join(import.meta.dirname, "..", "fixtures", "golden", "maps", "15-straw2-hosts.txt"), "utf8");
const AFTER_TEXT = MAP_TEXT.replace("item osd.4 weight 1.819", "item osd.4 weight 4.000");

/** The pages to serve, and what each must show. */
function pages() {
  const map = parseCrushText(MAP_TEXT);
  const after = parseCrushText(AFTER_TEXT);
  const utilization = analyzeUtilization(map, { rule: 0, numRep: 3, inputs: 3000 });
  const pool = { id: 1, name: "rbd", size: 3, minSize: 2, pgNum: 256, objectHash: "rjenkins" as const };
  const plan = planRebalance(createClusterState({ crush: map, pools: [pool] }), createClusterState({ crush: after, pools: [pool] }), { pgBytes: 2 ** 30, maxBackfills: 2 });
  const dir = join(OSDMAP_FIXTURES, "rep-basic");
  const crush = parseCrushText(readFileSync(join(dir, "crush.txt"), "utf8"));
  const state = clusterStateFromOsdmapJson(readFileSync(join(dir, "osdmap.json"), "utf8"), crush);
  const impact = failureImpact(state, "rbd", ["r1"], { pgBytes: 2 ** 30 });
  const recovery = failureRecovery(state, "rbd", ["r1"], { pgBytes: 2 ** 30 });
  const rule = state.pools.find((p) => p.id === impact.pool)!.crushRule;
  const spread = { ...spreadShaped(map, 0, 3, 3000, after), compare: [{ algorithm: "straw2 <crushmap>", stddev: 20, idealStddev: 21, maxRatio: 1.1, minRatio: 0.9, lacks: [] }] };
  const hosts = crush.buckets.filter((b) => b.type === crush.types.find((t) => t.name === "host")!.id).length;
  const devices = utilization.devices.length;
  return {
    analyze: { type: "text/html", body: analyzeHtml(map, utilization), bars: { "analyze-ratio": devices }, charts: 2 },
    plan: { type: "text/html", body: planHtml(plan, after), bars: { "plan-waves": plan.waves, "plan-devices": 2 * plan.report.devices.length }, charts: 2 },
    failure: { type: "text/html", body: failureHtml(crush, impact, recovery, rule), bars: { "failure-classes": 3, "failure-domains": 2 * hosts }, charts: 2 },
    spread: { type: "text/html", body: spreadHtml(spread), bars: { "spread-ratio": devices, "spread-movement": 2 * devices, "spread-compare": 1 }, charts: 4 },
    "spread-svg": { type: "image/svg+xml", body: spreadSvg(spread), bars: { "spread-ratio": devices, "spread-movement": 2 * devices, "spread-compare": 1 }, charts: 4 },
  } as const;
}

/**
 * What the browser sees of a loaded page, as the script the page runs (a string, as in
 * browser.test.ts: the DOM's types are not the Node types this file is checked against).
 */
const INSPECT = `(charts) => {
  const bars = {};
  for (const k of charts) bars[k] = document.querySelectorAll('svg[data-chart="' + k + '"] rect.bar').length;
  const boxes = [...document.querySelectorAll("svg.chart")].map((s) => {
    const r = s.getBoundingClientRect();
    const title = s.querySelector("title");
    return { key: s.getAttribute("data-chart"), width: r.width, height: r.height, title: title === null ? "" : title.textContent };
  });
  // rendered height against value, for the ratio bars: one pixels-per-unit for all
  const ratio = [...document.querySelectorAll('svg[data-chart$="-ratio"] rect.bar')].map((r) => ({ value: Number(r.getAttribute("data-value")), height: r.getBBox().height }));
  const root = document.documentElement.getBoundingClientRect();
  return { bars, boxes, ratio, parserError: document.querySelector("parsererror") !== null, width: root.width, height: root.height };
}`;

interface Seen {
  bars: Record<string, number>;
  boxes: { key: string; width: number; height: number; title: string }[];
  ratio: { value: number; height: number }[];
  parserError: boolean;
  width: number;
  height: number;
}

async function inspect(page: Page, keys: readonly string[]): Promise<Seen> {
  return (await page.evaluate(`(${INSPECT})(${JSON.stringify(keys)})`)) as Seen;
}

describe.skipIf(!existsSync(CHROMIUM))("the pictures in a browser", () => {
  const work = mkdtempSync(join(tmpdir(), "crushmap-pictures-"));
  const served = pages();
  let context: BrowserContext | undefined;
  const strays: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    context = await chromium.launchPersistentContext(join(work, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1000, height: 800 },
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    await context.route("**/*", (route) => {
      const url = new URL(route.request().url());
      const name = url.origin === ORIGIN ? url.pathname.slice(1) : "";
      const file = (served as Record<string, { type: string; body: string }>)[name];
      if (file === undefined) {
        strays.push(url.href);
        return route.abort();
      }
      return route.fulfill({ status: 200, contentType: `${file.type}; charset=utf-8`, body: file.body });
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it.each(Object.keys(served) as (keyof typeof served)[])("renders the %s picture with its bars, sized charts and no console error", async (name) => {
    const expected = served[name];
    const page = await context!.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(m.text());
    });
    await page.goto(`${ORIGIN}/${name}`);
    const seen = await inspect(page, Object.keys(expected.bars));
    if (expected.type === "text/html") {
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    } else {
      // a full-page screenshot of an SVG document never settles in Chromium: size the viewport to it instead
      await page.setViewportSize({ width: Math.min(4000, Math.ceil(seen.width)), height: Math.min(4000, Math.ceil(seen.height)) });
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
    }
    await page.close();

    expect(errors, "console errors").toEqual([]);
    expect(strays, "requests outside the served pages").toEqual([]);
    expect(seen.parserError, "the markup parses").toBe(false);
    expect(seen.bars).toEqual(expected.bars);
    expect(seen.boxes).toHaveLength(expected.charts);
    for (const b of seen.boxes) {
      expect(b.width, `${b.key} width`).toBeGreaterThan(100);
      expect(b.height, `${b.key} height`).toBeGreaterThan(100);
      expect(b.title.length, `${b.key} title`).toBeGreaterThan(10);
    }
    const withValue = seen.ratio.filter((r) => r.value > 0.05);
    if (withValue.length > 0) {
      const perUnit = withValue[0]!.height / withValue[0]!.value;
      for (const r of withValue) expect(Math.abs(r.height - r.value * perUnit), `bar of ratio ${r.value}`).toBeLessThan(1);
    }
    expect(existsSync(join(ARTIFACTS, `${name}.png`))).toBe(true);
  }, 60_000);
});

standInUnless(existsSync(CHROMIUM), "the pictures in a browser", SKIP_MESSAGE);
