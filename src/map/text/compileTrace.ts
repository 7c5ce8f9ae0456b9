/**
 * The trace `crushtool -v -c` prints on stderr while CrushCompiler gives meaning to the text:
 * one line per tunable, device and type, two or more per bucket (each `id` line, then its size
 * and weight), and one per `step take` of a rule. choose_args print nothing.
 */
import { formatG } from "../../analysis/formatFloat.js";
import type { CrushMap } from "../types.js";
import { parseCrushText } from "./parse.js";
import { reorderBuckets } from "./reorderBuckets.js";
import { parseSyntax, type BucketNode, type TopNode } from "./syntax.js";
import { tokenize } from "./tokenize.js";

/** Options of {@link compileTrace}. */
export interface CompileTraceOptions {
  /**
   * The Ceph release (16, 18, 20) whose crushtool is imitated: from 18 on, the warnings of each
   * ignored min_size and max_size line come between the trace lines, where crushtool prints them.
   */
  readonly release?: number;
}

const MIN_SIZE_WARNING = "WARNING: min_size is no longer supported, ignoring";
const MAX_SIZE_WARNING = "WARNING: max_size is no longer supported, ignoring";

/**
 * The lines (without newlines) `crushtool -v -c` writes to stderr for `text`, in the order
 * crushtool writes them: the file's order, except that buckets come in the order CrushCompiler
 * gives them after moving a bucket used by an earlier one in front of it.
 *
 * @throws what {@link parseCrushText} throws: crushtool prints the trace up to the error and
 *   then the error, a partial trace is not reproduced here.
 * @group Maps
 */
export function compileTrace(text: string, options: CompileTraceOptions = {}): string[] {
  const map = parseCrushText(text);
  const nodes = parseSyntax(tokenize(text));
  reorderBuckets(nodes);
  const lines: string[] = [];
  const warns = options.release !== undefined && options.release >= 18;
  for (const node of nodes) traceNode(node, map, warns, lines);
  return lines;
}

function traceNode(node: TopNode, map: CrushMap, warns: boolean, lines: string[]): void {
  switch (node.kind) {
    case "tunable":
      lines.push(`tunable ${node.name.text} ${Number(node.value.text)}`);
      return;
    case "device":
      lines.push(`device ${Number(node.id.text)} '${node.name.text}'${node.class ? ` class '${node.class.text}'` : ""}`);
      return;
    case "type":
      lines.push(`type ${Number(node.id.text)} '${node.name.text}'`);
      return;
    case "bucket":
      traceBucket(node, map, lines);
      return;
    case "rule":
      // 18.2 on warn of the ignored sizes while reading the rule, before its steps
      if (warns && node.minSize) lines.push(MIN_SIZE_WARNING);
      if (warns && node.maxSize) lines.push(MAX_SIZE_WARNING);
      // a class take names the shadow bucket crushtool made for that class, ITEM~CLASS
      for (const step of node.steps) {
        if (step.op !== "take") continue;
        const remapped = step.class ? ` remapped to ${step.item.text}~${step.class.text}` : "";
        lines.push(`rule ${node.name?.text ?? ""} take ${step.item.text}${remapped}`);
      }
      return;
    case "choose_args":
      return;
  }
}

/**
 * A bucket's `id` lines as written, then its id (given or assigned), size and weight. The size is
 * CrushCompiler's: the item count, or the largest explicit `pos` if that is larger. The weight is
 * the 32-bit sum of the item weights turned to a float and divided by 0x10000 in float, printed
 * as `ostream <<` prints it (six significant digits).
 */
function traceBucket(node: BucketNode, map: CrushMap, lines: string[]): void {
  const name = node.name.text;
  for (const id of node.ids) {
    lines.push(`bucket ${name} id ${Number(id.id.text)}${id.class ? ` class '${id.class.text}'` : ""}`);
  }
  const bucket = map.buckets.find((b) => b.name === name)!;
  let size = node.items.length;
  for (const item of node.items) if (item.pos) size = Math.max(size, Number(item.pos.text));
  let sum = 0;
  for (const item of bucket.items) sum = (sum + item.weight) >>> 0;
  const weight = Math.fround(Math.fround(sum) / 0x10000);
  lines.push(`bucket ${name} (${bucket.id}) ${size} items and weight ${formatG(weight)}`);
}
