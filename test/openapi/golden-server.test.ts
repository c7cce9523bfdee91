import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadOpenApiFile } from "../../generator/src/openapi/load.js";
import { emitServerStubs } from "../../generator/src/openapi/server/emit-server.js";
import { expectGolden } from "../support/golden.js";

const CASE = join(dirname(fileURLToPath(import.meta.url)), "../golden/openapi-server");

/** Each contract and the folder of its reviewed stub files. */
const CASES = [
  // OpenAPI 3.0, every server feature; its event stream's `schema` is the events' data.
  { contract: join(CASE, "inventory.yaml"), source: "openapi/inventory.yaml", expected: join(CASE, "expected") },
  // OpenAPI 3.2: event streams described by `itemSchema`, their data by `contentSchema`.
  {
    contract: join(CASE, "../openapi-sdk/contracts/openapi/stream32.yaml"),
    source: "openapi/stream32.yaml",
    expected: join(CASE, "expected-stream32"),
  },
];

/**
 * The server stubs of small hand-made contracts, compared byte for byte with the reviewed files
 * in test/golden/openapi-server/expected*. `UPDATE_GOLDEN=1` rewrites them; review the diff.
 */
describe.each(CASES)("server stub golden files: $source", ({ contract, source, expected }) => {
  it("emits exactly the expected files", async () => {
    const model = await loadOpenApiFile(contract, source);
    await expectGolden(emitServerStubs(model), expected);
  });

  it("is deterministic: the same contract gives the same bytes", async () => {
    const model = await loadOpenApiFile(contract, source);
    expect(emitServerStubs(model)).toEqual(emitServerStubs(structuredClone(model)));
  });
});
