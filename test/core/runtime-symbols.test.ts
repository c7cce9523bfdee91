import { readdirSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runtime } from "../../generator/src/core/runtime-symbols.js";
import { importLines } from "../../generator/src/core/imports.js";
import type { ImportSymbol } from "../../generator/src/core/ts-file.js";
import { typecheck } from "../support/typecheck.js";

const root = join(import.meta.dirname, "../..");
const symbols = Object.values(runtime).flatMap((entry) => Object.values(entry));

describe("the runtime symbol table", () => {
  it("names only values each runtime entry exports at run time", async () => {
    const missing: string[] = [];
    for (const symbol of symbols.filter((s) => !s.typeOnly)) {
      const module = (await import(symbol.from)) as Record<string, unknown>;
      if (module[symbol.name] === undefined) missing.push(`${symbol.from} ${symbol.name}`);
    }
    expect(missing).toEqual([]);
    expect(symbols.filter((s) => !s.typeOnly).length).toBeGreaterThan(10);
  });

  it("is the only way an emitter reaches the runtime: no emitter names an entry itself", () => {
    const src = join(root, "generator/src");
    const offenders = readdirSync(src, { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".ts") && !/^core\/runtime-(entries|symbols)\.ts$/.test(file))
      .filter((file) => /\bruntimeEntry\b|from "@concordkit\/runtime/.test(readFileSync(join(src, file), "utf8")));
    expect(offenders).toEqual([]);
  });

  it("names only types each runtime entry exports (tsc --strict on a file re-exporting every one)", async () => {
    // Inside the repository, where tsc finds the packages the root tsconfig names (@types/node).
    await mkdir(join(root, ".tmp"), { recursive: true });
    const dir = await mkdtemp(join(root, ".tmp", "runtime-symbols-"));
    try {
      const reexport = (list: readonly ImportSymbol[]) =>
        [...importLines(list), `export type { ${list.map((s) => s.name).join(", ")} };`, ""].join("\n");
      // One file per entry: two entries may export a type of the same name (SuccessStatus).
      for (const [entry, table] of Object.entries(runtime)) {
        const list = Object.values(table).filter((s) => s.typeOnly);
        if (list.length > 0) await writeFile(join(dir, `${entry}.ts`), reexport(list));
      }
      const result = await typecheck(dir);
      expect(result.output).toBe("");
      expect(result.code).toBe(0);
      // The same check on a name the runtime does not export must fail, or it proves nothing.
      await writeFile(join(dir, "sdk.ts"), reexport([{ ...runtime.sdk.Client, name: "NoSuchRuntimeType" }]));
      expect((await typecheck(dir)).output).toMatch(/error TS2305: .* has no exported member 'NoSuchRuntimeType'/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
