/**
 * A project in the OS temp folder for the scaffold tests: the fixture contracts, a tsconfig like a
 * user's (nodenext, strict), and this repository's node_modules linked in, so `@concordkit/*`
 * resolve to their sources (the `@concordkit/source` condition) and tsx runs TypeScript. The CLI
 * and the skeleton run as child processes; every wait is bounded.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const repoRoot = resolve(import.meta.dirname, "../../..");
const fixtures = join(import.meta.dirname, "../fixtures/contracts");
/** Node with the repository's resolution: sources for @concordkit/*, TypeScript through tsx. */
const nodeArgs = ["--conditions=@concordkit/source", "--import", "tsx"];

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface Project {
  dir: string;
  /** `concord <args>` from the repository's sources, in the project. */
  concord(args: readonly string[], timeoutMs?: number): Promise<RunResult>;
  /** The project's tsc, strict, no output. */
  typecheck(timeoutMs?: number): Promise<RunResult>;
  /** Runs a TypeScript file of the project with tsx. */
  tsx(args: readonly string[], options?: { env?: Record<string, string>; timeoutMs?: number }): Promise<RunResult>;
  /** Starts a service's main.ts and resolves with its `ready` line. */
  start(main: string, env: Record<string, string>, timeoutMs?: number): Promise<RunningProgram>;
  remove(): Promise<void>;
}

export interface RunningProgram {
  urls: Record<string, string>;
  output(): string;
  /** SIGTERM, then the exit code (bounded wait; SIGKILL past it). */
  stop(timeoutMs?: number): Promise<number | null>;
}

/** `kinds`: which contract folders to copy; `run` replaces `RUN` in the AsyncAPI fixture (unique topics per run). */
export async function createProject(kinds: ReadonlyArray<"proto" | "openapi" | "asyncapi">, run = "x"): Promise<Project> {
  const dir = await mkdtemp(join(tmpdir(), "concord-scaffold-"));
  await symlink(join(repoRoot, "node_modules"), join(dir, "node_modules"), "dir");
  await writeFile(join(dir, "package.json"), `${JSON.stringify({ name: "scaffold-project", private: true, type: "module" }, null, 2)}\n`);
  await writeFile(
    join(dir, "tsconfig.json"),
    `${JSON.stringify(
      {
        compilerOptions: {
          target: "ES2023",
          lib: ["ES2023", "DOM", "DOM.Iterable"],
          types: ["node"],
          module: "nodenext",
          moduleResolution: "nodenext",
          customConditions: ["@concordkit/source"],
          strict: true,
          noUncheckedIndexedAccess: true,
          verbatimModuleSyntax: true,
          skipLibCheck: true,
          noEmit: true,
        },
        include: ["services", "generated"],
      },
      null,
      2,
    )}\n`,
  );
  for (const kind of kinds) await cp(join(fixtures, kind), join(dir, "contracts", kind), { recursive: true });
  if (kinds.includes("asyncapi")) {
    const file = join(dir, "contracts/asyncapi/shop-service.yaml");
    await writeFile(file, (await readFile(file, "utf8")).replaceAll("RUN", run));
  }
  const node = (args: readonly string[], timeoutMs: number, env: Record<string, string> = {}) =>
    runProcess(process.execPath, [...nodeArgs, ...args], { cwd: dir, timeoutMs, env });
  return {
    dir,
    concord: (args, timeoutMs = 60_000) => node([join(repoRoot, "cli/src/cli.ts"), ...args], timeoutMs),
    typecheck: (timeoutMs = 90_000) =>
      runProcess(process.execPath, [join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json", "--strict", "--noEmit"], {
        cwd: dir,
        timeoutMs,
      }),
    tsx: (args, options = {}) => node(args, options.timeoutMs ?? 30_000, options.env),
    start: (main, env, timeoutMs = 30_000) => startProgram(dir, [...nodeArgs, main], env, timeoutMs),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export function runProcess(
  command: string,
  args: readonly string[],
  options: { cwd: string; timeoutMs: number; env?: Record<string, string> },
): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${[command, ...args].join(" ")} took longer than ${options.timeoutMs} ms\n${stdout}\n${stderr}`));
    }, options.timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr, ms: Math.round(performance.now() - started) });
    });
  });
}

async function startProgram(cwd: string, args: readonly string[], env: Record<string, string>, timeoutMs: number): Promise<RunningProgram> {
  const child: ChildProcess = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const exited = new Promise<number | null>((resolvePromise) => child.once("exit", (code) => resolvePromise(code)));
  const urls = await new Promise<Record<string, string>>((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no ready line within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split("\n").find((l) => l.startsWith('{"ready"'));
      if (line) {
        clearTimeout(timer);
        resolvePromise((JSON.parse(line) as { urls: Record<string, string> }).urls);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before it was ready:\n${output}`));
    });
  });
  return {
    urls,
    output: () => output,
    async stop(stopTimeoutMs = 15_000) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), stopTimeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
