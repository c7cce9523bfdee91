import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ContractError } from "../../generator/src/core/contract-error.js";
import { loadOpenApiFile } from "../../generator/src/openapi/load.js";
import { emitSdk } from "../../generator/src/openapi/emit-sdk.js";
import { emitServerStubs } from "../../generator/src/openapi/server/emit-server.js";
import { planServer } from "../../generator/src/openapi/server/server-plan.js";

const dir = mkdtempSync(join(tmpdir(), "concord-server-emit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function load(paths: Record<string, unknown>, schemas: Record<string, unknown> = {}) {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.json`);
  const document = { openapi: "3.1.0", info: { title: "T", version: "1" }, paths, components: { schemas } };
  writeFileSync(file, JSON.stringify(document));
  return loadOpenApiFile(file, "openapi/t.json");
}

const problem = { description: "error", content: { "application/json": { schema: { $ref: "#/components/schemas/Problem" } } } };
const ok = { description: "ok" };

describe("server stub emitter", () => {
  it("compiles a schema shared by several operations once", async () => {
    const idParam = { name: "id", in: "path", required: true, schema: { type: "integer" } };
    const model = await load(
      {
        "/a/{id}": { get: { operationId: "getA", parameters: [idParam], responses: { "200": ok, "404": problem } } },
        "/b/{id}": { get: { operationId: "getB", parameters: [idParam], responses: { "200": ok, "404": problem } } },
      },
      { Problem: { type: "object", properties: { title: { type: "string" } } } },
    );
    const plan = planServer(model);
    expect(plan.parameterEntries.map((e) => e.exportName)).toEqual(["getAPath"]);
    expect(plan.operations.map((o) => o.parameterValidators.path)).toEqual(["getAPath", "getAPath"]);
    expect(plan.responseEntries.map((e) => e.exportName)).toEqual(["problemResponse"]);
  });

  it("reports a schema ajv cannot compile as a contract error naming the file", async () => {
    const body = { required: true, content: { "application/json": { schema: { type: "string", pattern: "([a-z" } } } };
    const model = await load({ "/x": { post: { operationId: "postX", requestBody: body, responses: { "204": ok } } } });
    let caught: unknown;
    try {
      emitServerStubs(model);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ContractError);
    expect((caught as ContractError).problems[0]).toMatchObject({ file: "openapi/t.json", rule: "schema-not-compilable" });
  });

  it("names the component of a schema ajv cannot compile", async () => {
    const body = { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/Code" } } } };
    const model = await load(
      { "/x": { post: { operationId: "postX", requestBody: body, responses: { "204": ok } } } },
      {
        Code: { type: "string", pattern: "([a-z" },
      },
    );
    expect(() => emitServerStubs(model)).toThrow(ContractError);
    try {
      emitServerStubs(model);
    } catch (error) {
      expect((error as ContractError).problems[0]).toMatchObject({ rule: "schema-not-compilable", path: "/components/schemas/Code" });
    }
  });

  it("compiles what 3.1 allows and ajv dislikes: nullable without type, an empty enum, 3.0's boolean exclusiveMinimum", async () => {
    const schema = {
      type: "object",
      properties: {
        any: { nullable: true, description: "3.0's keyword: an annotation in 3.1" },
        never: { enum: [] },
        positive: { type: "integer", minimum: 0, exclusiveMinimum: true },
      },
    };
    const body = { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/Odd" } } } };
    const model = await load({ "/x": { post: { operationId: "postX", requestBody: body, responses: { "204": ok } } } }, { Odd: schema });
    const files = emitServerStubs(model);
    const validators = files.find((f) => f.path.endsWith("body-validators.ts"))!.content;
    expect(validators).toContain("exclusiveMinimum");
    expect(validators).not.toContain("nullable");
  });

  it("types an inline schema through types.ts, by the same expression as the SDK", async () => {
    const schema = {
      type: "object",
      required: ["kind"],
      properties: {
        kind: { enum: ["a", "b"] },
        note: { type: ["string", "null"] },
        secret: { type: "string", writeOnly: true },
      },
    };
    const response = { description: "ok", content: { "application/json": { schema } } };
    const model = await load({ "/x": { get: { operationId: "get-x", responses: { "200": response } } } });
    const handlers = emitServerStubs(model).find((f) => f.path === "server/handlers.ts")!.content;
    const sdk = emitSdk(model, true).find((f) => f.path === "sdk/x.ts")!.content;
    const body = 'Readable<GetXOperation["responses"][200]["content"]["application/json"]>';
    for (const file of [handlers, sdk]) expect(file).toContain('export type GetXOperation = paths["/x"]["get"];');
    expect(handlers).toContain(`{ status: 200; body: ${body}; headers?: ResponseHeaders }`);
    expect(sdk).toContain(`Success<200, ${body}>`);
  });
});
