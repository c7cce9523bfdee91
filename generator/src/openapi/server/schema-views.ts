import type { JsonSchema } from "../model.js";
import { componentRef } from "../component-ref.js";

/** Which side of the exchange a schema is read for. */
export type Direction = "request" | "response";

export interface ViewOptions {
  direction: Direction;
  components: Readonly<Record<string, JsonSchema>>;
  /** The `$id` under which the view of component `name` is registered with the validator. */
  componentId: (name: string) => string;
  /** Read the OpenAPI 3.0 dialect (`nullable`, boolean `exclusiveMinimum`). */
  openapi30: boolean;
}

/** Keywords that only annotate: validators do not need them, and they would bloat generated code. */
const ANNOTATIONS = new Set(["description", "title", "example", "examples", "externalDocs", "xml", "deprecated", "$comment"]);
/** Keywords whose values are data, not schemas: copied as they are. */
const DATA = new Set(["enum", "const", "default"]);

/**
 * Copies `schema` for one direction of the exchange: a request never carries `readOnly`
 * properties and a response never carries `writeOnly` ones (OpenAPI 3.x), so those are
 * dropped from `properties` and `required`. `$ref`s to components point to the component's own
 * view (`componentId`); annotations are dropped; the OpenAPI 3.0 dialect becomes JSON Schema 2020-12.
 */
export function schemaView(schema: JsonSchema, options: ViewOptions): JsonSchema {
  const { components } = options;
  const hidden = options.direction === "request" ? "readOnly" : "writeOnly";
  const isHidden = (property: unknown): boolean => {
    if (!isObject(property)) return false;
    if (property[hidden] === true) return true;
    const target = componentRef(property.$ref);
    const component = target === undefined ? undefined : components[target.name];
    return isObject(component) && component[hidden] === true;
  };

  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isObject(node)) return node;
    const out: Record<string, unknown> = {};
    const dropped = new Set<string>();
    for (const [key, value] of Object.entries(node)) {
      if (ANNOTATIONS.has(key) || key.startsWith("x-")) continue;
      // In 3.1 (JSON Schema 2020-12) `nullable` is no keyword, only an unknown annotation.
      if (key === "nullable" && !options.openapi30) continue;
      if (key === "$ref" && typeof value === "string") {
        const target = componentRef(value);
        // A reference outside components.schemas cannot survive bundling here; accept anything there.
        if (target) out[key] = `${options.componentId(target.name)}${target.rest ? `#${target.rest}` : ""}`;
      } else if (key === "properties" && isObject(value)) {
        const properties: Record<string, unknown> = {};
        for (const [name, property] of Object.entries(value)) {
          if (isHidden(property)) dropped.add(name);
          else properties[name] = walk(property);
        }
        out[key] = properties;
      } else if (DATA.has(key)) {
        out[key] = value;
      } else {
        out[key] = walk(value);
      }
    }
    if (Array.isArray(out.required) && dropped.size > 0) {
      out.required = out.required.filter((name) => !dropped.has(String(name)));
    }
    // A boolean exclusiveMinimum is 3.0's form, met in 3.1 documents too (OpenAI's): read it so in either.
    return options.openapi30 ? fromOpenApi30(out) : exclusiveBounds(out);
  };
  return walk(schema) as JsonSchema;
}

function fromOpenApi30(node: Record<string, unknown>): Record<string, unknown> {
  exclusiveBounds(node);
  if (node.nullable !== true) return node;
  const { nullable: _nullable, ...rest } = node;
  if (typeof rest.type === "string") {
    rest.type = [rest.type, "null"];
    if (Array.isArray(rest.enum) && !rest.enum.includes(null)) rest.enum = [...rest.enum, null];
    return rest;
  }
  return { anyOf: [rest, { type: "null" }] };
}

/** `exclusiveMinimum: true, minimum: 5` (OpenAPI 3.0) → `exclusiveMinimum: 5`; `false` is dropped. */
function exclusiveBounds(node: Record<string, unknown>): Record<string, unknown> {
  for (const [flag, bound] of [
    ["exclusiveMinimum", "minimum"],
    ["exclusiveMaximum", "maximum"],
  ] as const) {
    if (typeof node[flag] !== "boolean") continue;
    if (node[flag] === true && typeof node[bound] === "number") {
      node[flag] = node[bound];
      delete node[bound];
    } else {
      delete node[flag];
    }
  }
  return node;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
