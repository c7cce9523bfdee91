/** JSON Schema as every kind holds it (OpenAPI 3.x, AsyncAPI 2 and 3): an object or a boolean. */
import { isTypeName } from "../core/names.js";

export type JsonSchema = { readonly [keyword: string]: unknown } | boolean;

/** The `title` of a schema when it can name a TypeScript type. */
export function schemaTypeName(schema: JsonSchema): string | undefined {
  if (typeof schema !== "object") return undefined;
  const title = schema["title"];
  return typeof title === "string" && isTypeName(title) ? title : undefined;
}

/** Every titled sub-schema below `schema` (not `schema` itself), depth first. */
export function collectNamedSchemas(schema: JsonSchema, found: Map<string, JsonSchema[]>): void {
  visitChildren(schema, (child) => {
    const name = schemaTypeName(child);
    if (name) found.set(name, [...(found.get(name) ?? []), child]);
    collectNamedSchemas(child, found);
  });
}

function visitChildren(schema: JsonSchema, visit: (child: JsonSchema) => void): void {
  if (typeof schema !== "object") return;
  for (const key of ["properties", "patternProperties", "$defs", "definitions"]) {
    const map = schema[key];
    if (isObject(map)) for (const child of Object.values(map)) visitSchema(child, visit);
  }
  for (const key of ["items", "additionalProperties", "not", "contains"]) visitSchema(schema[key], visit);
  for (const key of ["oneOf", "anyOf", "allOf", "prefixItems"]) {
    const list = schema[key];
    if (Array.isArray(list)) for (const child of list) visitSchema(child, visit);
  }
}

function visitSchema(value: unknown, visit: (child: JsonSchema) => void): void {
  if (isObject(value)) visit(value);
}

export function isObject(value: unknown): value is { readonly [key: string]: unknown } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Stable JSON for comparing schemas that may come from different documents. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
