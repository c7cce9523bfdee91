/**
 * How fast the compiled `concord` command starts and generates, each against a yardstick run in
 * the same script, pair by pair:
 *
 *   - `concord --version` against a bare `node -e ''` (target: median ratio ≤ 3×);
 *   - `concord generate` of the repository's contracts, all three kinds (OpenAPI, proto, AsyncAPI),
 *     into a temp folder, against `buf generate` of its protos alone with protoc-gen-es
 *     (`target=ts`) into another (target: median ratio ≤ 2.5×).
 *
 *   npx tsx bench/cli-start.ts [--runs N]   (default 15 pairs for --version, 7 for generate)
 *
 * Builds nothing: it runs cli/bin/concord.js, which loads cli/dist and generator/dist, and refuses
 * when those are missing or older than their sources (run `npm run build` first). Each command runs
 * once first, uncounted (that run also fills Node's compile cache, which the CLI enables); then the
 * two take turns, which goes first alternating, so drift in machine load hits both alike, and the
 * ratio is taken pair by pair. Wall time is measured here, from spawn to exit; CPU is user + system
 * of the finished child and everything it waited for (Linux; 10 ms ticks). Exits 1 when a target
 * is missed, 2 when the build is missing or stale.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";

const ROOT = resolve(import.meta.dirname, "..");
const BIN = join(ROOT, "node_modules/.bin");
const CONCORD = join(ROOT, "cli/bin/concord.js");
const { values } = parseArgs({ options: { runs: { type: "string" } } });
const RUNS = values.runs === undefined ? undefined : Number(values.runs);
if (RUNS !== undefined && !(Number.isInteger(RUNS) && RUNS > 0)) {
  console.error(`bench/cli-start.ts: --runs must be a positive integer, got ${values.runs}`);
  process.exit(2);
}

/** A source file newer than its compiled file, or without one; undefined when the build is current. */
async function staleBuild(pkg: string): Promise<string | undefined> {
  const src = join(ROOT, pkg, "src");
  const dist = join(ROOT, pkg, "dist");
  if (!existsSync(dist)) return `${pkg}/dist is missing`;
  for (const entry of await readdir(src, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".ts") || entry.name.endsWith(".d.ts")) continue;
    const source = join(entry.parentPath, entry.name);
    const compiled = join(dist, relative(src, source).replace(/\.ts$/, ".js"));
    if (!existsSync(compiled)) return `${relative(ROOT, compiled)} is missing`;
    if (statSync(compiled).mtimeMs < statSync(source).mtimeMs) return `${relative(ROOT, source)} is newer than ${relative(ROOT, compiled)}`;
  }
  return undefined;
}

for (const pkg of ["cli", "generator"]) {
  const stale = await staleBuild(pkg);
  if (stale) {
    console.error(`bench/cli-start.ts: measures the compiled CLI, but ${stale}; run \`npm run build\` first`);
    process.exit(2);
  }
}

/** Children run the same Node as this script (protoc-gen-es's `#!/usr/bin/env node` too), without NODE_OPTIONS. */
const env: NodeJS.ProcessEnv = { ...process.env, PATH: [dirname(process.execPath), BIN, process.env.PATH].join(delimiter) };
delete env.NODE_OPTIONS;

