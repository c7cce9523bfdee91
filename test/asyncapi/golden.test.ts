import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { generate } from "../../generator/src/generate.js";

/**
 * Golden files: each case under test/golden/asyncapi/<case>/ holds `contracts/asyncapi/*.yaml`
 * and `expected/` (what `concord generate` writes for it, byte for byte). `UPDATE_GOLDEN=1`
 * rewrites `expected/`; review the diff like code.
 */
const goldenRoot = join(dirname(fileURLToPath(import.meta.url)), "../golden/asyncapi");
const update = process.env["UPDATE_GOLDEN"] === "1";
const cases = ["v3-shop", "v2-shop"];

describe("AsyncAPI golden files", { timeout: 120_000 }, () => {
  for (const name of cases) {
    it(`${name}: generates exactly the expected files`, async () => {
      const dir = join(goldenRoot, name);
      const files = await generate(join(dir, "contracts"));
      const expectedDir = join(dir, "expected");
      if (update) {
        await rm(expectedDir, { recursive: true, force: true });
        for (const file of files) {
          const target = join(expectedDir, ...file.path.split("/"));
          await mkdir(dirname(target), { recursive: true });
          await writeFile(target, file.content);
        }
      }
      expect(existsSync(expectedDir), `${expectedDir} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
      expect(files.map((f) => f.path)).toEqual(await listFiles(expectedDir));
      for (const file of files) {
        expect(file.content, file.path).toBe(await readFile(join(expectedDir, ...file.path.split("/")), "utf8"));
      }
    });
  }

  it("is deterministic: two runs give the same bytes", async () => {
    const dir = join(goldenRoot, "v3-shop", "contracts");
    expect(await generate(dir)).toEqual(await generate(dir));
  });
});

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join("/"))
    .sort();
}
