/**
 * A request that reaches one REST operation's handler: path, query and header parameters the
 * contract's validation accepts, and credentials where the operation requires them. The skeleton's
 * first test sends it and expects the stub's 501. Operations that need a body, or a parameter whose
 * schema gives no obvious valid value (a pattern), are not picked.
 */
import { componentRef, type RestDocumentInfo, type RestOperationInfo } from "@concordkit/generator";

export interface SampleRequest {
  operation: RestOperationInfo;
  method: string;
  /** Base path, path with its parameters filled in, and the query string. */
  path: string;
  headers: Record<string, string>;
}

export function sampleRequest(document: RestDocumentInfo, operations: readonly RestOperationInfo[]): SampleRequest | undefined {
  const candidates = [...operations].sort((a, b) => Number(b.method === "GET") - Number(a.method === "GET"));
  for (const operation of candidates) {
    if (operation.bodyRequired) continue;
    const sample = sampleFor(document, operation);
    if (sample) return sample;
  }
  return undefined;
}

function sampleFor(document: RestDocumentInfo, operation: RestOperationInfo): SampleRequest | undefined {
  const headers: Record<string, string> = {};
  const query = new URLSearchParams();
  let path = operation.path;
  for (const parameter of operation.parameters) {
    if (!parameter.required && parameter.in !== "path") continue;
    const value = sampleValue(parameter.schema, document.schemas, 0);
    if (value === undefined) return undefined;
    if (parameter.in === "path") path = path.split(`{${parameter.name}}`).join(encodeURIComponent(value));
    else if (parameter.in === "query") query.append(parameter.name, value);
    else if (parameter.in === "header") headers[parameter.name.toLowerCase()] = value;
  }
  if (operation.security.length > 0 && !operation.security.some((alternative) => Object.keys(alternative).length === 0)) {
    const credentials = credentialsFor(document, operation.security[0]!);
    if (!credentials) return undefined;
    Object.assign(headers, credentials.headers);
    for (const [name, value] of Object.entries(credentials.query)) query.append(name, value);
  }
  const search = query.size > 0 ? `?${query.toString()}` : "";
  return { operation, method: operation.method, path: `${document.basePath}${path}${search}`, headers };
}

function credentialsFor(
  document: RestDocumentInfo,
  requirement: Readonly<Record<string, readonly string[]>>,
): { headers: Record<string, string>; query: Record<string, string> } | undefined {
  const headers: Record<string, string> = {};
  const query: Record<string, string> = {};
  for (const name of Object.keys(requirement)) {
    const scheme = document.securitySchemes[name];
    if (!scheme) return undefined;
    if (scheme.type === "http" && scheme.scheme?.toLowerCase() === "basic")
      headers.authorization = `Basic ${Buffer.from("test:test").toString("base64")}`;
    else if (scheme.type === "http" || scheme.type === "oauth2" || scheme.type === "openIdConnect")
      headers.authorization = "Bearer test-token";
    else if (scheme.type === "apiKey" && scheme.name && scheme.in === "header") headers[scheme.name.toLowerCase()] = "test-key";
    else if (scheme.type === "apiKey" && scheme.name && scheme.in === "query") query[scheme.name] = "test-key";
    else if (scheme.type === "apiKey" && scheme.name && scheme.in === "cookie") headers.cookie = `${scheme.name}=test-key`;
    else return undefined;
  }
  return { headers, query };
}

type Schema = Readonly<Record<string, unknown>>;

function sampleValue(schema: unknown, schemas: Readonly<Record<string, unknown>>, depth: number): string | undefined {
  if (depth > 8) return undefined;
  if (schema === true || schema === undefined) return "x";
  if (typeof schema !== "object" || schema === null) return undefined;
  const s = schema as Schema;
  if (typeof s.$ref === "string") {
    const target = componentRef(s.$ref);
    return target && target.rest === "" ? sampleValue(schemas[target.name], schemas, depth + 1) : undefined;
  }
  if (Array.isArray(s.enum)) return s.enum.length > 0 && s.enum[0] !== null ? String(s.enum[0]) : undefined;
  if ("const" in s) return String(s.const);
  if ("default" in s && (typeof s.default === "string" || typeof s.default === "number" || typeof s.default === "boolean"))
    return String(s.default);
  for (const key of ["allOf", "oneOf", "anyOf"] as const) {
    const list = s[key];
    if (Array.isArray(list) && list.length > 0) {
      const values = list.map((entry) => sampleValue(entry, schemas, depth + 1));
      if (key === "allOf" && values.some((v) => v !== values[0])) return undefined;
      return values.find((v) => v !== undefined);
    }
  }
  const types = Array.isArray(s.type) ? s.type.filter((t) => t !== "null") : [s.type];
  switch (types[0]) {
    case "integer":
    case "number":
      return numberSample(s);
    case "boolean":
      return "true";
    case "array":
      return sampleValue(s.items, schemas, depth + 1);
    case "string":
    case undefined:
      return stringSample(s);
    default:
      return undefined;
  }
}

function numberSample(s: Schema): string | undefined {
  const minimum =
    typeof s.minimum === "number" ? s.minimum : typeof s.exclusiveMinimum === "number" ? Math.floor(s.exclusiveMinimum) + 1 : undefined;
  const maximum =
    typeof s.maximum === "number" ? s.maximum : typeof s.exclusiveMaximum === "number" ? Math.ceil(s.exclusiveMaximum) - 1 : undefined;
  const value = Math.ceil(minimum ?? 1);
  if (maximum !== undefined && value > maximum) return undefined;
  if (typeof s.multipleOf === "number" && value % s.multipleOf !== 0) return undefined;
  return String(value);
}

function stringSample(s: Schema): string | undefined {
  if (typeof s.pattern === "string") return undefined;
  const byFormat: Record<string, string> = {
    uuid: "00000000-0000-4000-8000-000000000000",
    date: "2024-01-01",
    "date-time": "2024-01-01T00:00:00Z",
    email: "someone@example.com",
    uri: "https://example.com/",
    hostname: "example.com",
    int32: "1",
    int64: "1",
  };
  if (typeof s.format === "string" && s.format in byFormat) return byFormat[s.format];
  const min = typeof s.minLength === "number" ? s.minLength : 1;
  const max = typeof s.maxLength === "number" ? s.maxLength : Infinity;
  if (min > max) return undefined;
  return "x".repeat(Math.max(min, 1) <= max ? Math.max(min, 1) : min);
}
