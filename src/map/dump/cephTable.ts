/**
 * Ceph's table formatter (`-f table`, `-f table-kv`) over the dump's value tree. Every scalar
 * becomes one column named by its sections (innermost first) and its own name, joined with `:`,
 * and a counter
 * of how often that path has come up so far; a dump whose scalars all sit inside sections makes a
 * single row. `table` draws it as a boxed table, `table-kv` as `key::NAME="VALUE" ` pairs.
 */
import type { CephJson } from "./cephJson.js";

/** The columns of `v` under the section `root`: name and text, in dump order. */
function columns(v: CephJson, root: string): [string, string][] {
  const out: [string, string][] = [];
  const seen = new Map<string, number>();
  // what is left to visit: a value under a name, with the path of the sections around it
  const stack: { readonly value: CephJson; readonly name: string; readonly path: string }[] = [{ value: v, name: root, path: "" }];
  while (stack.length > 0) {
    const { value, name, path } = stack.pop()!;
    if (typeof value !== "object" || value.kind === "float" || value.kind === "number") {
      const key = path + name;
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      // floats as the JSON and XML writers print them (only HTML rounds to six digits)
      const text = typeof value !== "object" ? String(value) : value.kind === "float" ? String(value.value) : value.text;
      out.push([`${key}[${n}]`, text]);
      continue;
    }
    const inner = `${name}:${path}`;
    const entries: readonly (readonly [string, CephJson])[] = value.kind === "object" ? value.members : value.items.map((i) => [value.item, i] as const);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i]!;
      stack.push({ value: item, name: key, path: inner });
    }
  }
  return out;
}

/** A `+---+---+` rule over columns of these widths. */
function rule(widths: readonly number[]): string {
  return "+" + widths.map((w) => "-".repeat(w + 3) + "+").join("") + "\n";
}

/** One `| a  | b  |` line: each cell a space, then the text left-aligned in width + 2. */
function line(cells: readonly string[], widths: readonly number[]): string {
  return "|" + cells.map((c, i) => " " + c.padEnd(widths[i]! + 2) + "|").join("") + "\n";
}

/**
 * The text of `v` as the section `root`: a boxed table (header, one row) or, with `keyval`,
 * `key::NAME="VALUE" ` pairs on one line.
 */
export function formatCephTable(v: CephJson, root: string, keyval: boolean): string {
  const cols = columns(v, root);
  if (cols.length === 0) return "";
  if (keyval) return cols.map(([k, t]) => `key::${k}="${t}" `).join("") + "\n";
  const widths = cols.map(([k, t]) => Math.max(k.length, t.length));
  const sep = rule(widths);
  return sep + line(cols.map(([k]) => k), widths) + sep + line(cols.map(([, t]) => t), widths) + sep;
}
