/**
 * The CLI's two errors and the one place every error becomes a line on stderr and an exit
 * status: 2 for a usage error, 1 for bad data (every CrushmapError the library throws), 1 with
 * the error's name for anything else (a bug: `--debug` adds the stack).
 */
import { CrushmapError } from "../hash/crushmapError.js";

/** A problem with how the command was called: exit status 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** A problem with the data the command was given, e.g. a file that cannot be read: exit status 1. */
export class DataError extends CrushmapError {
  override readonly name: string = "DataError";
}

/**
 * An error in crushtool's own words (`rule 0 already exists`, `crushtool: unable to decode F`):
 * printed as it is, without crushmap's prefix, with crushtool's exit status.
 */
export class CrushtoolWordsError extends DataError {
  override readonly name: string = "CrushtoolWordsError";
  readonly status: number;
  /** The message holds its own newlines (or is empty: crushtool fails without a word). */
  readonly verbatim: boolean;
  constructor(message: string, status = 1, options?: { cause?: unknown; verbatim?: boolean }) {
    super(message, options);
    this.status = status;
    this.verbatim = options?.verbatim === true;
  }
}

/**
 * Runs `load`; a CrushmapError it throws is restated by `words` (given the innermost
 * CrushmapError, the one the library threw) as a {@link CrushtoolWordsError} with exit `status`
 * (`verbatim`: the words hold their own newlines).
 */
export function inCrushtoolWords<T>(load: () => T, words: (e: CrushmapError) => string, status = 1, verbatim = false): T {
  try {
    return load();
  } catch (e) {
    if (!(e instanceof CrushmapError) || e instanceof CrushtoolWordsError) throw e;
    let inner: CrushmapError = e;
    while (inner.cause instanceof CrushmapError) inner = inner.cause;
    throw new CrushtoolWordsError(words(inner), status, { cause: e, verbatim });
  }
}

/** Prints `e` as one line (plus the stack with --debug) and returns the exit status. */
export function reportError(e: unknown, stderr: (text: string) => void, debug: boolean): number {
  if (e instanceof CrushtoolWordsError) {
    stderr(e.verbatim ? e.message : `${e.message}\n`);
    if (debug && e.stack !== undefined) stderr(e.stack + "\n");
    return e.status;
  }
  if (e instanceof UsageError || e instanceof CrushmapError) {
    stderr(`crushmap: ${e.message}\n`);
    if (debug && e.stack !== undefined) stderr(e.stack + "\n");
    return e instanceof UsageError ? 2 : 1;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  stderr(`crushmap: ${err.name === "Error" ? "" : err.name + ": "}${err.message}\n`);
  if (debug && err.stack !== undefined) stderr(err.stack + "\n");
  return 1;
}

/**
 * Runs `load` and names `path` in any CrushmapError it throws (`map.txt: 3:7: …`), so that a
 * bad file is reported with the file it came from.
 */
export function inFile<T>(path: string, load: () => T): T {
  try {
    return load();
  } catch (e) {
    if (e instanceof CrushmapError && !(e instanceof DataError)) throw new DataError(`${path}: ${e.message}`, { cause: e });
    throw e;
  }
}
