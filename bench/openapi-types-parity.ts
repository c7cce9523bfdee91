/**
 * Checks that `emitTypes` (openapi-typescript's `transformSchema` on the loader's bundled document)
 * prints exactly what openapi-typescript's own `openapiTS()` prints after its Redocly lint and
 * bundle pass, which `emitTypes` skips to save time and memory. Exits 1 on any difference.
 * Run: npx tsx bench/openapi-types-parity.ts [spec…]  (default: our contracts, the golden
 * contracts, the legacy fixture and GitHub's REST description with and without $refs)
 */
import { readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { basename, join, resolve } from "node:path";
import type { OpenAPI3 } from "openapi-typescript";
import { emitTypes, usesReadWrite } from "../generator/src/openapi/emit-types.js";
import { loadOpenApiFile } from "../generator/src/openapi/load.js";

const ROOT = resolve(import.meta.dirname, "..");
const require = createRequire(import.meta.url);
const library = require("openapi-typescript") as typeof import("openapi-typescript");

async function defaultSpecs(): Promise<string[]> {
  const contracts = join(ROOT, "contracts/openapi");
  const ours = (await readdir(contracts)).filter((name) => /\.(ya?ml|json)$/.test(name)).map((name) => join(contracts, name));
  return [
    ...ours.sort(),
    join(ROOT, "test/golden/openapi-sdk/contracts/openapi/shop.yaml"),
    join(ROOT, "test/golden/openapi-server/inventory.yaml"),
    join(ROOT, "test/openapi/fixtures/legacy/openapi/legacy.json"),
    require.resolve("@octokit/openapi/generated/api.github.com.json"),
    require.resolve("@octokit/openapi/generated/api.github.com.deref.json"),
  ];
}

async function sameTypes(spec: string): Promise<boolean> {
  const model = await loadOpenApiFile(spec, `openapi/${basename(spec)}`);
  const readWriteMarkers = usesReadWrite(model);
  const reference = structuredClone(model.document) as unknown as OpenAPI3;
  const expected = library.astToString(await library.default(reference, { silent: true, readWriteMarkers }));
  const actual = (await emitTypes(model, readWriteMarkers)).content;
  // emitTypes puts the generated header first, then openapi-typescript's text.
  return actual.endsWith(`\n${expected}`) && !actual.slice(0, actual.length - expected.length).includes("export ");
}

const specs = process.argv.length > 2 ? process.argv.slice(2) : await defaultSpecs();
let differing = 0;
for (const spec of specs) {
  const shown = spec.startsWith(ROOT) ? spec.slice(ROOT.length + 1) : spec;
  try {
    const same = await sameTypes(spec);
    if (!same) differing++;
    console.log(`${same ? "same" : "DIFFERENT"}  ${shown}`);
  } catch (error) {
    differing++;
    console.log(`FAILED  ${shown}: ${(error as Error).message.split("\n")[0]}`);
  }
}
console.log(`${specs.length - differing}/${specs.length} documents print the same types as openapiTS()`);
process.exitCode = differing === 0 ? 0 : 1;
