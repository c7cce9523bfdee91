/**
 * The schema a media type gives its body, as both OpenAPI shapes of an event stream state it: for
 * `text/event-stream` with an OpenAPI 3.2 `itemSchema`, each event's data (`data.contentSchema`,
 * or the `data` schema itself), which 3.0/3.1 documents give as `schema`. So moving a stream from
 * one shape to the other compares the events' data, not an event envelope with a data schema.
 */
import { asRecord, type DocumentSet, type Located } from "../../source/document-set.js";

export function mediaBodySchema(
  set: DocumentSet,
  media: Located,
  mediaType: string,
): { schema: Located | undefined; key: "schema" | "itemSchema" } {
  const node = asRecord(media.node);
  if (mediaType.toLowerCase() !== "text/event-stream" || node["itemSchema"] === undefined) {
    return { schema: node["schema"] === undefined ? undefined : { node: node["schema"], file: media.file }, key: "schema" };
  }
  const item = set.resolve({ node: node["itemSchema"], file: media.file });
  const data = asRecord(asRecord(item.node)["properties"])["data"];
  if (data === undefined) return { schema: undefined, key: "itemSchema" };
  const resolved = set.resolve({ node: data, file: item.file });
  const content = asRecord(resolved.node)["contentSchema"];
  return { schema: content === undefined ? resolved : { node: content, file: resolved.file }, key: "itemSchema" };
}
