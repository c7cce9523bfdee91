import type { JsonSchema, OpenApiModel } from "../model.js";
import type { ValidatorEntry } from "./emit-validators.js";
import { schemaView, type Direction, type ViewOptions } from "./schema-views.js";
import { componentRef } from "../component-ref.js";

/** The `$id` prefix of a document's schemas: `concord:gateway`. */
export function schemaBase(model: OpenApiModel): string {
  return `concord:${model.name}`;
}

function viewOptions(model: OpenApiModel, direction: Direction): ViewOptions {
  return {
    direction,
    components: model.schemas,
    componentId: (name) => `${schemaBase(model)}/${direction}/${encodeURIComponent(name)}`,
    openapi30: model.openapiVersion.startsWith("3.0"),
  };
}

/**
 * The views of the components `roots` reach, each an object schema with its own `$id`, by
 * component name in sorted order.
 */
export function componentViews(
  model: OpenApiModel,
  direction: Direction,
  roots: readonly JsonSchema[],
): [string, Record<string, unknown>][] {
  const options = viewOptions(model, direction);
  return reachableComponents(roots, model.schemas).map((name) => [
    name,
    withId(schemaView(model.schemas[name]!, options), options.componentId(name)),
  ]);
}

/** The view of one validator's schema, with `id` as its `$id`. */
export function entryView(model: OpenApiModel, entry: ValidatorEntry, id: string): Record<string, unknown> {
  return withId(schemaView(entry.schema, viewOptions(model, entry.direction)), id);
}

function withId(view: JsonSchema, id: string): Record<string, unknown> {
  if (typeof view === "boolean") return view ? { $id: id } : { $id: id, not: {} };
  return { ...view, $id: id };
}

/** Names of the components the schemas refer to, directly or through other components, sorted. */
function reachableComponents(roots: readonly JsonSchema[], components: Readonly<Record<string, JsonSchema>>): string[] {
  const found = new Set<string>();
  const queue: unknown[] = [...roots];
  while (queue.length > 0) {
    const node = queue.pop();
    if (Array.isArray(node)) queue.push(...node);
    else if (typeof node === "object" && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (key === "$ref" && typeof value === "string") {
          const name = componentRef(value)?.name;
          if (name !== undefined && !found.has(name) && components[name] !== undefined) {
            found.add(name);
            queue.push(components[name]);
          }
        } else if (typeof value === "object") {
          queue.push(value);
        }
      }
    }
  }
  return [...found].sort();
}
