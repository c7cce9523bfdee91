import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The buf binary that the `@bufbuild/buf` npm package installs; nothing is downloaded. */
export function bufBinary(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("@bufbuild/buf/package.json")), "bin", "buf");
}

export interface BufResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs buf with `args` in `cwd`; resolves with whatever it printed, whatever the exit code. */
export function runBuf(args: readonly string[], cwd: string, input?: Buffer): Promise<BufResult> {
  return runTool(bufBinary(), args, cwd, input);
}

/** Runs a program to completion, feeding `input` to its stdin and collecting stdout as bytes. */
export function runTool(command: string, args: readonly string[], cwd: string, input?: Buffer): Promise<BufResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString("utf8") });
    });
    child.stdin.end(input);
  });
}
