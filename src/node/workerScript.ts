/**
 * How a mapping worker starts. Every worker runs the same few lines of CommonJS (evaluated, so
 * that starting cannot fail): they import the worker module — `mapWorker.js` / `.cjs` next to the
 * module that starts it, or wherever `workerUrl` says — and hand it the start-up data. From
 * source (`mapWorker.ts`, under vitest or tsx) they first register tsx's loader, resolved from
 * the worker's own location, since Node ignores `--import tsx` in a worker's execArgv. If the
 * module cannot be loaded, the worker answers with a MapWorkerError reply naming the script and
 * marks itself failed in the control block, so both a waiting promise and a thread blocked on the
 * block learn of it at once.
 */
import { CONTROL, WORKER } from "./workerProtocol.js";

/** The worker script next to `self` (the URL of the module starting the workers), in its format. */
export function defaultWorkerUrl(self: string): string {
  const ext = /\.(c|m)?[jt]s$/.exec(self)?.[0] ?? ".js";
  return resolveUrl(`./mapWorker${ext}`, self);
}

/** The code a worker evaluates to run the worker module at `workerUrl` (a URL or a file path). */
export function workerBootstrap(workerUrl: string): string {
  const url = JSON.stringify(workerUrl);
  return `"use strict";
const { workerData, parentPort } = require("node:worker_threads");
const given = ${url};
const url = /^[a-z][a-z0-9+.-]+:/i.test(given) ? given : require("node:url").pathToFileURL(given).href;
Promise.resolve()
  .then(() => {
    if (!/\\.[cm]?ts$/.test(url)) return undefined;
    const { createRequire } = require("node:module");
    const { pathToFileURL } = require("node:url");
    const req = createRequire(url);
    const pkgPath = req.resolve("tsx/package.json");
    const api = new URL(req(pkgPath).exports["./esm/api"].import.default, pathToFileURL(pkgPath)).href;
    return import(api).then((tsx) => tsx.register());
  })
  .then(() => import(url))
  .then((m) => m.runMapWorker(workerData, parentPort), (e) => {
    const message = "cannot load the mapping worker script " + url + " (" + (e && e.message ? e.message : String(e)) + "); pass workerUrl: the URL of crushmap/node/mapWorker";
    (workerData.port || parentPort).postMessage({ ok: false, name: "MapWorkerError", message, item: url });
    const control = new Int32Array(workerData.control);
    Atomics.store(control, ${CONTROL.FAILED}, 1);
    Atomics.store(control, ${CONTROL.STATE} + workerData.slot, ${WORKER.FAILED});
    Atomics.add(control, ${CONTROL.EPOCH}, 1);
    Atomics.notify(control, ${CONTROL.EPOCH});
  });
`;
}

/** `new URL(relative, base).href`, with WHATWG URL, which the core's lib settings leave out. */
function resolveUrl(relative: string, base: string): string {
  const Url = (globalThis as unknown as { URL: new (input: string, base: string) => { readonly href: string } }).URL;
  return new Url(relative, base).href;
}
