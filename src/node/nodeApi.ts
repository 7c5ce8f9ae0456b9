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
  unref(): void;
}

export interface NodeMessagePort {
  postMessage(value: unknown): void;
  close(): void;
}

export interface NodeWorkerOptions {
  readonly workerData?: unknown;
  /** `filename` is JavaScript source (run as CommonJS) rather than a file. */
  readonly eval?: boolean;
  readonly transferList?: readonly unknown[];
}

export interface WorkerThreadsModule {
  readonly Worker: new (filename: string, options?: NodeWorkerOptions) => NodeWorker;
  readonly MessageChannel: new () => { readonly port1: NodeMessagePort; readonly port2: NodeMessagePort };
  receiveMessageOnPort(port: NodeMessagePort): { readonly message: unknown } | undefined;
}

export interface OsModule {
  availableParallelism(): number;
}

// held in variables so that no bundler tries to resolve or inline them
const WORKER_THREADS: string = "node:worker_threads";
const OS: string = "node:os";

export async function loadWorkerThreads(): Promise<WorkerThreadsModule> {
  return (await import(/* @vite-ignore */ WORKER_THREADS)) as WorkerThreadsModule;
}

export async function loadOs(): Promise<OsModule> {
  return (await import(/* @vite-ignore */ OS)) as OsModule;
}
