import { isObject, type JsonSchema } from "../schema/json-schema.js";
import { avroToJsonSchema } from "./avro-schema.js";
import { cleanSchema } from "./schema.js";

/**
 * A payload or header schema as JSON Schema, whatever its `schemaFormat`. An AsyncAPI 3
 * multi-format schema (`{ schemaFormat, schema }`) is unwrapped; a 2.x message names its format
 * in `schemaFormat` beside the payload. JSON Schema and the AsyncAPI schema (any version, JSON or
 * YAML) are taken as they are, OpenAPI 3.0 schema objects too (their extra keywords are
 * annotations to the validator); Avro 1.x is mapped to the JSON Schema of its JSON form. Anything
 * else is an Error naming the format: Concord cannot type it, and saying so beats an `unknown`.
 */
export function payloadSchema(raw: unknown, messageFormat: string | undefined): JsonSchema | Error {
  const { format = messageFormat, schema } = unwrapSchema(raw);
  const kind = formatKind(format);
  if (kind === "json-schema") return cleanSchema(schema);
  if (kind === "avro") return avroToJsonSchema(cleanSchema(schema));
  return new Error(
    `schemaFormat ${format} is not one Concord can type (JSON Schema, the AsyncAPI schema, OpenAPI 3.0 schema objects, Avro)`,
  );
}

/** A multi-format schema object (`{ schemaFormat, schema }`) as its format and schema; anything else is the schema itself. */
export function unwrapSchema(raw: unknown): { format?: string; schema: unknown } {
  if (isObject(raw) && typeof raw["schemaFormat"] === "string" && "schema" in raw)
    return { format: raw["schemaFormat"], schema: raw["schema"] };
  return { schema: raw };
}

function formatKind(format: string | undefined): "json-schema" | "avro" | "other" {
  if (format === undefined) return "json-schema";
  const type = format.split(";")[0]!.trim().toLowerCase();
  if (["application/schema+json", "application/schema+yaml", "application/json", "application/yaml"].includes(type)) return "json-schema";
  if (/^application\/vnd\.aai\.asyncapi(\+json|\+yaml)?$/.test(type)) return "json-schema";
  if (/^application\/vnd\.oai\.openapi(\+json|\+yaml)?$/.test(type)) return "json-schema";
  if (/^application\/vnd\.apache\.avro(\+json|\+yaml)?$/.test(type)) return "avro";
  return "other";
}
