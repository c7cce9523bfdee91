import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { serialRuns } from "../../cli/src/actions/watch.js";
import { runCli } from "../support/cli.js";
import { waitUntil } from "../../tools/wait.js";

const ROOT = resolve(import.meta.dirname, "../..");
const SCRATCH = join(ROOT, ".tmp", `cli-watch-${process.pid}`);

describe("serialRuns", () => {
  it("never runs twice at once, and a request during a run makes exactly one more run", async () => {
    let active = 0;
    let most = 0;
    let runs = 0;
    let release: (() => void) | undefined;
    const runner = serialRuns(async () => {
      active++;
      most = Math.max(most, active);
      runs++;
      await new Promise<void>((go) => (release = go));
      active--;
    });
    const first = runner.request();
    expect(runs).toBe(1);
    void runner.request();
    void runner.request();
    void runner.request();
    expect(runs).toBe(1);
    release!();
    await waitUntil(
      () => runs === 2,
      1_000,
      () => `runs ${runs}`,
    );
    release!();
    await first;
    await runner.idle();
    expect(runs).toBe(2);
    expect(most).toBe(1);
    // Idle again: the next request starts at once.
    const third = runner.request();
    expect(runs).toBe(3);
    release!();
    await third;
  });
});

/** `concord generate --watch` from the sources, in its own process, with what it printed so far. */
function startWatch(cwd: string): {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<{ code: number | null; signal: string | null }>;
} {
  const child = spawn(
    process.execPath,
    ["--conditions=@concordkit/source", "--import", import.meta.resolve("tsx"), join(ROOT, "cli/src/cli.ts"), "generate", "--watch"],
    { cwd, stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  let err = "";
  child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((done) =>
    child.on("exit", (code, signal) => done({ code, signal })),
  );
  return { child, out: () => out, err: () => err, exited };
}

async function mtimes(root: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    out.set(full.slice(root.length + 1), (await stat(full)).mtimeMs);
  }
  return out;
}

/** The number of finished runs: each ends with one summary line on stdout or one "not generated" on stderr. */
const summaries = (text: string) => text.split("\n").filter((line) => / generated\/: /.test(line)).length;

describe("concord generate --watch", () => {
  afterAll(() => rm(SCRATCH, { recursive: true, force: true }));

  it("regenerates what a change affects, reports errors and keeps watching, and exits 0 on SIGINT", async () => {
    await mkdir(SCRATCH, { recursive: true });
    const dir = await mkdtemp(join(SCRATCH, "project-"));
    expect((await runCli("init", "--openapi", "--asyncapi", "--dir", dir)).code).toBe(0);
    const watch = startWatch(dir);
    const describe = () => `stdout:\n${watch.out()}\nstderr:\n${watch.err()}`;
    try {
      await waitUntil(() => summaries(watch.out()) === 1, 60_000, describe);
      expect(watch.out()).toMatch(/generated\/: \d+ new, 0 changed, 0 removed/);
      const generated = join(dir, "generated");
      const before = await mtimes(generated);
      expect([...before.keys()]).toContain("openapi/tasks/types.ts");

      // An AsyncAPI change: only AsyncAPI files are rewritten.
      const events = join(dir, "contracts/asyncapi/task-events.yaml");
      await writeFile(
        events,
        (await readFile(events, "utf8")).replace("When the task was marked done.", "When the task was marked as done."),
      );
      await waitUntil(() => summaries(watch.out()) === 2, 30_000, describe);
      expect(watch.out()).toContain("changed: contracts/asyncapi/task-events.yaml");
      const changed = watch
        .out()
        .split("\n")
        .filter((line) => line.startsWith("changed   "))
        .map((line) => line.slice("changed   generated/".length));
      expect(changed.length).toBeGreaterThan(0);
      const after = await mtimes(generated);
      for (const [path, mtime] of before) {
        if (changed.includes(path)) {
          expect(path.startsWith("asyncapi/"), path).toBe(true);
          expect(after.get(path), path).toBeGreaterThan(mtime);
        } else {
          expect(after.get(path), path).toBe(mtime);
        }
      }

      // A syntax error: printed with file and line, the output stays, the watch goes on.
      const tasks = join(dir, "contracts/openapi/tasks.yaml");
      const good = await readFile(tasks, "utf8");
      await writeFile(tasks, `${good}oops: [\n`);
      await waitUntil(() => watch.err().includes("not generated"), 30_000, describe);
      expect(watch.err()).toMatch(/contracts\/openapi\/tasks\.yaml:\d+(:\d+)?: .*\[yaml-syntax\]/);
      expect(watch.child.exitCode).toBe(null);
      expect(await mtimes(generated)).toEqual(after);

      // Fixed (with a change): generated again.
      await writeFile(tasks, good.replace("summary: Read a task", "summary: Read one task"));
      await waitUntil(() => summaries(watch.out()) === 3, 30_000, describe);
      expect(watch.out()).toContain("changed   generated/openapi/tasks/sdk/tasks.ts");

      watch.child.kill("SIGINT");
      const exit = await Promise.race([
        watch.exited,
        new Promise<never>((_, fail) => setTimeout(() => fail(new Error(`no exit after SIGINT\n${describe()}`)), 10_000)),
      ]);
      expect(exit).toEqual({ code: 0, signal: null });
      expect(watch.out()).toContain("stopped watching");
    } finally {
      watch.child.kill("SIGKILL");
    }
  }, 180_000);

  it("refuses --watch with --check", async () => {
    const { code, err } = await runCli("generate", "--watch", "--check");
    expect(code).toBe(2);
    expect(err).toContain("--watch and --check cannot be used together");
  });
});
