import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { ContractError } from "./contract-error.js";
import type { GeneratedFile } from "./generated-file.js";

/** The formatters `format` in concord.config.json can name; each is the project's own install. */
export type Formatter = "biome" | "prettier";

interface FormatterCommand {
  readonly packageName: string;
  /** The package's bin script, as `require.resolve` finds it from the project. */
  readonly bin: string;
  readonly args: readonly string[];
}

const COMMANDS: Record<Formatter, FormatterCommand> = {
  biome: {
    packageName: "@biomejs/biome",
    bin: "@biomejs/biome/bin/biome",
    args: ["format", "--write", "--files-ignore-unknown=true", "--no-errors-on-unmatched", "."],
  },
  prettier: { packageName: "prettier", bin: "prettier/bin/prettier.cjs", args: ["--write", "--ignore-unknown", "--log-level=warn", "."] },
};

/**
 * `files` as the project's formatter prints them, with the project's own formatter settings, the
 * way hey-api's `output.format` and orval's `biome`/`prettier` options run it after generating.
 * Unlike them this formats in memory, before anything is written: the files go to a staging folder
 * inside `root` (so the formatter finds the project's config by walking up from it), the formatter
 * rewrites them there, and they are read back. So `--check` compares formatted output with the
 * committed files, and a formatter that fails leaves the output folder as it was.
 */
export async function formatFiles(files: readonly GeneratedFile[], formatter: Formatter, root: string): Promise<GeneratedFile[]> {
  const command = COMMANDS[formatter];
  const bin = resolveBin(command, root);
  const staging = await mkdtemp(join(root, ".concord-format-"));
  try {
    for (const file of files) {
      const target = join(staging, file.path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.content);
    }
    await runFormatter(bin, command.args, staging, formatter);
    return await Promise.all(files.map(async (file) => ({ ...file, content: await readFile(join(staging, file.path), "utf8") })));
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

function resolveBin(command: FormatterCommand, root: string): string {
  try {
    return createRequire(join(root, "package.json")).resolve(command.bin);
  } catch {
    throw new ContractError({
      file: "concord.config.json",
      path: "/format",
      rule: "formatter-not-installed",
      message: `format names ${command.packageName}, which is not installed in ${root} (npm install --save-dev ${command.packageName})`,
    });
  }
}

function runFormatter(bin: string, args: readonly string[], cwd: string, formatter: Formatter): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", fail);
    child.on("close", (code) => {
      if (code === 0) done();
      else fail(new Error(`${formatter} could not format the generated files (exit ${code}):\n${stderr.trim().slice(0, 4000)}`));
    });
  });
}
