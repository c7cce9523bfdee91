import type { ImportSymbol, Printable } from "../../core/ts-file.js";
import type { JsonSchema } from "../model.js";
import { propertyKey } from "../../core/names.js";
import type { Direction } from "./schema-views.js";

export interface TypeContext {
  /** The `components` type of the document's openapi-typescript `types.ts`. */
  components: ImportSymbol;
  schemas: Readonly<Record<string, JsonSchema>>;
  /** A request never carries `readOnly` properties, a response never `writeOnly` ones. */
  direction: Direction;
  /**
   * openapi-typescript's `Writable` (requests) or `Readable` (responses), when `types.ts` marks
   * readOnly/writeOnly properties with `$Read`/`$Write`; component types are read through it.
   */
  marker?: ImportSymbol;
}

const MAX_DEPTH = 12;

/**
 * The TypeScript type of a schema, for the server's handler types. Component schemas are named
 * through openapi-typescript's `components["schemas"][…]`, minus the properties the direction
 * hides; inline schemas are spelled out.
 */
export function typeOf(schema: JsonSchema | undefined, context: TypeContext, depth = 0): Printable {
  if (schema === undefined || schema === true) return "unknown";
  if (schema === false) return "never";
  if (depth > MAX_DEPTH) return "unknown";
  const next = (s: unknown): Printable => typeOf(s as JsonSchema, context, depth + 1);

  if (typeof schema.$ref === "string") return componentType(schema.$ref, context);
  if ("const" in schema) return literal(schema.const);
  if (Array.isArray(schema.enum)) return withNull(schema, join(schema.enum.map(literal), " | "));
  if (Array.isArray(schema.allOf)) return withNull(schema, join(schema.allOf.map((s) => group(next(s))), " & "));
  const alternatives = Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : undefined;
  if (alternatives) return withNull(schema, join(alternatives.map((s) => group(next(s))), " | "));

  const types = Array.isArray(schema.type) ? (schema.type as unknown[]) : schema.type === undefined ? [] : [schema.type];
  if (types.length === 0) {
    if (isObject(schema.properties)) return objectType(schema, context, depth);
    if (schema.items !== undefined) return arrayType(schema, context, depth);
    return "unknown";
  }
  const parts = types.map((type): Printable => {
    switch (type) {
      case "string":
        return "string";
      case "integer":
      case "number":
        return "number";
      case "boolean":
        return "boolean";
      case "null":
        return "null";
      case "array":
        return arrayType(schema, context, depth);
      case "object":
        return objectType(schema, context, depth);
      default:
        return "unknown";
    }
  });
  return withNull(schema, join(parts, " | "));
}

/** Names of a component schema's top-level properties that `direction` hides. */
export function hiddenProperties(name: string, context: Pick<TypeContext, "schemas" | "direction">): string[] {
  const schema = context.schemas[name];
  if (!isObject(schema) || !isObject(schema.properties)) return [];
  const flag = context.direction === "request" ? "readOnly" : "writeOnly";
  return Object.entries(schema.properties)
    .filter(([, property]) => isObject(property) && property[flag] === true)
    .map(([key]) => key)
    .sort();
}

function componentType(ref: string, context: TypeContext): Printable {
  const match = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
  if (!match) return "unknown";
  const name = match[1]!.replace(/~1/g, "/").replace(/~0/g, "~");
  const named: Printable = [context.components, `["schemas"][${JSON.stringify(name)}]`];
  if (context.marker) return [context.marker, "<", named, ">"];
  const hidden = hiddenProperties(name, context);
  if (hidden.length === 0) return named;
  return ["Omit<", named, ", ", hidden.map((key) => JSON.stringify(key)).join(" | "), ">"];
}

function objectType(schema: { readonly [keyword: string]: unknown }, context: TypeContext, depth: number): Printable {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  const flag = context.direction === "request" ? "readOnly" : "writeOnly";
  const members: Printable[] = [];
  for (const [key, property] of Object.entries(properties)) {
    if (isObject(property) && property[flag] === true) continue;
    const optional = required.has(key) ? "" : "?";
    members.push([propertyKey(key), optional, ": ", typeOf(property as JsonSchema, context, depth + 1)]);
  }
  const extra = schema.additionalProperties;
  if (extra !== undefined && extra !== false) members.push("[key: string]: unknown");
  if (members.length === 0) return extra === false ? "Record<string, never>" : "Record<string, unknown>";
  return ["{ ", join(members, "; "), " }"];
}

function arrayType(schema: { readonly [keyword: string]: unknown }, context: TypeContext, depth: number): Printable {
  const items = schema.items === undefined ? "unknown" : typeOf(schema.items as JsonSchema, context, depth + 1);
  return ["Array<", items, ">"];
}

function withNull(schema: { readonly [keyword: string]: unknown }, type: Printable): Printable {
  return schema.nullable === true ? [group(type), " | null"] : type;
}

function literal(value: unknown): string {
  return value === null || ["string", "number", "boolean"].includes(typeof value) ? JSON.stringify(value) : "unknown";
}

function join(parts: readonly Printable[], separator: string): Printable {
  if (parts.length === 0) return "never";
  return parts.flatMap((part, i) => (i === 0 ? [part] : [separator, part]));
}

/** Parenthesises a union or intersection so it can sit inside another one. */
function group(type: Printable): Printable {
  const text = flatten(type);
  return / [|&] /.test(text) && !text.startsWith("{") ? ["(", type, ")"] : type;
}

function flatten(type: Printable): string {
  if (typeof type === "string" || typeof type === "number") return String(type);
  if (Array.isArray(type)) return type.map(flatten).join("");
  return (type as ImportSymbol).name;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
