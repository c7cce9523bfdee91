import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadOpenApiDir } from "../../generator/src/openapi/load.js";

const DIR = resolve(import.meta.dirname, "../../contracts/openapi");

describe("contracts/openapi", () => {
  it("every document validates against the OpenAPI schema of its version and resolves", async () => {
    const files = readdirSync(DIR).filter((name) => /\.(ya?ml|json)$/.test(name));
    expect(files.length).toBeGreaterThan(0);
    const models = await loadOpenApiDir(DIR);
    expect(models.map((m) => m.sourceFile)).toEqual(files.sort().map((name) => `openapi/${name}`));
    for (const model of models) {
      expect(model.operations.length, model.name).toBeGreaterThan(0);
      expect(new Set(model.operations.map((op) => op.operationId)).size).toBe(model.operations.length);
    }
  });

  it("the gateway API declares what the SDK builds on: bearer auth, an idempotent create, an SSE stream", async () => {
    const [gateway] = (await loadOpenApiDir(DIR)).filter((m) => m.name === "gateway");
    expect(gateway).toBeDefined();
    expect(Object.values(gateway!.securitySchemes)).toContainEqual(expect.objectContaining({ type: "http", scheme: "bearer" }));
    const create = gateway!.operations.find((op) => op.method === "post" && op.path.endsWith("/order"));
    expect(create?.idempotencyKey?.name.toLowerCase()).toBe("idempotency-key");
    expect(gateway!.operations.some((op) => op.isEventStream && op.path.includes("status-stream"))).toBe(true);
  });
});
