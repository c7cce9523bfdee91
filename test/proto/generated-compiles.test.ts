import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { writeOutput } from "../../generator/src/core/write-output.js";
import { protoKind } from "../../generator/src/proto/kind.js";
import { typecheck } from "../support/typecheck.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const work = join(repo, ".tmp", `proto-compile-${process.pid}`);

describe("generated proto code for a contract no emitter was tuned for", () => {
  afterAll(() => rm(work, { recursive: true, force: true }));

  it("passes tsc --strict: nested types, all four streaming kinds, proto2, editions, ts-proto output", async () => {
    const config = { proto: { plugin: "ts-proto" } };
    const model = await protoKind.load(join(repo, "test/golden/proto/edge/input"), config);
    const files = await protoKind.emit(model, config);
    expect(files.map((f) => f.path)).toContain("lab/v1/lab_service_client.ts");
    expect(files.map((f) => f.path)).toContain("ts-proto/lab/v1/lab.ts");
    await mkdir(work, { recursive: true });
    await writeOutput(join(work, "out"), files);
    const result = await typecheck(work, { include: ["out"] });
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  }, 120_000);
});
