/**
 * What one event of a `text/event-stream` response carries, in both ways a contract says it.
 * OpenAPI 3.0 and 3.1 (as Concord reads them) put the schema of each event's `data` in the media
 * type's `schema`. OpenAPI 3.2 describes each event in `itemSchema` — an object with `data`,
 * `event`, `id` and `retry` — whose `data` is a string with `contentMediaType: application/json`
 * and a `contentSchema`: the data's schema; there `schema` covers the whole stream instead.
 */
import type { JsonSchema } from "./model.js";

type Obj = Record<string, unknown>;

export const EVENT_STREAM = "text/event-stream";

/** The schema of each event's data, or undefined when the media type does not say. */
export function eventDataSchema(mediaType: Obj, openapiVersion: string, follow: (value: unknown) => Obj): JsonSchema | undefined {
  if (mediaType.itemSchema === undefined) {
    return openapiVersion.startsWith("3.2") ? undefined : (mediaType.schema as JsonSchema | undefined);
  }
  const item = follow(mediaType.itemSchema);
  const properties = follow(item.properties);
  if (properties.data === undefined) return undefined;
  const data = follow(properties.data);
  if (data.contentSchema !== undefined && isJsonMediaType(data.contentMediaType)) return data.contentSchema as JsonSchema;
  return properties.data as JsonSchema;
}

/**
 * Rewrites, in place, every 3.2 event-stream media type with an `itemSchema` to the 3.0/3.1 shape
 * (`schema` = the data's schema), so that openapi-typescript, which reads only `schema`, types
 * the events' data the same way for every version.
 */
export function asDataSchemaStreams(document: Obj, follow: (value: unknown) => Obj): void {
  const version = String(document.openapi);
  const pending: unknown[] = [document];
  while (pending.length > 0) {
    const node = pending.pop() as Obj;
    for (const [key, value] of Object.entries(node)) {
      if (typeof value !== "object" || value === null) continue;
      const media = value as Obj;
      if (key.toLowerCase() === EVENT_STREAM && media.itemSchema !== undefined) {
        const data = eventDataSchema(media, version, follow);
        delete media.itemSchema;
        if (data === undefined) delete media.schema;
        else media.schema = data;
      } else {
        pending.push(value);
      }
    }
  }
}

function isJsonMediaType(value: unknown): boolean {
  if (typeof value !== "string") return false;
  const type = value.split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || type.endsWith("+json");
}
