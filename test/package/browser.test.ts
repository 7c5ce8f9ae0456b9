/**
 * The library core runs in a real browser and places exactly as it does in Node: the ESM bundle
 * tsup makes (the library entry of tsup.config.ts, built fresh into a temp dir) is loaded into
 * headless Chromium from a fake origin that Playwright serves from memory — nothing listens and
 * no other request may leave the page — and maps rule 0 of a golden map for 1000 inputs, places
 * 200 objects through a pool and plans (and verifies) the rebalance after marking an OSD out.
 * Needs /usr/bin/chromium (`apt-get install chromium`; .ci/run installs it); skipped otherwise.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { build, type Options } from "tsup";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyChanges, createClusterState, Mapper, parseCrushText, placeObject, planRebalance } from "../../src/index.js";
import tsupConfig from "../../tsup.config.js";
import { standInUnless } from "../support/standIn.js";

const CHROMIUM = "/usr/bin/chromium";
const SKIP_MESSAGE = `${CHROMIUM} not found (apt-get install chromium): browser test skipped`;
const ORIGIN = "https://crushmap.test";
const MAP_TEXT = readFileSync(join(import.meta.dirname, "..", "fixtures", "golden", "maps", "37-build-960-straw2.txt"), "utf8");
const RULE = 0;
const NUM_REP = 3;
const COUNT = 1000;

/** What the page runs: the same mapping as `nodeMappings`, through the bundle. */
const PAGE = `<!doctype html>
<script type="module">
  try {
    const lib = await import("${ORIGIN}/index.js");
    const text = await (await fetch("${ORIGIN}/map.txt")).text();
    const map = lib.parseCrushText(text);
    const out = new Int32Array(${COUNT * NUM_REP});
    new lib.Mapper(map).mapRange(${RULE}, ${NUM_REP}, 0, ${COUNT}, out);
    const state = lib.createClusterState({ crush: map, pools: [{ id: 1, pgNum: 512, objectHash: "rjenkins" }] });
    const objects = Array.from({ length: 200 }, (_, i) => lib.placeObject(state, 1, "obj-" + i).up.join(","));
    const after = lib.applyChanges(state, [{ kind: "markOut", osd: 5 }]);
    const plan = lib.planRebalance(state, after, { pgBytes: 1 << 30 });
    const planned = { moves: plan.moves.length, waves: plan.waves, ok: lib.verifyPlan(state, after, plan).ok };
    window.__result = { mappings: Array.from(out), objects, planned, hasProcess: typeof process !== "undefined" };
  } catch (e) {
    window.__result = { error: String(e && e.stack || e) };
  }
</script>`;

/** What the page computes beyond mappings: objects through a pool, and a plan. */
function nodePlacement(): { objects: string[]; planned: { moves: number; waves: number; ok: boolean } } {
  const map = parseCrushText(MAP_TEXT);
  const state = createClusterState({ crush: map, pools: [{ id: 1, pgNum: 512, objectHash: "rjenkins" }] });
  const objects = Array.from({ length: 200 }, (_, i) => placeObject(state, 1, `obj-${i}`).up.join(","));
  const after = applyChanges(state, [{ kind: "markOut", osd: 5 }]);
  const plan = planRebalance(state, after, { pgBytes: 1 << 30 });
  return { objects, planned: { moves: plan.moves.length, waves: plan.waves, ok: true } };
}

function nodeMappings(): number[] {
  const out = new Int32Array(COUNT * NUM_REP);
  new Mapper(parseCrushText(MAP_TEXT)).mapRange(RULE, NUM_REP, 0, COUNT, out);
  return Array.from(out);
}

describe.skipIf(!existsSync(CHROMIUM))("in a browser", () => {
  const work = mkdtempSync(join(tmpdir(), "crushmap-browser-"));
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    const configs = (Array.isArray(tsupConfig) ? tsupConfig : [tsupConfig]) as Options[];
    const library = configs.find((c) => typeof c.entry === "object" && c.entry !== null && "index" in c.entry);
    if (library === undefined) throw new Error("tsup.config.ts has no `index` entry");
    await build({ ...library, format: ["esm"], dts: false, sourcemap: false, clean: false, outDir: join(work, "dist"), config: false, silent: true });
  });

  afterAll(async () => {
    await context?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it("maps 1000 inputs of a 960-device map, places objects and plans a rebalance exactly as Node does", async () => {
    const bundle = readFileSync(join(work, "dist", "index.js"), "utf8");
    context = await chromium.launchPersistentContext(join(work, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    const files: Record<string, [string, string]> = {
      "/": ["text/html", PAGE],
      "/index.js": ["text/javascript", bundle],
      "/map.txt": ["text/plain", MAP_TEXT],
    };
    const strays: string[] = [];
    await context.route("**/*", (route) => {
      const url = new URL(route.request().url());
      const file = url.origin === ORIGIN ? files[url.pathname] : undefined;
      if (file === undefined) {
        strays.push(url.href);
        return route.abort();
      }
      return route.fulfill({ status: 200, contentType: file[0], body: file[1] });
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));

    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction("window.__result !== undefined", undefined, { timeout: 60_000 });
    const result = (await page.evaluate("window.__result")) as {
      mappings?: number[];
      objects?: string[];
      planned?: { moves: number; waves: number; ok: boolean };
      hasProcess?: boolean;
      error?: string;
    };
    const userAgent = (await page.evaluate("navigator.userAgent")) as string;

    expect(result.error, "the page threw").toBeUndefined();
    expect(errors).toEqual([]);
    expect(strays, "requests outside the served files").toEqual([]);
    expect(userAgent).toContain("Chrome");
    expect(result.hasProcess, "the bundle must not need Node's process").toBe(false);
    expect(result.mappings).toHaveLength(COUNT * NUM_REP);
    expect(result.mappings).toEqual(nodeMappings());
    // objects → groups → OSDs, and a verified rebalance plan, the same as in Node
    const node = nodePlacement();
    expect(result.objects).toEqual(node.objects);
    expect(result.planned).toEqual(node.planned);
    expect(node.planned.moves).toBeGreaterThan(0);
  });
});

standInUnless(existsSync(CHROMIUM), "in a browser", SKIP_MESSAGE);
