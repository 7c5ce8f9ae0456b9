/**
 * Ceph's XML formatter (`-f xml`, `-f xml-pretty`) and its HTML variant (`-f html`,
 * `-f html-pretty`) over the same value tree the JSON writer walks: an object member's key is its
 * element's tag, an array's elements take the array's item name. Pretty output indents one space
 * per level and ends every element with a newline; an empty section still opens and closes on
 * lines of its own. HTML writes sections the same way and each scalar as `<li>name: value</li>`,
 * a float at C++'s default stream precision.
 */
import type { CephJson } from "./cephJson.js";

/** The characters Ceph's XML escaping rewrites (control characters other than tab and newline). */
const SPECIAL = /[<>&'"\u0000-\u0008\u000b-\u001f\u007f]/g;

const ENTITY: Readonly<Record<string, string>> = { "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" };

/** Text as Ceph's XML escaping writes it: the five entities, control characters as `&#xNN;`. */
function escapeXml(s: string): string {
  return s.replace(SPECIAL, (c) => ENTITY[c] ?? `&#x${c.charCodeAt(0).toString(16).padStart(2, "0")};`);
}

/** Which of the two formatters. */
export type MarkupKind = "xml" | "html";

/** A double as `std::ostream <<` writes it by default: `%g`, six significant digits. */
export function cppDefaultDouble(d: number): string {
  if (Number.isNaN(d)) return "nan";
  if (!Number.isFinite(d)) return d > 0 ? "inf" : "-inf";
  if (d === 0) return Object.is(d, -0) ? "-0" : "0";
  // the exponent after rounding to six digits decides between fixed and scientific
  const [mant, e] = d.toExponential(5).split("e") as [string, string];
  const exp = Number(e);
  if (exp < -4 || exp >= 6) return `${stripZeros(mant)}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return stripZeros(d.toFixed(5 - exp));
}

/** `%g` drops trailing zeros of the fraction, and the point when nothing follows it. */
function stripZeros(s: string): string {
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

function scalarText(v: number | bigint | boolean | string | { readonly kind: "float"; readonly value: number } | { readonly kind: "number"; readonly text: string }, kind: MarkupKind): string {
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return String(v);
  if (typeof v === "string") return escapeXml(v);
  if (v.kind === "number") return v.text;
  return kind === "html" ? cppDefaultDouble(v.value) : String(v.value);
}

/**
 * The XML (or HTML) text of `v` as the element `root`: compact (`-f xml`) or pretty
 * (`-f xml-pretty`).
 * Iterative, so a deep value cannot exhaust the stack.
 */
export function formatCephXml(v: CephJson, root: string, pretty: boolean, kind: MarkupKind = "xml"): string {
  const out: string[] = [];
  // what is left to print: a value under a tag at a depth, or a literal piece of text
  const stack: ({ readonly value: CephJson; readonly tag: string; readonly depth: number } | string)[] = [{ value: v, tag: root, depth: 0 }];
  const nl = pretty ? "\n" : "";
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (typeof top === "string") {
      out.push(top);
      continue;
    }
    const { value, tag, depth } = top;
    // tags are the dump's own fixed names and choose_args ids: Ceph writes them as they are
    const name = tag;
    const indent = pretty ? " ".repeat(depth) : "";
    if (typeof value !== "object" || value.kind === "float" || value.kind === "number") {
      const text = scalarText(value, kind);
      out.push(kind === "html" ? `${indent}<li>${name}: ${text}</li>${nl}` : `${indent}<${name}>${text}</${name}>${nl}`);
      continue;
    }
    out.push(`${indent}<${name}>${nl}`);
    stack.push(`${indent}</${name}>${nl}`);
    const entries: readonly (readonly [string, CephJson])[] = value.kind === "object" ? value.members : value.items.map((i) => [value.item, i] as const);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i]!;
      stack.push({ value: item, tag: key, depth: depth + 1 });
    }
  }
  return out.join("");
}
