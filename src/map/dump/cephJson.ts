/**
 * Ceph's JSON formatter, as `crushtool --dump` and `ceph … -f json-pretty` print: members in the
 * order given (a list of pairs, since Ceph's sections are ordered and may repeat keys), 4-space
 * indentation when pretty, `[]` and `{}` for empty sections, floats in their shortest form.
 */

/** A value of Ceph's formatter: a section (object or array), an int, a float or a string. */
export type CephJson =
  | { readonly kind: "object"; readonly members: readonly (readonly [string, CephJson])[] }
  | { readonly kind: "array"; readonly items: readonly CephJson[]; readonly item: string }
  | { readonly kind: "float"; readonly value: number }
  | { readonly kind: "number"; readonly text: string }
  | number
  | bigint
  | boolean
  | string;

/** An object section with members in this order. */
export function section(members: readonly (readonly [string, CephJson])[]): CephJson {
  return { kind: "object", members };
}

/**
 * An array section. `item` is the name each element was dumped under: JSON drops it, XML makes
 * it the element's tag.
 */
export function list(items: readonly CephJson[], item: string): CephJson {
  return { kind: "array", items, item };
}

/** A float, printed as Ceph prints a double: the shortest text that reads back as it. */
export function float(value: number): CephJson {
  return { kind: "float", value };
}

/**
 * A number whose text the caller formatted (a double at `%.17g`, as Ceph's dump_float prints
 * some fields): printed unquoted, as it is.
 */
export function numberText(text: string): CephJson {
  return { kind: "number", text };
}

/** Ceph's string escaping: quotes, backslashes and control characters. */
function quote(s: string): string {
  return JSON.stringify(s);
}

/**
 * The text of `v`: compact (`-f json`) or pretty (`-f json-pretty`). Iterative, so a deep value
 * cannot exhaust the stack.
 */
export function formatCephJson(v: CephJson, pretty: boolean): string {
  const out: string[] = [];
  // a stack of what is left to print: a value at a depth, or a literal piece of text
  const stack: ({ readonly value: CephJson; readonly depth: number } | string)[] = [{ value: v, depth: 0 }];
  const nl = (depth: number): string => (pretty ? "\n" + "    ".repeat(depth) : "");
  const sep = pretty ? ": " : ":";
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (typeof top === "string") {
      out.push(top);
      continue;
    }
    const { value, depth } = top;
    if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") out.push(String(value));
    else if (typeof value === "string") out.push(quote(value));
    else if (value.kind === "float") out.push(String(value.value));
    else if (value.kind === "number") out.push(value.text);
    else {
      const isObject = value.kind === "object";
      const entries: readonly (readonly [string | undefined, CephJson])[] = isObject ? value.members : value.items.map((i) => [undefined, i] as const);
      const [open, close] = isObject ? ["{", "}"] : ["[", "]"];
      if (entries.length === 0) {
        out.push(open + close);
        continue;
      }
      out.push(open);
      stack.push(nl(depth) + close);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i]!;
        stack.push({ value: item, depth: depth + 1 });
        stack.push((i > 0 ? "," : "") + nl(depth + 1) + (key === undefined ? "" : quote(key) + sep));
      }
    }
  }
  return out.join("");
}
