import { defineConfig, type Options } from "tsup";

type EsbuildPlugin = NonNullable<Options["esbuildPlugins"]>[number];

/**
 * crushmap/node and crushmap/testing import the core as "../index.js". Bundling it would give an entry its own
 * copy of every class (so `instanceof CrushMappingError` would fail across entries); instead the
 * import stays external and points at the core build of the same format.
 */
const coreExternal: EsbuildPlugin = {
  name: "crushmap-core-external",
  setup(build) {
    const core = build.initialOptions.format === "cjs" ? "../index.cjs" : "../index.js";
    build.onResolve({ filter: /^\.\.\/index\.js$/ }, (args) =>
      /[\\/]src[\\/](node|testing)[\\/]/.test(args.importer) ? { path: core, external: true } : undefined,
    );
  },
};

export default defineConfig([
  {
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "es2022",
    platform: "neutral",
  },
  {
    // Node-only: worker-thread bulk mapping. mapWorker is the one mapping worker, self-contained;
    // it must sit next to node/index (or be named by mapRangeParallel's workerUrl), and the CLI
    // starts it from dist/node/ too
    entry: { "node/index": "src/node/index.ts", "node/mapWorker": "src/node/mapWorker.ts" },
    format: ["esm", "cjs"],
    dts: { entry: { "node/index": "src/node/index.ts" } },
    sourcemap: true,
    target: "node20",
    platform: "node",
    shims: true,
    splitting: false,
    esbuildPlugins: [coreExternal],
  },
  {
    // crushmap/testing: fast-check arbitraries and checkers; fast-check is a peer dependency
    entry: { "testing/index": "src/testing/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    target: "es2022",
    platform: "neutral",
    esbuildPlugins: [coreExternal],
  },
  {
    // the CLI, self-contained; its large `test` runs start dist/node/mapWorker.js
    entry: { cli: "src/cli/main.ts" },
    format: ["esm"],
    target: "node20",
    platform: "node",
    splitting: false,
    banner: { js: "#!/usr/bin/env node" },
  },
]);
