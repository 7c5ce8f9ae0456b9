/** The CLI's contact with the outside world, injectable so tests can run commands in-process. */
import { readFileSync, statSync, writeFileSync } from "node:fs";

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): Uint8Array;
  writeFile(path: string, data: Uint8Array | string): void;
}

/** A problem with how the command was called: exit status 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** A problem with the data the command was given: exit status 1. */
export class DataError extends Error {
  override readonly name = "DataError";
}

let pipeGuarded = false;

/** A reader that closes the pipe early (`crushmap … | head`) ends the command quietly. */
function guardPipe(): void {
  if (pipeGuarded) return;
  pipeGuarded = true;
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
}

export const processIO: CliIO = {
  stdout: (text) => {
    guardPipe();
    process.stdout.write(text);
  },
  stderr: (text) => void process.stderr.write(text),
  readFile(path) {
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch (e) {
      throw new DataError(`${path}: ${describeFsError(e)}`);
    }
    if (isDir) throw new DataError(`${path}: is a directory`);
    try {
      return readFileSync(path);
    } catch (e) {
      throw new DataError(`${path}: ${describeFsError(e)}`);
    }
  },
  writeFile: writeFileOrFail,
};

function writeFileOrFail(path: string, data: Uint8Array | string): void {
  try {
    writeFileSync(path, data);
  } catch (e) {
    throw new DataError(`${path}: cannot write: ${describeFsError(e)}`);
  }
}

function describeFsError(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES") return "permission denied";
  return e instanceof Error ? e.message : String(e);
}
