import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { typecheck } from "../support/typecheck.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
let scratch: string | undefined;

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** The golden outputs are excluded from the repo's tsconfig; this proves they pass `tsc --strict` too. */
describe("AsyncAPI golden outputs type-check", () => {
  it("tsc --strict accepts every expected file", async () => {
    await mkdir(join(root, ".tmp"), { recursive: true });
    scratch = await mkdtemp(join(root, ".tmp", "asyncapi-golden-"));
    const result = await typecheck(scratch, { include: ["../../test/golden/asyncapi/*/expected/**/*"] });
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  }, 180_000);
});
