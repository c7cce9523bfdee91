import { describe, expect, it } from "vitest";
import { TsFile } from "../../generator/src/core/ts-file.js";
import type { JsonSchema } from "../../generator/src/schema/json-schema.js";
import { objectBody, schemaType } from "../../generator/src/schema/ts-type.js";

/** Renders a schema as a type in a scratch file and returns the type text and the file's imports. */
function render(schema: JsonSchema, body = false): { type: string; imports: string } {
  const file = new TsFile("x.ts", "");
  const parts = body
    ? objectBody(schema, { file, namedTypesModule: "../types.js" })
    : schemaType(schema, { file, namedTypesModule: "../types.js" });
  file.print("export type X = ", ...parts, ";");
  const content = file.toFile().content;
  const [imports = "", type = ""] = content.includes("export type X = ") ? content.split("export type X = ") : ["", content];
  return { type: type.trim().replace(/;$/, ""), imports: imports.trim() };
}

describe("JSON Schema → TypeScript", () => {
  it("maps scalars, enums, consts and type lists", () => {
    expect(render({ type: "integer" }).type).toBe("number");
    expect(render({ enum: ["A", "B", 3, null] }).type).toBe('"A" | "B" | 3 | null');
    expect(render({ const: "fixed" }).type).toBe('"fixed"');
    expect(render({ type: ["string", "null"] }).type).toBe("string | null");
    expect(render(true).type).toBe("unknown");
  });

  it("parenthesizes unions inside arrays, and joins oneOf / allOf", () => {
    expect(render({ type: "array", items: { type: ["string", "number"] } }).type).toBe("(string | number)[]");
    expect(render({ oneOf: [{ type: "string" }, { type: "boolean" }] }).type).toBe("string | boolean");
    expect(
      render({
        allOf: [
          { title: "A", type: "object" },
          { title: "B", type: "object" },
        ],
      }).type,
    ).toBe("A & B");
  });

  it("refers to titled sub-schemas by name and imports them", () => {
    const { type, imports } = render({ type: "array", items: { title: "OrderItem", type: "object", properties: {} } });
    expect(type).toBe("OrderItem[]");
    expect(imports).toBe('import type { OrderItem } from "../types.js";');
  });

  it("prints object properties with optionality, quoted keys, JSDoc and maps", () => {
    const schema: JsonSchema = {
      type: "object",
      required: ["id"],
      properties: {
        id: { type: "string", description: "The id." },
        "content-type": { type: "string" },
        tags: { type: "object", additionalProperties: { type: "string" } },
      },
    };
    expect(render(schema, true).type).toBe(
      [
        "{",
        "  /** The id. */",
        "  id: string;",
        '  "content-type"?: string;',
        "  tags?: {",
        "    [key: string]: string;",
        "  };",
        "}",
      ].join("\n"),
    );
  });

  it("keeps an index signature when extra properties are allowed", () => {
    expect(render({ type: "object", additionalProperties: true, properties: { a: { type: "number" } } }, true).type).toBe(
      ["{", "  a?: number;", "  [key: string]: unknown;", "}"].join("\n"),
    );
  });
});
