/**
 * The few Node built-ins this entry point uses, described structurally and loaded with a
 * dynamic import. The library's tsconfig compiles all of src/ without Node's types, so that the
 * core cannot reach for a built-in by accident; these declarations keep src/node inside that
 * check without opening Node's types to the rest of src/.
 */

export interface NodeWorker {
  on(event: "message", listener: (value: unknown) => void): unknown;
  on(event: "error", listener: (err: Error) => void): unknown;
  on(event: "exit", listener: (code: number) => void): unknown;
  terminate(): Promise<number>;
}

export interface NodeWorkerOptions {
  readonly workerData?: unknown;
  /** `filename` is JavaScript source (run as CommonJS) rather than a file. */
  readonly eval?: boolean;
}

export interface WorkerThreadsModule {
  readonly Worker: new (filename: FileUrl | string, options?: NodeWorkerOptions) => NodeWorker;
  readonly isMainThread: boolean;
  readonly parentPort: { postMessage(value: unknown): void } | null;
  readonly workerData: unknown;
}

/** WHATWG URL, which Node and browsers have globally but the core's lib settings leave out. */
export interface FileUrl {
  readonly href: string;
}

/** `new URL(relative, base)`. */
export function resolveUrl(relative: string, base: string): FileUrl {
  const Url = (globalThis as unknown as { URL: new (input: string, base: string) => FileUrl }).URL;
  return new Url(relative, base);
}

export interface OsModule {
  availableParallelism(): number;
}

export interface NodeRequire {
  (id: string): unknown;
  resolve(id: string): string;
}

export interface ModuleModule {
  createRequire(from: string): NodeRequire;
}

export interface UrlModule {
  pathToFileURL(path: string): FileUrl;
}

// held in variables so that no bundler tries to resolve or inline them
const WORKER_THREADS: string = "node:worker_threads";
const OS: string = "node:os";
const MODULE: string = "node:module";
const URL_MODULE: string = "node:url";

export async function loadWorkerThreads(): Promise<WorkerThreadsModule> {
  return (await import(/* @vite-ignore */ WORKER_THREADS)) as WorkerThreadsModule;
}

export async function loadOs(): Promise<OsModule> {
  return (await import(/* @vite-ignore */ OS)) as OsModule;
}

export async function loadModule(): Promise<ModuleModule> {
  return (await import(/* @vite-ignore */ MODULE)) as ModuleModule;
}

export async function loadUrl(): Promise<UrlModule> {
  return (await import(/* @vite-ignore */ URL_MODULE)) as UrlModule;
}
