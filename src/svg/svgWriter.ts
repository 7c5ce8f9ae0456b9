/**
 * The smallest SVG (and HTML) writer the charts need: elements as strings, text and attributes
 * escaped, numbers rounded one way everywhere. The same input always gives the same bytes:
 * attributes are written in the order given, and a number is written from its rounded value, so
 * 0.1 + 0.2 and 0.3 print alike and -0 prints as 0.
 */

/** One attribute value; undefined leaves the attribute out. */
export type AttrValue = string | number | undefined;

/** Attributes as ordered pairs, so the order written is the order given. */
export type Attrs = readonly (readonly [string, AttrValue])[];

/** Text content: `&`, `<` and `>` escaped (so a device named `<&>` stays text). */
export function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** An attribute value inside double quotes: the text escapes plus `"` and `'`. */
export function escapeAttr(text: string): string {
  return escapeText(text).replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/**
 * A coordinate or value as written: rounded to `digits` decimals (2 by default), trailing zeros
 * dropped, never `-0`, never an exponent (tiny values round to 0, huge ones print whole).
 */
export function num(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return "0";
  const scale = 10 ** digits;
  const rounded = Math.round(value * scale) / scale;
  if (rounded === 0) return "0";
  if (Math.abs(rounded) >= 1e21) return rounded.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 0 });
  return rounded.toFixed(digits).replace(/\.?0+$/, "");
}

function attrText(attrs: Attrs): string {
  let out = "";
  for (const [name, value] of attrs) {
    if (value === undefined) continue;
    out += ` ${name}="${typeof value === "number" ? num(value) : escapeAttr(value)}"`;
  }
  return out;
}

/** `<name attrs>children</name>`; children are already-written markup; none gives `<name …/>`. */
export function el(name: string, attrs: Attrs, children: readonly string[] = []): string {
  if (children.length === 0) return `<${name}${attrText(attrs)}/>`;
  return `<${name}${attrText(attrs)}>${children.join("")}</${name}>`;
}

/** An element holding escaped text. */
export function textEl(name: string, attrs: Attrs, text: string): string {
  return `<${name}${attrText(attrs)}>${escapeText(text)}</${name}>`;
}
