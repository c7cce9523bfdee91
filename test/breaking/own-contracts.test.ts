import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const CONTRACTS = join(import.meta.dirname, "..", "..", "contracts");

describe("concord breaking on this repository's own contracts", () => {
  it("loads every OpenAPI, AsyncAPI and proto contract and finds no change against itself", async () => {
    const diff = await runCli("diff", "--contracts", CONTRACTS, "--against", CONTRACTS, "--format", "json");
    expect(diff.err).toBe("");
    expect(diff.code).toBe(0);
    expect((JSON.parse(diff.out) as { findings: unknown[] }).findings).toEqual([]);
  }, 60_000);

  it("sees a partition decrease in the shared channels file through every document that references it", async () => {
    const copy = join(await mkdtemp(join(tmpdir(), "concord-own-")), "contracts");
    await cp(CONTRACTS, copy, { recursive: true });
    const channels = join(copy, "asyncapi", "common", "channels.yaml");
    const text = await readFile(channels, "utf8");
    expect(text).toContain("address: order.status.changed");
    await writeFile(channels, text.replace(/(address: order\.status\.changed[\s\S]*?partitions: )\d+/, "$11"));
    const { code, out } = await runCli("breaking", "--contracts", copy, "--against", CONTRACTS, "--format", "json");
    expect(code).toBe(1);
    const findings = (JSON.parse(out) as { findings: { rule: string; file: string }[] }).findings;
    expect(findings.length).toBeGreaterThan(0);
    expect(new Set(findings.map((f) => f.rule))).toEqual(new Set(["topic-partitions-decreased"]));
  }, 60_000);
});
