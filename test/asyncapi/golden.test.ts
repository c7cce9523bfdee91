import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { generate } from "../../generator/src/generate.js";
import { expectGolden } from "../support/golden.js";

/**
 * Golden files: each case under test/golden/asyncapi/<case>/ holds `contracts/asyncapi/*.yaml`
 * and `expected/` (what `concord generate` writes for it, byte for byte). `UPDATE_GOLDEN=1`
 * rewrites `expected/`; review the diff like code.
 */
const goldenRoot = join(dirname(fileURLToPath(import.meta.url)), "../golden/asyncapi");
const cases = ["v3-shop", "v2-shop", "v3-streetlights"];

describe("AsyncAPI golden files", { timeout: 120_000 }, () => {
  for (const name of cases) {
    it(`${name}: generates exactly the expected files`, async () => {
      const dir = join(goldenRoot, name);
      await expectGolden(await generate(join(dir, "contracts")), join(dir, "expected"));
    });
  }

  it("is deterministic: two runs give the same bytes", async () => {
    const dir = join(goldenRoot, "v3-shop", "contracts");
    expect(await generate(dir)).toEqual(await generate(dir));
  });
});
