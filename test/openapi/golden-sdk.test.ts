import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";
import type { GeneratedFile } from "../../generator/src/core/generated-file.js";
import { emitSdk } from "../../generator/src/openapi/emit-sdk.js";
import { emitTypes, usesReadWrite } from "../../generator/src/openapi/emit-types.js";
import { loadOpenApiDir } from "../../generator/src/openapi/load.js";
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

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join("/"))
    .sort();
}

describe("OpenAPI SDK golden files (test/golden/openapi-sdk)", () => {
  it("generates exactly the expected files, byte for byte (UPDATE_GOLDEN=1 rewrites them)", async () => {
    const files = await generateSdk();
    if (process.env.UPDATE_GOLDEN === "1") {
      await rm(EXPECTED, { recursive: true, force: true });
      for (const file of files) {
        await mkdir(dirname(join(EXPECTED, file.path)), { recursive: true });
        await writeFile(join(EXPECTED, file.path), file.content);
      }
    }
    expect(files.map((f) => f.path).sort()).toEqual(await listFiles(EXPECTED));
    for (const file of files) {
      expect(file.content, file.path).toBe(await readFile(join(EXPECTED, file.path), "utf8"));
    }
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
