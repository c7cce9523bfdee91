/**
 * Schemathesis 4.x against the gateway of each order flow, with every check it has: no server
 * error, no undocumented status, no schema-valid request rejected, no response (or status-stream
 * event) that breaks contracts/openapi/gateway.yaml. Each flow gets a fresh system on this file's
 * own broker and a registered, funded user whose token Schemathesis sends. The binary comes from
 * `scripts/install-schemathesis.sh` (a venv under .cache/, which `scripts/test-all.sh` runs).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { OrderFlow } from "../../services/shared/config.js";
import { useOwnBroker, useTestSystem } from "./support/system.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const schemathesis = `${repoRoot}.cache/schemathesis/bin/schemathesis`;
/** Test cases per operation and phase, and the time budget of one flow's run (seconds). */
const maxExamples = Number(process.env.FUZZ_MAX_EXAMPLES ?? 20);
const maxTime = Number(process.env.FUZZ_MAX_TIME ?? 45);

const own = useOwnBroker();

function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: "1", SCHEMATHESIS_TELEMETRY: "false" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, output }));
  });
}

describe.each<OrderFlow>(["sync", "async", "hybrid"])("ORDER_FLOW=%s", (flow) => {
  const test = useTestSystem(own, flow);

  it("schemathesis run --checks all: nothing found", async () => {
    expect(existsSync(schemathesis), `${schemathesis} is missing: run bash scripts/install-schemathesis.sh`).toBe(true);
    const { client, system } = test;
    const { token } = await client.newUser(`fuzz-${flow}`);
    expect((await client.deposit(token, 1_000_000)).status).toBe(200);
    const started = Date.now();
    const { code, output } = await run(schemathesis, [
      "run",
      "contracts/openapi/gateway.yaml",
      "--url",
      `${system.gatewayUrl}/api/v1`,
      "--header",
      `Authorization: Bearer ${token}`,
      "--checks",
      "all",
      "--max-examples",
      String(maxExamples),
      "--max-time",
      String(maxTime),
      "--request-timeout",
      "15",
      "--seed",
      process.env.FUZZ_SEED ?? "9",
    ]);
    console.log(
      `schemathesis, ORDER_FLOW=${flow}, ${((Date.now() - started) / 1000).toFixed(1)} s, exit ${code}:\n${output.slice(-20_000)}`,
    );
    expect(code, "schemathesis found problems: see its report above").toBe(0);
  }, 240_000);
});
