import { spawn } from "node:child_process";
import { getCompileCacheDir } from "node:module";

export interface ProcessResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

export interface ProcessOptions {
  cwd: string;
  /** Bytes for stdin (a CodeGeneratorRequest); stdin is closed at once without. */
  input?: Uint8Array;
  timeoutMs: number;
}

/** A program that could not be started or ran past its time: a broken environment, not a bad contract. */
export class ToolError extends Error {
  override readonly name = "ToolError";
}

/**
 * Runs a program to completion and resolves with what it printed, whatever its exit code. A Node
 * child (a protoc plugin) shares this process's compile cache, so it starts faster after the first run.
 */
export function runProcess(label: string, command: string, args: readonly string[], options: ProcessOptions): Promise<ProcessResult> {
  const cache = getCompileCacheDir();
  const env = cache && !process.env.NODE_COMPILE_CACHE ? { ...process.env, NODE_COMPILE_CACHE: cache } : process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd: options.cwd, env, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new ToolError(`${label} did not finish within ${options.timeoutMs / 1000} s (in ${options.cwd})`));
    }, options.timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new ToolError(`${label} could not be started (${command}): ${error.message}`));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString("utf8") });
    });
    // A child that exits before reading stdin closes the pipe: its exit code says what went wrong.
    child.stdin.on("error", () => {});
    child.stdin.end(options.input);
  });
}
