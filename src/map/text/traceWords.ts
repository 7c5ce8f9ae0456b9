/**
 * The words crushtool's CrushCompiler writes on stderr while it compiles text: the `-v` trace
 * (one piece per tunable, device, type, bucket id line, bucket summary and rule take) and its
 * error messages. Each function returns the exact bytes, newline included, so the compiler can
 * hand them out as it goes and stop where crushtool stops.
 */
import { formatG } from "../../analysis/formatFloat.js";

export const traceTunable = (name: string, value: number): string => `tunable ${name} ${value}\n`;

export const traceDevice = (id: number, name: string, cls: string | undefined): string =>
  `device ${id} '${name}'${cls !== undefined ? ` class '${cls}'` : ""}\n`;

export const traceType = (id: number, name: string): string => `type ${id} '${name}'\n`;

/** The start of a bucket's `id` line; crushtool ends it only once the class (if any) is accepted. */
export const traceBucketId = (bucket: string, id: number): string => `bucket ${bucket} id ${id}`;

export const traceBucketIdEnd = (cls: string | undefined): string => (cls !== undefined ? ` class '${cls}'\n` : "\n");

/**
 * A bucket's summary: id, size and weight, the 32-bit sum of the item weights turned to a float
 * and divided by 0x10000 in float, printed as `ostream <<` prints it (six significant digits).
 */
export const traceBucket = (bucket: string, id: number, size: number, weightSum: number): string =>
  `bucket ${bucket} (${id}) ${size} items and weight ${formatG(Math.fround(Math.fround(weightSum) / 0x10000))}\n`;

/** A rule's `step take`; a class take names the shadow bucket crushtool made for it, ITEM~CLASS. */
export const traceTake = (rule: string, item: string, cls: string | undefined): string =>
  `rule ${rule} take ${item}${cls !== undefined ? ` remapped to ${item}~${cls}` : ""}\n`;

/** Ceph's `(float)w / (float)0x10000` printed by `ostream <<`. */
export const cephWeight = (w: number): string => formatG(Math.fround(Math.fround(w) / 0x10000));
