/**
 * Type-checks generated code the root tsconfig does not cover, with this repository's compiler
 * and its strict options (the root tsconfig.json). tsc runs as a child process, so a large
 * input's memory and time are its own.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";

const repoRoot = join(import.meta.dirname, "../..");

export interface TypecheckResult {
  code: number;
  /** tsc's diagnostics; empty when the files type-check. */
  output: string;
  ms: number;
}

export interface TypecheckOptions {
  /** Globs relative to `dir`; every .ts file below it by default. */
  include?: string[];
  /** Over the root tsconfig's, e.g. `types: []` for code that must compile without Node's types. */
  compilerOptions?: Record<string, unknown>;
}

/** For the REST SDK, which runs in browsers too: it must compile without Node's types. */
export const withoutNodeTypes: TypecheckOptions = { compilerOptions: { types: [] } };

/** Writes `dir/tsconfig.json`, extending the root one, and runs tsc on it. */
export async function typecheck(dir: string, options: TypecheckOptions = {}): Promise<TypecheckResult> {
  const tsconfig = {
    extends: join(repoRoot, "tsconfig.json"),
    compilerOptions: { paths: runtimePaths(), ...options.compilerOptions },
    include: options.include ?? ["**/*.ts"],
    exclude: [],
  };
  await writeFile(join(dir, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);
  const tsc = join(repoRoot, "node_modules/typescript/bin/tsc");
  const started = performance.now();
  return await new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--max-old-space-size=4096", tsc, "-p", dir], { cwd: dir });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", fail);
    child.on("close", (code) => done({ code: code ?? 1, output, ms: Math.round(performance.now() - started) }));
  });
}

/**
 * `@concordkit/runtime` and its entries mapped to runtime/src, as its package.json's source
 * condition does: a folder outside the repository has no node_modules to find the package in.
 */
function runtimePaths(): Record<string, string[]> {
  const manifest = JSON.parse(readFileSync(join(repoRoot, "runtime/package.json"), "utf8")) as { exports: Record<string, unknown> };
  const paths: Record<string, string[]> = {};
  for (const [entry, target] of Object.entries(manifest.exports)) {
    const source = typeof target === "object" && target !== null ? (target as Record<string, unknown>)["@concordkit/source"] : undefined;
    if (typeof source === "string") paths[`@concordkit/runtime${entry.slice(1)}`] = [join(repoRoot, "runtime", source)];
  }
  return paths;
}
