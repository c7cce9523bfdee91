import { isTypeName } from "../core/names.js";
import type { JsonSchema } from "../schema/json-schema.js";

/**
 * A schema as the parser returns it, minus the parser's bookkeeping (`x-parser-schema-id` and
 * friends), with keys in their original order. Circular references are cut at the repeat.
 */
export function cleanSchema(value: unknown, seen: Set<object> = new Set()): JsonSchema {
  return clean(value, seen) as JsonSchema;
}

function clean(value: unknown, seen: Set<object>): unknown {
  if (Array.isArray(value)) return value.map((item) => clean(item, seen));
  if (typeof value !== "object" || value === null) return value;
  if (seen.has(value)) return {};
  seen.add(value);
  const result: Record<string, unknown> = {};
  const id = (value as Record<string, unknown>)["x-parser-schema-id"];
  // A schema from `components/schemas` is named by its key unless it has a title of its own.
  if (typeof id === "string" && isTypeName(id) && !("title" in value)) result["title"] = id;
  for (const [key, item] of Object.entries(value)) {
    if (key.startsWith("x-parser-")) continue;
    result[key] = clean(item, seen);
  }
  seen.delete(value);
  return result;
}
