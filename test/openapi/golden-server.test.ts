import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadOpenApiFile } from "../../generator/openapi/load.js";
import { emitServerStubs } from "../../generator/openapi/server/emit-server.js";

const CASE = join(dirname(fileURLToPath(import.meta.url)), "../golden/openapi-server");
const EXPECTED = join(CASE, "expected");

/**
 * The server stubs of a small hand-made contract, compared byte for byte with the reviewed files
 * in test/golden/openapi-server/expected. `UPDATE_GOLDEN=1` rewrites them; review the diff.
 */
describe("server stub golden files", () => {
  it("emits exactly the expected files for inventory.yaml", async () => {
    const model = await loadOpenApiFile(join(CASE, "inventory.yaml"), "openapi/inventory.yaml");
    const files = emitServerStubs(model);
    if (process.env.UPDATE_GOLDEN === "1") {
      rmSync(EXPECTED, { recursive: true, force: true });
      for (const file of files) {
        const target = join(EXPECTED, file.path);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, file.content);
      }
    }
    const onDisk = readdirSync(EXPECTED, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(EXPECTED.length + 1).split("\\").join("/"))
      .sort();
    expect(files.map((file) => file.path)).toEqual(onDisk);
    for (const file of files) {
      expect(file.content, file.path).toBe(readFileSync(join(EXPECTED, file.path), "utf8"));
    }
  });

  it("is deterministic: the same contract gives the same bytes", async () => {
    const model = await loadOpenApiFile(join(CASE, "inventory.yaml"), "openapi/inventory.yaml");
    expect(emitServerStubs(model)).toEqual(emitServerStubs(structuredClone(model)));
  });
});
