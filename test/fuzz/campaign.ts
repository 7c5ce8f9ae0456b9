/**
 * A fuzz campaign: cases seed/0, seed/1, … run on a worker thread for `seconds`, each held to a
 * time bound (`caseMs`) and the process to a memory bound (`memoryMb`). A case past its time
 * is ended (the worker is terminated and a new one continues after it) and is a finding, unless
 * its rules allow so many draws that Ceph itself would take as long ("slow like Ceph").
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { loadCorpus } from "./corpus.js";
import { makeCase, type FuzzCase } from "./cases.js";
import type { WorkerData, WorkerMessage } from "./worker.js";

export interface CampaignOptions {
  readonly seed: number;
  readonly seconds: number;
  /** Time bound of one case (default 2000 ms). */
  readonly caseMs?: number;
  /** Memory bound of a case and of the whole process (default 1024 MiB). */
  readonly memoryMb?: number;
  /** Called once per finding, as it is found. */
  readonly onFinding?: (f: Finding) => void;
}

export interface Finding {
  readonly case: FuzzCase;
  readonly what: "error" | "foreign item" | "hang" | "memory" | "crash";
  readonly detail: string;
}

export interface CampaignReport {
  readonly seed: number;
  readonly cases: number;
  readonly byKind: Readonly<Record<string, { mapped: number; refused: number; finding: number }>>;
  /** Cases past their time whose map's cost bound is above SLOW_COST (Ceph is as slow). */
  readonly slowLikeCeph: number;
  readonly findings: readonly Finding[];
}

/** A cost bound (cases.ts) above this is slow over a case's ~200 mappings: Ceph draws as often. */
export const SLOW_COST = 20_000;

export function runCampaign(options: CampaignOptions): Promise<CampaignReport> {
  const caseMs = options.caseMs ?? 2000;
  const memoryMb = options.memoryMb ?? 1024;
  const corpus = loadCorpus();
  const findings: Finding[] = [];
  const byKind: Record<string, { mapped: number; refused: number; finding: number }> = {};
  let slowLikeCeph = 0;
  let cases = 0;
  let current = -1;
  let currentSince = Date.now();
  let currentCost = 0;
  let worker: Worker;
  /** While an ended worker is being torn down (its memory freed), the clock does not look. */
  let restarting = false;
  let deadline = Date.now() + options.seconds * 1000;

  const found = (i: number, what: Finding["what"], detail: string): void => {
    const f: Finding = { case: makeCase(corpus, options.seed, i), what, detail };
    findings.push(f);
    options.onFinding?.(f);
  };
  const start = (from: number): void => {
    current = -1; // no case runs until the worker says so (its start-up is not timed)
    worker = spawn({ seed: options.seed, start: from, memoryMb });
    worker.on("message", (m: WorkerMessage) => {
      if (m.t === "start") [current, currentSince, currentCost] = [m.i, Date.now(), 0];
      else if (m.t === "cost") currentCost = m.cost;
      else {
        cases++;
        const k = (byKind[m.kind] ??= { mapped: 0, refused: 0, finding: 0 });
        k[m.outcome.status]++;
        if (m.outcome.status === "finding") {
          const detail = m.outcome.detail ?? "";
          found(m.i, detail.startsWith("untyped") ? "error" : detail.includes("MiB") ? "memory" : "foreign item", detail);
        }
      }
    });
    const w = worker;
    w.on("error", (e) => {
      if (w !== worker || restarting) return;
      if (current < 0) {
        // the worker failed before running a case: the harness itself cannot run
        found(from, "crash", `the fuzz worker failed to start: ${String(e)}`);
        deadline = Date.now();
        return;
      }
      found(current, /memory/i.test(String(e)) ? "memory" : "crash", String(e));
      cases++;
      restart(current + 1);
    });
  };
  const restart = (from: number): void => {
    const old = worker;
    worker = undefined as unknown as Worker; // messages of the old worker are ignored from here
    restarting = true;
    current = -1;
    void old.terminate().then(() => {
      restarting = false;
      if (Date.now() < deadline) start(from);
    });
  };

  return new Promise((resolve) => {
    start(0);
    const clock = setInterval(() => {
      const now = Date.now();
      if (restarting) return;
      if (now >= deadline) {
        clearInterval(clock);
        const w = worker as Worker | undefined;
        void (w === undefined ? Promise.resolve(0) : w.terminate()).then(() => resolve({ seed: options.seed, cases, byKind, slowLikeCeph, findings }));
        return;
      }
      const rssMb = process.memoryUsage().rss / 2 ** 20;
      if (current >= 0 && (now - currentSince > caseMs || rssMb > 2 * memoryMb)) {
        cases++;
        if (rssMb > 2 * memoryMb) found(current, "memory", `process at ${rssMb.toFixed(0)} MiB`);
        else if (currentCost > SLOW_COST) slowLikeCeph++;
        else found(current, "hang", `past ${caseMs} ms (cost bound ${currentCost})`);
        restart(current + 1);
      }
    }, 20);
  });
}

/** A worker running worker.ts: from source, tsx is registered in it first. */
function spawn(data: WorkerData): Worker {
  const self = import.meta.url;
  const workerUrl = new URL("./worker.ts", self).href;
  const require = createRequire(self);
  const pkgPath = require.resolve("tsx/package.json");
  const pkg = require("tsx/package.json") as { exports: Record<string, { import: { default: string } }> };
  const api = new URL(pkg.exports["./esm/api"]!.import.default, pathToFileURL(pkgPath).href).href;
  const script = `const { workerData } = require("node:worker_threads");
import(${JSON.stringify(api)}).then((tsx) => tsx.register())
  .then(() => import(${JSON.stringify(workerUrl)}))
  .then((m) => m.runFuzzWorker(workerData));`;
  return new Worker(script, { eval: true, workerData: data, resourceLimits: { maxOldGenerationSizeMb: data.memoryMb } });
}
