import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { GeneratedFile } from "../../generator/src/core/generated-file.js";
import { emitSdk } from "../../generator/src/openapi/emit-sdk.js";
import { emitTypes, usesReadWrite } from "../../generator/src/openapi/emit-types.js";
import { loadOpenApiDir } from "../../generator/src/openapi/load.js";
import { expectGolden } from "../support/golden.js";
import { typecheck, withoutNodeTypes } from "../support/typecheck.js";

const CASE = resolve(import.meta.dirname, "../golden/openapi-sdk");
const EXPECTED = join(CASE, "expected");

/** The SDK side of the OpenAPI generator (types.ts + sdk/), per document folder. */
async function generateSdk(): Promise<GeneratedFile[]> {
  const models = await loadOpenApiDir(join(CASE, "contracts/openapi"));
  const files: GeneratedFile[] = [];
  for (const model of models) {
    const readWrite = usesReadWrite(model);
    for (const file of [await emitTypes(model, readWrite), ...emitSdk(model, readWrite)]) {
      files.push({ path: `${model.name}/${file.path}`, content: file.content });
    }
  }
  return files;
}

describe("OpenAPI SDK golden files (test/golden/openapi-sdk)", () => {
  it("generates exactly the expected files, byte for byte (UPDATE_GOLDEN=1 rewrites them)", async () => {
    await expectGolden(await generateSdk(), EXPECTED);
  });

  it("is deterministic: a second run gives the same bytes", async () => {
    expect(await generateSdk()).toEqual(await generateSdk());
  });

  it("type-checks strict, with a usage file proving status narrowing and readOnly/writeOnly types", async () => {
    const dir = await mkdtemp(join(tmpdir(), "concord-golden-sdk-"));
    try {
      await cp(EXPECTED, dir, { recursive: true });
      await cp(resolve(import.meta.dirname, "fixtures/shop-sdk-usage.ts"), join(dir, "usage.ts"));
      const result = await typecheck(dir, withoutNodeTypes);
      expect(result.output).toBe("");
      expect(result.code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
