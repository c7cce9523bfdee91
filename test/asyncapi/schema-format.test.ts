/** Payloads in other schema formats: AsyncAPI 3 `{ schemaFormat, schema }`, JSON Schema named explicitly, Avro. */
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { avroToJsonSchema } from "../../generator/src/asyncapi/avro-schema.js";
import { buildModel } from "../../generator/src/asyncapi/build-model.js";
import { loadAsyncApiDocuments } from "../../generator/src/asyncapi/load.js";
import { payloadSchema } from "../../generator/src/asyncapi/schema-format.js";
import { ContractError } from "../../generator/src/core/contract-error.js";

const USER = {
  type: "record",
  name: "com.example.User",
  doc: "A user.",
  fields: [
    { name: "name", type: "string" },
    { name: "age", type: ["null", "int"], default: null },
    { name: "role", type: { type: "enum", name: "Role", symbols: ["ADMIN", "MEMBER"] } },
    { name: "tags", type: { type: "array", items: "string" } },
    { name: "manager", type: ["null", "User"], default: null },
    { name: "id", type: { type: "string", logicalType: "uuid" } },
  ],
};

describe("schema formats", () => {
  it("unwraps { schemaFormat, schema } of JSON Schema and the AsyncAPI schema", () => {
    const schema = { type: "object", properties: { id: { type: "string" } } };
    expect(payloadSchema({ schemaFormat: "application/schema+json;version=draft-07", schema }, undefined)).toEqual(schema);
    expect(payloadSchema({ schemaFormat: "application/vnd.aai.asyncapi+yaml;version=3.0.0", schema }, undefined)).toEqual(schema);
    expect(payloadSchema(schema, "application/vnd.aai.asyncapi;version=2.6.0")).toEqual(schema);
  });

  it("maps Avro to the JSON Schema of the value an Avro library takes, and validates with it", () => {
    const schema = avroToJsonSchema(USER);
    expect(schema).toMatchObject({ title: "User", type: "object", required: ["name", "role", "tags", "id"], description: "A user." });
    const validate = new Ajv({ strict: false }).compile(schema as object);
    const ok = { name: "Ada", age: 36, role: "ADMIN", tags: [], manager: null, id: "3f1c…" };
    expect(validate(ok)).toBe(true);
    expect(validate({ ...ok, manager: { ...ok, manager: null } })).toBe(true);
    expect(validate({ ...ok, role: "OWNER" })).toBe(false);
    expect(validate({ ...ok, age: 2 ** 31 })).toBe(false);
    const { name: _, ...nameless } = ok;
    expect(validate(nameless)).toBe(false);
  });

  it("refuses a format it cannot type, naming it, the file and the message", async () => {
    expect(payloadSchema({ schemaFormat: "application/raml+yaml;version=1.0", schema: {} }, undefined)).toBeInstanceOf(Error);
    const dir = await mkdtemp(join(tmpdir(), "concord-schema-format-"));
    await mkdir(join(dir, "asyncapi"));
    await writeFile(
      join(dir, "asyncapi", "svc.yaml"),
      `asyncapi: 3.0.0
info: { title: Raml, version: 1.0.0 }
channels:
  a:
    address: a
    messages:
      m: { name: M, payload: { schemaFormat: 'application/raml+yaml;version=1.0', schema: { type: string } } }
`,
    );
    const failure = await loadAsyncApiDocuments(join(dir, "asyncapi"))
      .then(buildModel)
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ContractError);
    expect((failure as ContractError).problems[0]).toMatchObject({ rule: "asyncapi-schema-format", path: "channel a / message M" });
    expect((failure as Error).message).toContain("application/raml+yaml;version=1.0");
  });
});
