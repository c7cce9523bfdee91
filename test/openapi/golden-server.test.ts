import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadOpenApiFile } from "../../generator/src/openapi/load.js";
import { emitServerStubs } from "../../generator/src/openapi/server/emit-server.js";

const CASE = join(dirname(fileURLToPath(import.meta.url)), "../golden/openapi-server");

/** Each contract and the folder of its reviewed stub files. */
const CASES = [
  // OpenAPI 3.0, every server feature; its event stream's `schema` is the events' data.
  { contract: join(CASE, "inventory.yaml"), source: "openapi/inventory.yaml", expected: join(CASE, "expected") },
  // OpenAPI 3.2: event streams described by `itemSchema`, their data by `contentSchema`.
  { contract: join(CASE, "../openapi-sdk/contracts/openapi/stream32.yaml"), source: "openapi/stream32.yaml", expected: join(CASE, "expected-stream32") },
];

/**
 * The server stubs of small hand-made contracts, compared byte for byte with the reviewed files
 * in test/golden/openapi-server/expected*. `UPDATE_GOLDEN=1` rewrites them; review the diff.
 */
describe.each(CASES)("server stub golden files: $source", ({ contract, source, expected }) => {
  it("emits exactly the expected files", async () => {
    const model = await loadOpenApiFile(contract, source);
    const files = emitServerStubs(model);
    if (process.env.UPDATE_GOLDEN === "1") {
      rmSync(expected, { recursive: true, force: true });
      for (const file of files) {
        const target = join(expected, file.path);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, file.content);
      }
    }
    const onDisk = readdirSync(expected, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(expected.length + 1).split("\\").join("/"))
      .sort();
    expect(files.map((file) => file.path)).toEqual(onDisk);
    for (const file of files) {
      expect(file.content, file.path).toBe(readFileSync(join(expected, file.path), "utf8"));
    }
  });

  it("is deterministic: the same contract gives the same bytes", async () => {
    const model = await loadOpenApiFile(contract, source);
    expect(emitServerStubs(model)).toEqual(emitServerStubs(structuredClone(model)));
  });
});
