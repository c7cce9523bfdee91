import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { typecheck, withoutNodeTypes } from "../support/typecheck.js";

const ROOT = resolve(import.meta.dirname, "../..");
const SPEC = createRequire(import.meta.url).resolve("@octokit/openapi/generated/api.github.com.json");

interface ChildStats {
  operations: number;
  files: number;
  bytes: number;
  totalMs: number;
  maxRssMiB: number;
}

/** Generates types.ts + sdk/ for one spec in a child process (bench/openapi-generate-child.ts). */
function generateInChild(spec: string, out: string): Promise<ChildStats> {
  const tsx = join(ROOT, "node_modules/tsx/dist/cli.mjs");
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [tsx, join(ROOT, "bench/openapi-generate-child.ts"), spec, out, "--sdk-only"], { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", fail);
    child.on("close", (code) => (code === 0 ? done(JSON.parse(stdout.trim().split("\n").at(-1)!) as ChildStats) : fail(new Error(stderr))));
  });
}

describe("generality: GitHub's REST description (@octokit/openapi), a spec no one here wrote", () => {
  it("generates an SDK for every operation, and the SDK type-checks strict", async () => {
    const dir = await mkdtemp(join(tmpdir(), "concord-octokit-"));
    try {
      const stats = await generateInChild(SPEC, join(dir, "github"));
      console.log(
        `octokit SDK: ${stats.operations} operations, ${stats.files} files, ${(stats.bytes / 1e6).toFixed(1)} MB in ${stats.totalMs} ms, peak RSS ${stats.maxRssMiB} MiB`,
      );
      expect(stats.operations).toBeGreaterThan(900);
      expect(stats.maxRssMiB).toBeLessThan(1024);
      const check = await typecheck(dir, withoutNodeTypes);
      console.log(`octokit SDK type-check: ${check.ms} ms`);
      expect(check.output).toBe("");
      expect(check.code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
