/**
 * The public API is documented: every export of the two entry points (crushmap and crushmap/node)
 * carries a TSDoc description where it is declared, as the TypeScript compiler sees it (a comment
 * above the imports, or one made only of tags, does not count).
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const entries = [join(root, "src/index.ts"), join(root, "src/node/index.ts")];

/** Exports allowed without a description: none. It may never grow. */
const UNDOCUMENTED = new Set<string>([]);

/** Every export of the entry points, and whether its declaration has a TSDoc description. */
function exportsAndDocs(): { name: string; documented: boolean }[] {
  const program = ts.createProgram(entries, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const out: { name: string; documented: boolean }[] = [];
  for (const entry of entries) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
    for (const exp of checker.getExportsOfModule(module)) {
      const sym = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
      out.push({ name: exp.name, documented: sym.getDocumentationComment(checker).length > 0 });
    }
  }
  return out;
}

describe("the public API's documentation", () => {
  const api = exportsAndDocs();

  it("gives every export of crushmap and crushmap/node a TSDoc description", () => {
    expect(api.length).toBeGreaterThan(100);
    const missing = api.filter((e) => !e.documented && !UNDOCUMENTED.has(e.name)).map((e) => e.name);
    expect(missing).toEqual([]);
  });

  it("lists in the allow-list only exports that exist and still lack one", () => {
    const stale = [...UNDOCUMENTED].filter((name) => !api.some((e) => e.name === name && !e.documented));
    expect(stale).toEqual([]);
  });
});
