import type { Printable, TsFile } from "../core/ts-file.js";
import { jsdocLines } from "../core/jsdoc.js";
import { propertyKey } from "../core/names.js";
import { isObject, schemaTypeName, type JsonSchema } from "./json-schema.js";

/** Where titled schemas live: imported from `module`, or (in the shared types file) referred to by name. */
export interface TypeContext {
  readonly file: TsFile;
  readonly namedTypesModule?: string;
}

/**
 * A JSON Schema as a TypeScript type. Titled sub-schemas become references to their named type;
 * objects print one property per line with the property's description as JSDoc.
 */
export function schemaType(schema: JsonSchema, ctx: TypeContext, indent = "", root = true): Printable[] {
  if (schema === true) return ["unknown"];
  if (schema === false) return ["never"];
  const name = root ? undefined : schemaTypeName(schema);
  if (name) return [ctx.namedTypesModule ? ctx.file.importType(name, ctx.namedTypesModule) : name];
  if ("const" in schema) return [literal(schema["const"])];
  if (Array.isArray(schema["enum"]))
    return join(
      schema["enum"].map((v) => [literal(v)]),
      " | ",
    );
  for (const [keyword, separator] of [
    ["oneOf", " | "],
    ["anyOf", " | "],
    ["allOf", " & "],
  ] as const) {
    const list = schema[keyword];
    if (Array.isArray(list) && list.length > 0) {
      return join(
        list.map((s) => wrap(schemaType(s as JsonSchema, ctx, indent, false))),
        separator,
      );
    }
  }
  const types = Array.isArray(schema["type"]) ? (schema["type"] as unknown[]) : [schema["type"] ?? inferType(schema)];
  return join(
    types.map((type) => typeOf(String(type), schema, ctx, indent)),
    " | ",
  );
}

/** An object schema as the body of an `interface` (the `{ … }` part). */
export function objectBody(schema: JsonSchema, ctx: TypeContext, indent = ""): Printable[] {
  if (typeof schema !== "object") return ["{}"];
  const properties = isObject(schema["properties"]) ? schema["properties"] : {};
  const required = new Set(Array.isArray(schema["required"]) ? schema["required"].map(String) : []);
  const inner = `${indent}  `;
  const lines: Printable[] = ["{\n"];
  for (const [name, value] of Object.entries(properties)) {
    const property = (isObject(value) || typeof value === "boolean" ? value : true) as JsonSchema;
    lines.push(...jsdoc(property, inner));
    const optional = required.has(name) ? "" : "?";
    lines.push(inner, propertyKey(name), optional, ": ", ...schemaType(property, ctx, inner, false), ";\n");
  }
  const extra = schema["additionalProperties"];
  const hasProperties = Object.keys(properties).length > 0;
  if (extra === true || (extra === undefined && !hasProperties)) lines.push(inner, "[key: string]: unknown;\n");
  else if (isObject(extra)) {
    const valueType = hasProperties ? ["unknown"] : schemaType(extra, ctx, inner, false);
    lines.push(inner, "[key: string]: ", ...valueType, ";\n");
  }
  lines.push(indent, "}");
  return lines;
}

export function isObjectSchema(schema: JsonSchema): boolean {
  if (typeof schema !== "object") return false;
  return schema["type"] === "object" || (schema["type"] === undefined && isObject(schema["properties"]));
}

function typeOf(type: string, schema: JsonSchema, ctx: TypeContext, indent: string): Printable[] {
  switch (type) {
    case "string":
      return ["string"];
    case "integer":
    case "number":
      return ["number"];
    case "boolean":
      return ["boolean"];
    case "null":
      return ["null"];
    case "array": {
      const items = typeof schema === "object" ? schema["items"] : undefined;
      const item = isObject(items) || typeof items === "boolean" ? schemaType(items as JsonSchema, ctx, indent, false) : ["unknown"];
      return [...wrap(item), "[]"];
    }
    case "object":
      return objectBody(schema, ctx, indent);
    default:
      return ["unknown"];
  }
}

function inferType(schema: JsonSchema): string {
  if (typeof schema !== "object") return "unknown";
  if (isObject(schema["properties"])) return "object";
  if (schema["items"] !== undefined) return "array";
  return "unknown";
}

function jsdoc(schema: JsonSchema, indent: string): Printable[] {
  const text = typeof schema === "object" && typeof schema["description"] === "string" ? schema["description"] : undefined;
  return jsdocLines(text, indent).map((line) => `${line}\n`);
}

function literal(value: unknown): string {
  return value === null ? "null" : JSON.stringify(value);
}

function join(parts: readonly Printable[][], separator: string): Printable[] {
  const result: Printable[] = [];
  parts.forEach((part, index) => {
    if (index > 0) result.push(separator);
    result.push(...part);
  });
  return result;
}

/** Parenthesizes unions and intersections so `T[]` and `A | B` nest correctly. */
function wrap(type: Printable[]): Printable[] {
  const flat = type.filter((p): p is string => typeof p === "string").join("");
  const topLevel = flat.replace(/\{[\s\S]*\}/g, "").replace(/"(?:[^"\\]|\\.)*"/g, "");
  return / [|&] /.test(topLevel) ? ["(", ...type, ")"] : type;
}
