import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The buf binary of the `@bufbuild/buf` npm package. */
export function bufBinary(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "node_modules", ".bin", "buf");
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return "buf";
    dir = parent;
  }
}

export interface BufRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs buf with `args`, from a neutral working directory so no stray buf.yaml/buf.work.yaml applies. */
export function runBuf(args: readonly string[], cwd: string): Promise<BufRun> {
  return new Promise((done, fail) => {
    const child = spawn(bufBinary(), [...args], { cwd: resolve(cwd), stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", fail);
    child.on("close", (code) =>
      done({ code: code ?? -1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }),
    );
  });
}

/** buf's JSON error lines: one object per line. */
export interface BufAnnotation {
  path: string;
  start_line?: number;
  start_column?: number;
  type: string;
  message: string;
}

export function parseAnnotations(stdout: string): BufAnnotation[] {
  return stdout
    .split("\n")
    .filter((line) => line.trim().startsWith("{"))
    .map((line) => JSON.parse(line) as BufAnnotation);
}
