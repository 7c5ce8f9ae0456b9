/**
 * The seeds the fuzzer mutates: every text map, binary map and (through mapToJSON) JSON map
 * among the test fixtures. Read once per thread; the order is fixed (sorted paths), so case
 * generation is deterministic.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadCrushMap } from "../../src/map/load.js";
import { mapToJSON } from "../../src/map/json.js";

export interface Corpus {
  readonly texts: readonly string[];
  readonly binaries: readonly Uint8Array[];
  /** JSON forms of the maps that load, as strings. */
  readonly jsons: readonly string[];
  /** Words and numbers of all texts, for swapping one token for another. */
  readonly vocabulary: readonly string[];
}

const FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));

/** Text seeds larger than this are left out: mutating them is slow and finds nothing new. */
const MAX_SEED_BYTES = 64 * 1024;

function files(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(join(FIXTURES, dir))
    .filter(keep)
    .sort()
    .map((f) => join(FIXTURES, dir, f));
}

let cached: Corpus | undefined;

export function loadCorpus(): Corpus {
  if (cached !== undefined) return cached;
  const textFiles = [
    ...files("golden/maps", (f) => f.endsWith(".txt")),
    ...files("text", (f) => f.endsWith(".in.txt")),
    ...files("classes", (f) => /^\d\d-.*\.txt$/.test(f) && !/\.(decompiled|mappings)\.txt$/.test(f)),
    ...files("fuzz", (f) => f.endsWith(".txt") && !/\.(mappings|tree|crushtool-\w+)\.txt$/.test(f)),
  ];
  const texts = textFiles.map((f) => readFileSync(f, "utf8")).filter((t) => t.length <= MAX_SEED_BYTES);
  const binaries = [...files("golden/out", (f) => f.endsWith(".bin")), ...files("fuzz", (f) => f.endsWith(".bin"))]
    .map((f) => new Uint8Array(readFileSync(f)))
    .filter((b) => b.length <= MAX_SEED_BYTES);
  const jsons: string[] = [];
  for (const t of texts) {
    try {
      jsons.push(JSON.stringify(mapToJSON(loadCrushMap(t))));
    } catch {
      // seeds that do not load (the fixtures of refused maps) have no JSON form
    }
  }
  const words = new Set<string>();
  for (const t of texts) for (const w of t.split(/\s+/)) if (w !== "") words.add(w);
  cached = { texts, binaries, jsons, vocabulary: [...words].sort() };
  return cached;
}
