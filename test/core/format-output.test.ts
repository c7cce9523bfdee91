import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContractError } from "../../generator/src/core/contract-error.js";
import { generate } from "../../generator/src/generate.js";

const ROOT = resolve(import.meta.dirname, "../..");
/** The longest line of code (formatters leave comments as written). */
const longest = (text: string) =>
  Math.max(
    ...text
      .split("\n")
      .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
      .map((line) => line.length),
  );

describe("format in concord.config.json", () => {
  let project: string;
  beforeAll(async () => {
    // Inside the repository, so the project's formatter (its node_modules) is found from it.
    await mkdir(join(ROOT, ".tmp"), { recursive: true });
    project = await mkdtemp(join(ROOT, ".tmp", "format-"));
    await mkdir(join(project, "contracts/openapi"), { recursive: true });
    await cp(join(ROOT, "contracts/openapi/gateway.yaml"), join(project, "contracts/openapi/gateway.yaml"));
  });
  afterAll(async () => rm(project, { recursive: true, force: true }));

  it("runs the project's Biome with the project's settings over every file, in memory", async () => {
    const plain = await generate(join(project, "contracts"), {}, project);
    await writeFile(join(project, "biome.json"), JSON.stringify({ formatter: { indentStyle: "space", indentWidth: 4, lineWidth: 100 } }));
    const formatted = await generate(join(project, "contracts"), { format: "biome" }, project);
    expect(formatted.map((f) => f.path)).toEqual(plain.map((f) => f.path));
    const sdk = (files: typeof plain) => files.find((f) => f.path === "openapi/gateway/sdk/orders.ts")!.content;
    expect(longest(sdk(plain))).toBeGreaterThan(100);
    expect(longest(sdk(formatted))).toBeLessThanOrEqual(100);
    expect(sdk(formatted)).toMatch(/\n {4}\S/);
    expect(sdk(formatted).split("\n")[0]).toBe(sdk(plain).split("\n")[0]);
    // The staging folder is gone: nothing is left in the project.
    const { readdir } = await import("node:fs/promises");
    expect((await readdir(project)).sort()).toEqual(["biome.json", "contracts"]);
  });

  it("names the missing formatter as a config problem and writes nothing", async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), "concord-format-"));
    try {
      const failure = await generate(join(project, "contracts"), { format: "prettier" }, elsewhere).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ContractError);
      expect((failure as ContractError).problems[0]).toMatchObject({ rule: "formatter-not-installed", path: "/format" });
      expect((failure as Error).message).toContain("npm install --save-dev prettier");
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });
});
