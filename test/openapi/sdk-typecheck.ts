import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");

/**
 * Type-checks a folder of generated code with the repository's TypeScript, strict, resolving
 * `@concordkit/runtime` and its entries to runtime/src. Spawned, so its memory and time are its own.
 */
export async function typecheckFolder(dir: string): Promise<{ code: number; output: string; ms: number }> {
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      lib: ["ES2023", "DOM", "DOM.Iterable"],
      module: "ESNext",
      moduleResolution: "Bundler",
      strict: true,
      noUncheckedIndexedAccess: true,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      skipLibCheck: true,
      noEmit: true,
      types: [],
      paths: {
        "@concordkit/runtime": [join(ROOT, "runtime/src/index.ts")],
        "@concordkit/runtime/*": [join(ROOT, "runtime/src/*")],
      },
    },
    include: ["**/*.ts"],
  };
  await writeFile(join(dir, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);
  const started = performance.now();
  const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
  return await new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--max-old-space-size=4096", tsc, "-p", dir], { cwd: dir });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", fail);
    child.on("close", (code) => done({ code: code ?? 1, output, ms: Math.round(performance.now() - started) }));
  });
}
