/**
 * Benchmark: an SDK for GitHub's REST description (@octokit/openapi) by Concord (SDK + server
 * stubs, and SDK alone), openapi-typescript (types only), orval (fetch client) and
 * @hey-api/openapi-ts (default plugins), each as a child process under `/usr/bin/time -v` so peak
 * memory is the child's own; then the min+gz size of the SDK runtime core next to openapi-fetch's.
 * Run: npx tsx bench/openapi-sdk.ts  (ROUNDS=n for more rounds; the median is reported)
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const ROOT = resolve(import.meta.dirname, "..");
const BIN = join(ROOT, "node_modules/.bin");
const require = createRequire(import.meta.url);
const SPEC = require.resolve("@octokit/openapi/generated/api.github.com.json");
const ROUNDS = Number(process.env.ROUNDS ?? 1);

interface Run {
  ms: number;
  /** User + system CPU time: far less sensitive than wall time to other work on the machine. */
  cpuMs: number;
  maxRssMiB: number;
  ok: boolean;
  note: string;
}

/** Runs a command under GNU time; wall time measured here, peak RSS from time's report. */
async function measure(command: string, args: string[], cwd: string): Promise<Run> {
  const started = performance.now();
  const hasTime = existsSync("/usr/bin/time");
  const [file, argv] = hasTime ? ["/usr/bin/time", ["-v", command, ...args]] : [command, args];
  return await new Promise((done) => {
    const child = spawn(file, argv, { cwd, env: { ...process.env, NO_COLOR: "1", CI: "1" } });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.on("close", (code) => {
      const ms = Math.round(performance.now() - started);
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(output);
      const seconds = (label: string) => Number(new RegExp(`${label} time \\(seconds\\): ([\\d.]+)`).exec(output)?.[1] ?? NaN);
      const cpuMs = Math.round((seconds("User") + seconds("System")) * 1000);
      const lastLine =
        output
          .split("\n")
          .filter((l) => l.trim() && !/^\s/.test(l) && !l.includes("Command being timed"))
          .at(-1) ?? "";
      done({
        ms,
        cpuMs,
        maxRssMiB: rss ? Math.round(Number(rss[1]) / 1024) : NaN,
        ok: code === 0,
        note: code === 0 ? "" : lastLine.slice(0, 160),
      });
    });
  });
}

function median(runs: Run[]): Run {
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function sizes(work: string): Promise<{ concord: number; openapiFetch: number }> {
  const gz = async (name: string, source: string) => {
    const entry = join(work, `${name}.ts`);
    await writeFile(entry, source);
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      format: "esm",
      target: "es2022",
      write: false,
      absWorkingDir: ROOT,
      nodePaths: [join(ROOT, "node_modules")],
    });
    return gzipSync(result.outputFiles[0]!.contents, { level: 9 }).length;
  };
  const sdk = join(ROOT, "runtime/src/sdk");
  return {
    concord: await gz(
      "concord-core",
      `export { createClient, call } from "${sdk}/client.ts";\nexport { subscribe } from "${sdk}/sse.ts";\nexport { SdkError } from "${sdk}/sdk-error.ts";\n`,
    ),
    openapiFetch: await gz("openapi-fetch", `export { default } from "openapi-fetch";\n`),
  };
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), "concord-bench-openapi-"));
  try {
    const spec = join(work, "github.json");
    await copyFile(SPEC, spec);
    const node = process.execPath;
    const tsx = join(ROOT, "node_modules/tsx/dist/cli.mjs");
    const child = join(ROOT, "bench/openapi-generate-child.ts");
    const tools: [string, string, string[]][] = [
      [
        "openapi-typescript (types only)",
        node,
        [join(ROOT, "node_modules/openapi-typescript/bin/cli.js"), spec, "-o", join(work, "ots/types.ts")],
      ],
      ["concord (types + SDK + server stubs)", node, [tsx, child, spec, join(work, "concord-all")]],
      ["concord (types + SDK)", node, [tsx, child, spec, join(work, "concord-sdk"), "--sdk-only"]],
      ["orval (fetch client)", join(BIN, "orval"), ["--input", spec, "--output", join(work, "orval/github.ts"), "--client", "fetch"]],
      ["@hey-api/openapi-ts", join(BIN, "openapi-ts"), ["-i", spec, "-o", join(work, "hey-api"), "--no-log-file"]],
    ];
    // Rounds go round-robin over the tools, so a burst of other work on the machine hits all of them.
    const runs = new Map<string, Run[]>(tools.map(([name]) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, command, args] of tools) {
        await mkdir(join(work, "ots"), { recursive: true });
        runs.get(name)!.push(await measure(command, args, work));
      }
    }
    const results = new Map<string, Run>();
    console.log(`${"tool".padEnd(38)} ${"wall".padStart(10)} ${"cpu".padStart(10)} ${"peak".padStart(9)}`);
    for (const [name] of tools) {
      const run = median(runs.get(name)!);
      results.set(name, run);
      const status = run.ok ? "" : `  FAILED: ${run.note}`;
      console.log(
        `${name.padEnd(38)} ${String(run.ms).padStart(7)} ms ${String(run.cpuMs).padStart(7)} ms ${String(run.maxRssMiB).padStart(5)} MiB${status}`,
      );
    }
    const base = results.get("openapi-typescript (types only)")!;
    console.log(`\nratios to openapi-typescript (time, memory), ${ROUNDS} round(s), spec ${SPEC.split("node_modules/")[1]}:`);
    for (const [name, run] of results) {
      if (run === base || !run.ok) continue;
      console.log(
        `  ${name.padEnd(36)} ${(run.ms / base.ms).toFixed(2)}x wall  ${(run.cpuMs / base.cpuMs).toFixed(2)}x cpu  ${(run.maxRssMiB / base.maxRssMiB).toFixed(2)}x memory`,
      );
    }
    const all = results.get("concord (types + SDK + server stubs)")!;
    const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
    console.log(
      `  target: concord SDK + stubs <= 1.20x time -> wall ${verdict(all.ms / base.ms <= 1.2)}, cpu ${verdict(all.cpuMs / base.cpuMs <= 1.2)}; peak < 500 MiB -> ${verdict(all.maxRssMiB < 500)}`,
    );
    const size = await sizes(work);
    console.log(
      `\nSDK runtime core, min+gz: concord ${size.concord} B (fetch, auth, timeout, retries, SSE) vs openapi-fetch ${size.openapiFetch} B -> ${size.concord <= size.openapiFetch ? "met" : "NOT met"}`,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
