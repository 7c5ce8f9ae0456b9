/**
 * The trace `crushtool -v -c` prints on stderr while CrushCompiler gives meaning to the text:
 * one line per tunable, device and type, two or more per bucket (each `id` line, then its size
 * and weight), and one per `step take` of a rule. choose_args print nothing. The compiler itself
 * writes it (compileCrushText's trace hook) while it walks the map in crushtool's order, so a map
 * that fails has the trace crushtool prints before its error.
 */
import { CrushmapError } from "../../hash/crushmapError.js";
import { compileCrushText } from "./parse.js";

/** Options of {@link compileTrace}. */
export interface CompileTraceOptions {
  /**
   * The Ceph release (16, 18, 20) whose crushtool is imitated: from 18 on, the warnings of each
   * ignored min_size and max_size line come between the trace lines, where crushtool prints them;
   * before 19, the MSR tunables are unknown, as they are to those releases' crushtool.
   */
  readonly release?: number;
  /**
   * false: only what crushtool writes without `-v` before an error (the warnings of 18.2 on).
   * Default true.
   */
  readonly verbose?: boolean;
}

/** What {@link compileWithTrace} found: the trace written, and the error that ended it. */
export interface CompileTraceResult {
  /**
   * The bytes crushtool writes on stderr before its error message (or all of them when the text
   * compiles); the last line may lack its newline, where crushtool's message continues it.
   */
  readonly trace: string;
  /**
   * The error that stopped the compiler, or undefined. A CrushMapError from compiling carries
   * crushtool's words in `cephMessage`; a CrushParseError stopped it before any trace.
   */
  readonly error: CrushmapError | undefined;
}

/**
 * The lines (without newlines) `crushtool -v -c` writes to stderr for `text`, in the order
 * crushtool writes them: the file's order, except that buckets come in the order CrushCompiler
 * gives them after moving a bucket used by an earlier one in front of it.
 *
 * @throws what parseCrushText throws (with release 16 or 18, also for an MSR tunable). The
 *   trace crushtool prints before that error is what {@link compileWithTrace} returns.
 * @group Maps
 */
export function compileTrace(text: string, options: CompileTraceOptions = {}): string[] {
  const { trace, error } = compileWithTrace(text, options);
  if (error !== undefined) throw error;
  const lines = trace.split("\n");
  lines.pop(); // the text after the last newline: empty
  return lines;
}

/**
 * crushtool's stderr for `text` up to its error message: the `-v` trace (or, with `verbose:
 * false`, only the 18.2+ warnings) of every node compiled and of the failing node as far as
 * CrushCompiler got, and the error itself (a text without one gives the whole trace). The
 * error's `cephMessage` is what crushtool prints next.
 *
 * @example
 * const { trace, error } = compileWithTrace(text, { release: 16 });
 * process.stderr.write(trace + (error instanceof CrushMapError ? error.cephMessage ?? "" : ""));
 * @group Maps
 */
export function compileWithTrace(text: string, options: CompileTraceOptions = {}): CompileTraceResult {
  let trace = "";
  const add = (piece: string): void => {
    trace += piece;
  };
  const warns = options.release !== undefined && options.release >= 18;
  const verbose = options.verbose ?? true;
  const opts = {
    ...(verbose ? { trace: add } : {}),
    ...(warns ? { onWarning: (m: string) => add(`${m}\n`) } : {}),
    ...(options.release !== undefined ? { release: options.release } : {}),
  };
  const error = compileCatching(text, opts);
  return { trace, error };
}

function compileCatching(text: string, opts: Parameters<typeof compileCrushText>[1]): CrushmapError | undefined {
  try {
    compileCrushText(text, opts);
    return undefined;
  } catch (e) {
    if (e instanceof CrushmapError) return e;
    throw e;
  }
}
