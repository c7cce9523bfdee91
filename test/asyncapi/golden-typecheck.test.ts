import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const run = promisify(execFile);
let scratch: string | undefined;

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** The golden outputs are excluded from the repo's tsconfig; this proves they pass `tsc --strict` too. */
describe("AsyncAPI golden outputs type-check", () => {
  it("tsc --strict accepts every expected file", async () => {
    await mkdir(join(root, ".tmp"), { recursive: true });
    scratch = await mkdtemp(join(root, ".tmp", "asyncapi-golden-"));
    const config = {
      extends: "../../tsconfig.json",
      include: ["../../test/golden/asyncapi/*/expected/**/*"],
      exclude: [],
    };
    await writeFile(join(scratch, "tsconfig.json"), JSON.stringify(config));
    const tsc = join(root, "node_modules/typescript/bin/tsc");
    const result = await run(process.execPath, [tsc, "-p", join(scratch, "tsconfig.json"), "--noEmit"], { cwd: root }).then(
      () => "",
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    // Errors in files the golden outputs import (the runtime) are other suites' business.
    const goldenErrors = result.split("\n").filter((line) => line.startsWith("test/golden/"));
    expect(goldenErrors).toEqual([]);
    // …but a config problem (no inputs found, bad option) must not pass for a clean run.
    expect(result).not.toMatch(/error TS(18003|5\d{3}|6\d{3})/);
  }, 180_000);
});
