/** `crushmap COMMAND --help`, written from the command's flag table. */
import type { CommandInfo } from "./command.js";
import type { FlagRow } from "./flags.js";
import { metavarOf } from "./parseArgs.js";

/** Help lines start their text in this column unless a label is longer. */
const TEXT_COLUMN = 24;

export function formatHelp(spec: CommandInfo): string {
  const lines = [synopsis(spec), ...(spec.usage ?? []).map((u) => `       ${u}`), "", spec.about.trimEnd(), "", "options:"];
  for (const [key, row] of Object.entries(spec.flags)) {
    if (row.hidden === true) continue;
    lines.push(...rowLines(label(row, (spec.positionals ?? []).includes(key)), helpText(row)));
  }
  lines.push(...rowLines("-h, --help", "this help"));
  return lines.join("\n") + "\n";
}

/** `usage: crushmap NAME [-i] MAP --pool P [options]`: bare arguments, required flags, the rest. */
function synopsis(spec: CommandInfo): string {
  const parts = [`usage: crushmap ${spec.name}`];
  const positionals = spec.positionals ?? [];
  for (const key of positionals) {
    const row = spec.flags[key]!;
    const name = metavarOf(row) + (row.repeatable === true ? "..." : "");
    const flag = row.names[0];
    const shown = flag === undefined ? name : `[${flag}] ${name}`;
    parts.push(row.required === undefined ? `[${shown}]` : shown);
  }
  let optional = false;
  for (const [key, row] of Object.entries(spec.flags)) {
    if (positionals.includes(key) || row.hidden === true) continue;
    if (row.required === undefined) optional = true;
    else parts.push(`${row.names[0]} ${metavarOf(row)}` + (row.repeatable === true ? "..." : ""));
  }
  if (optional) parts.push("[options]");
  return parts.join(" ");
}

function label(row: FlagRow, positional: boolean): string {
  const value = row.value === undefined ? "" : metavarOf(row);
  // a row bare arguments fill: `[-i|--infn] MAP`
  if (positional && row.names.length > 0) return `[${row.names.join("|")}] ${value}`;
  const names = [...row.names, ...(row.negations ?? [])].join(", ");
  if (names === "") return value;
  return value === "" ? names : `${names} ${value}`;
}

function helpText(row: FlagRow): string {
  let text = row.help;
  if (row.repeatable === true) text += " (repeatable)";
  const shown = row.defaultText ?? (typeof row.default === "number" || typeof row.default === "string" ? String(row.default) : undefined);
  if (shown !== undefined) text += `${text.includes("\n") ? "\n" : " "}(default: ${shown})`;
  return text;
}

function rowLines(labelText: string, help: string): string[] {
  const [first = "", ...rest] = help.split("\n");
  const pad = " ".repeat(TEXT_COLUMN);
  const head = `  ${labelText}`;
  const lines = head.length + 2 <= TEXT_COLUMN ? [head.padEnd(TEXT_COLUMN) + first] : [head, pad + first];
  for (const line of rest) lines.push(pad + line);
  return lines;
}
