import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadOpenApiDir } from "../../generator/src/openapi/load.js";

const LEGACY = resolve(import.meta.dirname, "fixtures/legacy/openapi");
const GOLDEN_SDK = resolve(import.meta.dirname, "../golden/openapi-sdk/contracts/openapi");

describe("OpenAPI loader → model", () => {
  it("reads an event stream's data schema from 3.1 `schema` and from 3.2 `itemSchema` + `contentSchema` alike", async () => {
    const models = await loadOpenApiDir(GOLDEN_SDK);
    const stream = (name: string, operationId: string) =>
      models.find((model) => model.name === name)!.operations.find((op) => op.operationId === operationId)!.responses[0]!;
    const v31 = stream("shop", "watchOrderStatus");
    const v32 = stream("stream32", "watchOrderStatus");
    expect(models.find((model) => model.name === "stream32")!.openapiVersion).toBe("3.2.0");
    expect(v31).toMatchObject({ contentType: "text/event-stream", schema: { $ref: "#/components/schemas/OrderStatusChanged" } });
    expect(v31.itemSchema).toBeUndefined();
    expect(v32).toMatchObject({
      contentType: "text/event-stream",
      schema: { $ref: "#/components/schemas/OrderStatusChanged" },
      itemSchema: { $ref: "#/components/schemas/OrderStatusEvent" },
    });
    // Data without a JSON contentSchema is the `data` string itself.
    expect(stream("stream32", "tailLog").schema).toEqual({ type: "string", minLength: 1 });
  });

  it("loads an OpenAPI 3.0 JSON document whose $refs reach into another file", async () => {
    const [model, ...others] = await loadOpenApiDir(LEGACY);
    expect(others).toEqual([]);
    expect(model).toMatchObject({
      name: "legacy",
      sourceFile: "openapi/legacy.json",
      openapiVersion: "3.0.3",
      title: "Legacy",
      version: "0.9",
      servers: ["http://localhost:8080/v2/"],
      basePath: "/v2",
      securitySchemes: { apiKey: { type: "apiKey", name: "X-Api-Key", in: "header" } },
    });
    expect(JSON.stringify(model!.document)).not.toContain("params.yaml");
    expect(model!.operations.map((op) => [op.method, op.path, op.operationId])).toEqual([
      ["put", "/items/{itemId}", "put-item"],
      ["get", "/items/{itemId}/events", "getItemsItemIdEvents"],
    ]);
  });

  it("merges path-item parameters, finds the idempotency key and prefers JSON bodies", async () => {
    const [model] = await loadOpenApiDir(LEGACY);
    const put = model!.operations[0]!;
    expect(put.parameters.map((p) => `${p.in}:${p.name}:${p.required}`)).toEqual([
      "path:itemId:true",
      "header:idempotency-key:false",
      "query:dryRun:false",
    ]);
    expect(put.idempotencyKey?.name).toBe("idempotency-key");
    expect(put.requestBody).toMatchObject({
      required: false,
      contentType: "application/json",
      contentTypes: ["application/xml", "application/json"],
    });
    expect(put.responses).toMatchObject([
      { status: "200", contentType: "application/json", headers: [{ name: "ETag", required: true }] },
      { status: "default", description: "Failure", contentType: "application/json" },
    ]);
    expect(put.security).toEqual([{ apiKey: [] }]);
    expect(put.tags).toEqual(["Stock Items"]);
    expect(put.pointer).toBe("/paths/~1items~1{itemId}/put");
    expect(put.isEventStream).toBe(false);
  });

  it("marks text/event-stream operations and honours an empty security override", async () => {
    const [model] = await loadOpenApiDir(LEGACY);
    const events = model!.operations[1]!;
    expect(events.isEventStream).toBe(true);
    expect(events.security).toEqual([]);
    expect(events.idempotencyKey).toBeUndefined();
  });

  it("loads the OpenAPI 3.1 golden contract with its readOnly/writeOnly schemas", async () => {
    const [model] = await loadOpenApiDir(resolve(import.meta.dirname, "../golden/openapi-sdk/contracts/openapi"));
    expect(model!.openapiVersion).toBe("3.1.0");
    expect(Object.keys(model!.schemas)).toEqual(["OrderStatus", "Order", "OrderStatusChanged", "Problem"]);
    const create = model!.operations.find((op) => op.operationId === "createOrder")!;
    expect(create.idempotencyKey).toMatchObject({ name: "Idempotency-Key", in: "header", required: true });
    expect(create.security).toEqual([{ bearer: [] }]);
    expect(join(model!.sourceFile)).toBe("openapi/shop.yaml");
  });
});
