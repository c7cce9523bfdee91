import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { runProcess, type ProcessResult } from "./run-process.js";

/** Long enough for a large module on a slow machine; buf that runs longer is stuck. */
const BUF_TIMEOUT_MS = 120_000;

/** The buf binary that the `@bufbuild/buf` npm package installs; nothing is downloaded. */
export function bufBinary(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("@bufbuild/buf/package.json")), "bin", "buf");
}

export type BufRun = ProcessResult;

/**
 * Runs buf with `args` in `cwd` (`input` on stdin) and resolves with whatever it printed, whatever
 * the exit code; buf-errors.ts reads what it said. Every command that needs buf (generate, lint,
 * breaking, diff) runs it here. A buf that cannot start or does not finish is a ToolError.
 */
export function runBuf(args: readonly string[], cwd: string, input?: Uint8Array): Promise<BufRun> {
  return runProcess(`buf ${args[0] ?? ""}`.trim(), bufBinary(), args, { cwd, timeoutMs: BUF_TIMEOUT_MS, ...(input ? { input } : {}) });
}
