/**
 * The direction of dependencies, checked in the test command (`npm run deps`):
 * core ← kinds ← breaking/cli inside the generator, kinds never import each other, and the
 * reference services and generated code reach the runtime only through its published entries.
 */
const KINDS = "(openapi|asyncapi|proto)";
const SHARED = "generator/src/(core|schema|source)/";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "shared-imports-kind",
      comment: "core/, schema/ and source/ serve every kind, so they know none of them.",
      severity: "error",
      from: { path: `^${SHARED}` },
      to: { path: [`^generator/src/${KINDS}/`, "^generator/src/breaking/", "^generator/src/(generate|inventory|kinds|config)\\.ts$"] },
    },
    {
      name: "kind-imports-kind",
      comment: "A kind (openapi, asyncapi, proto) is its own pipeline; what two need lives in core/, schema/ or source/.",
      severity: "error",
      from: { path: `^generator/src/${KINDS}/` },
      to: { path: `^generator/src/${KINDS}/`, pathNot: "^generator/src/$1/" },
    },
    {
      name: "kind-imports-breaking",
      comment: "breaking/ runs each kind's reading and comparison, not the other way round.",
      severity: "error",
      from: { path: `^generator/src/(${KINDS.slice(1, -1)}|core|schema|source)/` },
      to: { path: "^generator/src/breaking/" },
    },
    {
      name: "generator-imports-outside",
      comment: "The generator is a package of its own: no CLI, runtime sources, services or tests.",
      severity: "error",
      from: { path: "^generator/src/" },
      to: { path: "^(cli|runtime|services|test|generated|scripts|bench|tools)/" },
    },
    {
      name: "runtime-imports-outside",
      comment: "The runtime is what users install: it depends on no other part of this repository.",
      severity: "error",
      from: { path: "^runtime/src/" },
      to: { path: "^(cli|generator|services|test|generated|scripts|bench|tools)/" },
    },
    {
      name: "cli-imports-generator-internals",
      comment: "The CLI is a thin shell over the generator's public entries (@concordkit/generator, /breaking).",
      severity: "error",
      from: { path: "^cli/src/" },
      to: { path: "^(generator|runtime)/", pathNot: "^(generator|runtime)/package\\.json$" },
    },
    {
      name: "services-import-internals",
      comment: "Services use what a user has: @concordkit/runtime's entries and generated/, no sources of the toolkit.",
      severity: "error",
      from: { path: "^(services|examples)/" },
      to: { path: "^(runtime|generator|cli|test|bench)/" },
    },
    {
      name: "generated-imports-internals",
      comment: "Generated code imports only public entry points and its own folder.",
      severity: "error",
      from: { path: "^generated/" },
      to: { path: "^(runtime|generator|cli|services|test|scripts|bench|tools)/" },
    },
    {
      name: "imports-tests",
      comment: "Tests are not a library: scripts, benchmarks and tools do not import from test/.",
      severity: "error",
      from: { path: "^(scripts|bench|tools|services|examples|generator|runtime|cli)/" },
      to: { path: "^test/" },
    },
    {
      name: "no-circular",
      comment: "A cycle of runtime imports makes load order matter (a cycle through `import type` or a lazy `import()` does not).",
      severity: "error",
      from: { path: "^(generator|runtime|cli)/src/" },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only", "dynamic-import"] } },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(dist|node_modules|\\.cache|\\.tmp)/" },
    // Keep package imports as package paths (node_modules/@concordkit/…), so a rule can tell an
    // import of a published entry from a relative reach into runtime/src.
    preserveSymlinks: true,
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["@concordkit/source", "import", "types", "default"],
      extensions: [".ts", ".js", ".json"],
    },
  },
};
