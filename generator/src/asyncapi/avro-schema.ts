import { isObject, type JsonSchema } from "../schema/json-schema.js";

/**
 * An Avro 1.x schema (https://avro.apache.org/docs/1.11.1/specification/) as the JSON Schema of
 * the plain value a program hands to an Avro library such as avsc: a record is an object of its
 * fields (a field with a default may be left out), a union is any of its branches (unwrapped, as
 * avsc takes simple unions), `long` an integer, `bytes` and `fixed` strings. Records and enums
 * keep their name as `title`, so they become named types; a named type used again is the same
 * schema, and one used inside itself (a recursive record) is referred to by its name only.
 */
export function avroToJsonSchema(avro: unknown): JsonSchema {
  return convert(avro, new Map(), new Set());
}

const PRIMITIVES: Record<string, JsonSchema> = {
  null: { type: "null" },
  boolean: { type: "boolean" },
  int: { type: "integer", minimum: -2147483648, maximum: 2147483647 },
  long: { type: "integer" },
  float: { type: "number" },
  double: { type: "number" },
  bytes: { type: "string" },
  string: { type: "string" },
};

function convert(avro: unknown, named: Map<string, JsonSchema>, open: Set<string>): JsonSchema {
  if (typeof avro === "string") {
    const primitive = PRIMITIVES[avro];
    if (primitive) return structuredClone(primitive);
    const short = shortName(avro);
    if (open.has(short)) return { title: short };
    return named.get(short) ?? true;
  }
  if (Array.isArray(avro)) return { anyOf: avro.map((branch) => convert(branch, named, open)) };
  if (!isObject(avro)) return true;
  const type = avro["type"];
  const described = (schema: Record<string, unknown>): JsonSchema => {
    if (typeof avro["doc"] === "string") schema["description"] = avro["doc"];
    return schema as JsonSchema;
  };
  if (type === "record" || type === "error") {
    const name = shortName(String(avro["name"] ?? "Record"));
    open.add(name);
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const field of Array.isArray(avro["fields"]) ? avro["fields"] : []) {
      if (!isObject(field) || typeof field["name"] !== "string") continue;
      const schema = convert(field["type"], named, open);
      const withDoc = typeof field["doc"] === "string" && isObject(schema) ? { ...schema, description: field["doc"] } : schema;
      properties[field["name"]] = "default" in field && isObject(withDoc) ? { ...withDoc, default: field["default"] } : withDoc;
      if (!("default" in field)) required.push(field["name"]);
    }
    open.delete(name);
    const record = described({ title: name, type: "object", properties, required, additionalProperties: false });
    named.set(name, record);
    return record;
  }
  if (type === "enum") {
    const name = shortName(String(avro["name"] ?? "Enum"));
    const schema = described({ title: name, type: "string", enum: Array.isArray(avro["symbols"]) ? avro["symbols"] : [] });
    named.set(name, schema);
    return schema;
  }
  if (type === "fixed") {
    const schema = described({ type: "string" });
    if (typeof avro["name"] === "string") named.set(shortName(avro["name"]), schema);
    return schema;
  }
  if (type === "array") return described({ type: "array", items: convert(avro["items"], named, open) });
  if (type === "map") return described({ type: "object", additionalProperties: convert(avro["values"], named, open) });
  // A primitive in object form, `{ "type": "long", "logicalType": "timestamp-millis" }`.
  const base = convert(type, named, open);
  return avro["logicalType"] === "uuid" && isObject(base) ? { ...base, format: "uuid" } : base;
}

/** `com.example.User` → `User`: the type name, as Avro's own code generators name classes. */
function shortName(name: string): string {
  return name.slice(name.lastIndexOf(".") + 1);
}