/** CPU seconds of this process's waited-for children so far: /proc/self/stat cutime + cstime, in USER_HZ (100) ticks. */
function childrenCpu(): number | undefined {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

interface Sample {
  wall: number;
  cpu?: number;
}

interface Command {
  label: string;
  argv: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

async function run(command: Command): Promise<Sample> {
  const [file, ...args] = command.argv as [string, ...string[]];
  const cpuBefore = childrenCpu();
  const started = performance.now();
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((done, fail) => {
    const child = spawn(file, args, { cwd: command.cwd, env: command.env ?? env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stderr }));
  });
  const wall = performance.now() - started;
  const cpuAfter = childrenCpu();
  if (code !== 0) {
    console.error(`bench/cli-start.ts: \`${command.label}\` exited ${code}:\n${stderr.trim()}`);
    process.exit(4);
  }
  return { wall: wall / 1000, ...(cpuBefore !== undefined && cpuAfter !== undefined ? { cpu: cpuAfter - cpuBefore } : {}) };
}

interface Paired {
  a: Sample[];
  b: Sample[];
  ratios: number[];
}

/** One uncounted run each, then `runs` pairs, A first in even pairs and B first in odd ones. */
async function paired(a: Command, b: Command, runs: number): Promise<Paired> {
  await run(a);
  await run(b);
  const result: Paired = { a: [], b: [], ratios: [] };
  for (let pair = 0; pair < runs; pair++) {
    let sa: Sample, sb: Sample;
    if (pair % 2 === 0) {
      sa = await run(a);
      sb = await run(b);
    } else {
      sb = await run(b);
      sa = await run(a);
    }
    result.a.push(sa);
    result.b.push(sb);
    result.ratios.push(sa.wall / sb.wall);
  }
  return result;
}

function stats(values: number[]): { min: number; median: number; max: number } {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { min: sorted[0]!, median, max: sorted.at(-1)! };
}

const seconds = (s: number) => s.toFixed(3);
function row(command: Command, samples: Sample[]): string {
  const wall = stats(samples.map((s) => s.wall));
  const cpus = samples.flatMap((s) => (s.cpu === undefined ? [] : [s.cpu]));
  const cpu = cpus.length > 0 ? seconds(stats(cpus).median) : "–";
  return `| \`${command.label}\` | ${samples.length} | ${seconds(wall.min)} | ${seconds(wall.median)} | ${seconds(wall.max)} | ${cpu} |`;
}

const work = await mkdtemp(join(tmpdir(), "concord-cli-start-"));
try {
  await writeFile(
    join(work, "buf.gen.yaml"),
    [
      "version: v2",
      "plugins:",
      `  - local: ${join(BIN, "protoc-gen-es")}`,
      `    out: ${join(work, "buf-out")}`,
      "    opt: target=ts",
      "",
    ].join("\n"),
  );
  const node: Command = { label: "node -e ''", argv: [process.execPath, "-e", ""], cwd: ROOT };
  const version: Command = { label: "concord --version", argv: [process.execPath, CONCORD, "--version"], cwd: ROOT };
  const buf: Command = {
    label: "buf generate contracts/proto (protoc-gen-es, target=ts)",
    argv: [join(BIN, "buf"), "generate", join(ROOT, "contracts/proto"), "--template", join(work, "buf.gen.yaml")],
    cwd: ROOT,
  };
  const generate: Command = {
    label: "concord generate --out <tmp> (openapi, proto, asyncapi)",
    argv: [process.execPath, CONCORD, "generate", "--out", join(work, "concord-out")],
    cwd: ROOT,
  };

  const start = await paired(version, node, RUNS ?? 15);
  const gen = await paired(generate, buf, RUNS ?? 7);
  const uncached = {
    ...generate,
    label: "concord generate --out <tmp>, NODE_DISABLE_COMPILE_CACHE=1",
    env: { ...env, NODE_DISABLE_COMPILE_CACHE: "1" },
  };
  const withoutCache: Sample[] = [];
  for (let i = 0; i < 3; i++) withoutCache.push(await run(uncached));

  const cores = (await import("node:os")).availableParallelism();
  const load = (await import("node:os"))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
  console.log(`node ${process.version}, ${cores} cores, load average ${load}; wall seconds, one uncounted run of each first`);
  console.log("");
  console.log("| command | runs | min s | median s | max s | CPU s (median) |");
  console.log("|---|---|---|---|---|---|");
  console.log(row(version, start.a));
  console.log(row(node, start.b));
  console.log(row(generate, gen.a));
  console.log(row(buf, gen.b));
  console.log(row(uncached, withoutCache));
  console.log("");

  const targets = [
    { name: "concord --version / node -e ''", result: start, target: 3 },
    { name: "concord generate (all kinds) / buf generate (protos)", result: gen, target: 2.5 },
  ];
  let missed = false;
  for (const { name, result, target } of targets) {
    const ratio = stats(result.ratios);
    const ofMedians = stats(result.a.map((s) => s.wall)).median / stats(result.b.map((s) => s.wall)).median;
    const met = ratio.median <= target;
    missed ||= !met;
    console.log(
      `${name}: median of paired ratios ${ratio.median.toFixed(2)}× (min ${ratio.min.toFixed(2)}, max ${ratio.max.toFixed(2)}; ratio of medians ${ofMedians.toFixed(2)}×), target ≤ ${target}×: ${met ? "met" : "MISSED"}`,
    );
  }
  process.exitCode = missed ? 1 : 0;
} finally {
  await rm(work, { recursive: true, force: true });
}
