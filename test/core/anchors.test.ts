/** `$ref`s by `$id` and `$anchor` (OpenAPI 3.1), and `$ref`s inside extensions, as the one reader reads them. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadOpenApiFile } from "../../generator/src/openapi/load.js";
import { anchorIndex, withPointerRefs } from "../../generator/src/source/anchors.js";

const dir = mkdtempSync(join(tmpdir(), "concord-anchors-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pet = { $id: "https://example.com/schemas/pet", $anchor: "pet", type: "object", properties: { name: { type: "string" } } };

describe("$id and $anchor references", () => {
  it("indexes ids, anchors and id#anchor, and rewrites only the refs it knows", () => {
    const root = {
      components: { schemas: { Pet: pet } },
      x: { $ref: "#pet" },
      y: { $ref: "https://example.com/schemas/pet" },
      z: { $ref: "#/a" },
    };
    expect([...anchorIndex(root)]).toEqual([
      ["https://example.com/schemas/pet", "#/components/schemas/Pet"],
      ["#pet", "#/components/schemas/Pet"],
      ["https://example.com/schemas/pet#pet", "#/components/schemas/Pet"],
    ]);
    expect(withPointerRefs(root)).toMatchObject({
      x: { $ref: "#/components/schemas/Pet" },
      y: { $ref: "#/components/schemas/Pet" },
      z: { $ref: "#/a" },
    });
  });

  it("loads a 3.1 document that refers by anchor and by $id, and leaves a $ref inside an extension alone", async () => {
    const body = (schema: unknown) => ({ required: true, content: { "application/json": { schema } } });
    const document = {
      openapi: "3.1.0",
      info: { title: "Anchors", version: "1" },
      paths: {
        "/pets": {
          post: { operationId: "addPet", requestBody: body({ $ref: "#pet" }), responses: { "204": { description: "ok" } } },
          put: {
            operationId: "putPet",
            requestBody: body({ $ref: "https://example.com/schemas/pet" }),
            responses: { "204": { description: "ok" } },
            "x-codegen": { model: { $ref: "#/nowhere" } },
          },
        },
      },
      components: { schemas: { Pet: pet } },
    };
    const file = join(dir, "anchors.json");
    writeFileSync(file, JSON.stringify(document));
    const model = await loadOpenApiFile(file);
    const refs = model.operations.map((op) => (op.requestBody?.schema as { $ref?: string } | undefined)?.$ref);
    expect(refs.sort()).toEqual(["#/components/schemas/Pet", "#/components/schemas/Pet"]);
  });
});
