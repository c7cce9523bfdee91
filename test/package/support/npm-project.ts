/**
 * What test/package needs to treat Concord as a stranger would: pack the workspace packages, make
 * a project in a temporary folder outside the repository, install tarballs and registry packages
 * into it with npm, and run its commands, each child bounded by a timeout.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, parse, resolve, sep } from "node:path";

export const repoRoot = resolve(import.meta.dirname, "../../..");

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunOptions {
  cwd: string;
  /** Kills the child (and its process group) after this long and rejects. */
  timeoutMs: number;
  /** Added to the clean environment of {@link childEnv}. */
  env?: Record<string, string>;
}

/**
 * The environment a child gets: this machine's, without what the test runner and the npm that
 * started it put there (npm_config_local_prefix would point npm at the repository, NODE_OPTIONS
 * could carry a loader), and with a PATH that reaches this Node first and nothing of the
 * repository (its node_modules/.bin would lend the project tools it did not install).
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|VITEST|NODE_OPTIONS$|NODE_PATH$|INIT_CWD$|TSX_|KAFKA_BROKERS$)/i.test(key)) continue;
    env[key] = value;
  }
  const path = (process.env.PATH ?? "")
    .split(delimiter)
    .filter((entry) => entry.length > 0 && !`${resolve(entry)}${sep}`.startsWith(`${repoRoot}${sep}`));
  env.PATH = [dirname(process.execPath), ...path].join(delimiter);
  return { ...env, ...extra };
}

/** Runs `command args` with a timeout; resolves with its exit code and output (a non-zero exit is not an error here). */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: childEnv(options.env),
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group, so a timeout also ends what npm or npx started.
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
      reject(new Error(`${command} ${args.join(" ")} did not finish within ${options.timeoutMs} ms\n${tail(stdout)}\n${tail(stderr)}`));
    }, options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr, ms: Math.round(performance.now() - started) });
    });
  });
}

/** Like {@link run}, but a non-zero exit rejects with the command's output. */
export async function runOk(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} exited ${result.code ?? result.signal} in ${options.cwd}\n${tail(result.stdout)}\n${tail(result.stderr)}`,
    );
  }
  return result;
}

function tail(text: string, lines = 40): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

export interface Tarballs {
  runtime: string;
  generator: string;
  cli: string;
}

/**
 * `npm pack` of the three workspace packages from the repository root (their prepack builds dist/).
 * One pack at a time across the run's test files (a lock folder in .cache/): a prepack's tsc
 * rewrites dist/ in place, and would do so under another file's pack while it reads dist/ into its
 * tarballs. Waiting for the lock is bounded by `timeoutMs` too.
 */
export async function packWorkspaces(destination: string, timeoutMs: number): Promise<Tarballs> {
  await withRepoLock("npm-pack", timeoutMs, () =>
    runOk("npm", ["pack", "--workspace", "runtime", "--workspace", "generator", "--workspace", "cli", "--pack-destination", destination], {
      cwd: repoRoot,
      timeoutMs,
    }),
  );
  const files = await readdir(destination);
  const find = (name: string): string => {
    const file = files.find((entry) => entry.startsWith(`concordkit-${name}-`) && entry.endsWith(".tgz"));
    if (!file) throw new Error(`npm pack wrote no @concordkit/${name} tarball into ${destination}: ${files.join(", ")}`);
    return join(destination, file);
  };
  return { runtime: find("runtime"), generator: find("generator"), cli: find("cli") };
}

/**
 * Runs `body` holding `.cache/<name>.lock` of the repository (a folder: mkdir is atomic), waiting
 * at most `timeoutMs` for it. A lock whose holder is gone (its pid is not running, or it never
 * wrote one within a minute) is taken over.
 */
export async function withRepoLock<T>(name: string, timeoutMs: number, body: () => Promise<T>): Promise<T> {
  const lock = join(repoRoot, ".cache", `${name}.lock`);
  await mkdir(dirname(lock), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const pid = Number(await readFile(join(lock, "pid"), "utf8").catch(() => ""));
    const age = Date.now() - ((await stat(lock).catch(() => undefined))?.mtimeMs ?? Date.now());
    if ((pid > 0 && !isRunning(pid)) || (!pid && age > 60_000)) {
      await rm(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`${lock} was held (by pid ${pid || "?"}) for longer than ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 250));
  }
  try {
    await writeFile(join(lock, "pid"), String(process.pid));
    return await body();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** `name@version` with the version this repository has installed, so npm's cache can serve it. */
export async function pinned(name: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(repoRoot, "node_modules", name, "package.json"), "utf8")) as { version: string };
  return `${name}@${manifest.version}`;
}

/** A temporary folder under the OS's, outside the repository; nothing above it holds node_modules. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  if (`${dir}${sep}`.startsWith(`${repoRoot}${sep}`)) throw new Error(`${dir} is inside the repository`);
  for (let parent = dirname(dir); ; parent = dirname(parent)) {
    if (existsSync(join(parent, "node_modules"))) throw new Error(`${join(parent, "node_modules")} would lend packages to ${dir}`);
    if (parent === parse(parent).root) break;
  }
  return dir;
}

/** Writes a package.json (`"type": "module"`) into a new folder. */
export async function createProject(dir: string, name: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "package.json"), `${JSON.stringify({ name, version: "1.0.0", private: true, type: "module" }, null, 2)}\n`);
}

/** `npm install` from the cache where it can (the registry otherwise), without audit and funding chatter. */
export function npmInstall(
  dir: string,
  specs: readonly string[],
  timeoutMs: number,
  extraArgs: readonly string[] = [],
): Promise<RunResult> {
  return runOk("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", ...extraArgs, ...specs], { cwd: dir, timeoutMs });
}

/** A fixture program's output: exactly one line, JSON, of what it saw. */
export function jsonLine<T = Record<string, unknown>>(result: RunResult): T {
  const lines = result.stdout.trim().split("\n");
  try {
    if (lines.length !== 1) throw new Error("not one line");
    return JSON.parse(lines[0]!) as T;
  } catch {
    throw new Error(`expected one JSON line, got:\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
}
