import type {
  HttpMethod,
  JsonSchema,
  OpenApiModel,
  OperationModel,
  ParameterLocation,
  ParameterModel,
  RequestBodyModel,
  ResponseHeaderModel,
  ResponseModel,
  SecurityRequirement,
  SecuritySchemeModel,
} from "./model.js";
import { eventDataSchema, EVENT_STREAM } from "./event-stream.js";
import { formatPointer } from "../core/json-pointer.js";
import { followLocalRefs } from "../source/refs.js";

type Obj = Record<string, unknown>;

const METHODS: readonly HttpMethod[] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Builds the model from a validated document whose `$ref`s are all local. */
export function followRefs(document: Obj): (value: unknown) => Obj {
  return (value) => follow(document, value);
}

export function buildModel(document: Obj, name: string, sourceFile: string): OpenApiModel {
  const info = obj(document.info);
  const servers = asArray(document.servers)
    .map((s) => str(obj(s).url) ?? "")
    .filter((url) => url !== "");
  const components = obj(document.components);
  const deref = (value: unknown): Obj => follow(document, value);
  const docSecurity = asArray(document.security).map(toRequirement);

  const operations: OperationModel[] = [];
  for (const [path, rawItem] of Object.entries(obj(document.paths))) {
    const item = deref(rawItem);
    const shared = asArray(item.parameters).map((p) => toParameter(deref(p)));
    for (const method of METHODS) {
      if (!(method in item)) continue;
      const op = obj(item[method]);
      const own = asArray(op.parameters).map((p) => toParameter(deref(p)));
      const parameters = mergeParameters(shared, own);
      const responses = Object.entries(obj(op.responses)).map(([status, r]) =>
        toResponse(status, deref(r), deref, String(document.openapi)),
      );
      const requestBody = op.requestBody === undefined ? undefined : toRequestBody(deref(op.requestBody));
      const idempotencyKey = parameters.find((p) => p.in === "header" && p.name.toLowerCase() === "idempotency-key");
      operations.push({
        operationId: str(op.operationId) ?? deriveOperationId(method, path),
        method,
        path,
        tags: asArray(op.tags).filter((t): t is string => typeof t === "string"),
        ...optional("summary", str(op.summary)),
        ...optional("description", str(op.description)),
        deprecated: op.deprecated === true,
        parameters,
        ...optional("requestBody", requestBody),
        responses,
        security: Array.isArray(op.security) ? op.security.map(toRequirement) : docSecurity,
        isEventStream: responses.some((r) => isSuccess(r.status) && r.contentTypes.includes(EVENT_STREAM)),
        ...optional("idempotencyKey", idempotencyKey),
        pointer: formatPointer(["paths", path, method]),
      });
    }
  }

  return {
    name,
    sourceFile,
    openapiVersion: String(document.openapi),
    title: str(info.title) ?? name,
    version: str(info.version) ?? "",
    ...optional("description", str(info.description)),
    servers,
    basePath: basePathOf(servers[0]),
    operations,
    schemas: { ...(obj(components.schemas) as Record<string, JsonSchema>) },
    securitySchemes: Object.fromEntries(
      Object.entries(obj(components.securitySchemes)).map(([key, value]) => [key, toSecurityScheme(deref(value))]),
    ),
    document,
  };
}

function toParameter(p: Obj): ParameterModel {
  const fromContent = Object.values(obj(p.content))[0];
  const schema = p.schema ?? (fromContent === undefined ? undefined : obj(fromContent).schema);
  return {
    name: str(p.name) ?? "",
    in: (str(p.in) ?? "query") as ParameterLocation,
    required: p.required === true || p.in === "path",
    schema: (schema ?? {}) as JsonSchema,
    ...optional("description", str(p.description)),
    deprecated: p.deprecated === true,
  };
}

function mergeParameters(shared: ParameterModel[], own: ParameterModel[]): ParameterModel[] {
  const key = (p: ParameterModel) => `${p.in}:${p.in === "header" ? p.name.toLowerCase() : p.name}`;
  const overridden = new Set(own.map(key));
  return [...shared.filter((p) => !overridden.has(key(p))), ...own];
}

function toRequestBody(body: Obj): RequestBodyModel {
  const content = obj(body.content);
  const contentTypes = Object.keys(content);
  const contentType = preferred(contentTypes) ?? "application/json";
  const schema = obj(content[contentType]).schema as JsonSchema | undefined;
  return {
    required: body.required === true,
    contentType,
    contentTypes,
    ...optional("schema", schema),
    ...optional("description", str(body.description)),
  };
}

function toResponse(status: string, response: Obj, deref: (v: unknown) => Obj, openapiVersion: string): ResponseModel {
  const content = obj(response.content);
  const contentTypes = Object.keys(content);
  const contentType = preferred(contentTypes);
  const media = contentType === undefined ? {} : obj(content[contentType]);
  const stream = contentType?.toLowerCase() === EVENT_STREAM;
  const schema = stream ? eventDataSchema(media, openapiVersion, deref) : (media.schema as JsonSchema | undefined);
  const headers: ResponseHeaderModel[] = Object.entries(obj(response.headers)).map(([name, raw]) => {
    const header = deref(raw);
    return {
      name,
      required: header.required === true,
      schema: (header.schema ?? {}) as JsonSchema,
      ...optional("description", str(header.description)),
    };
  });
  return {
    status,
    description: str(response.description) ?? "",
    ...optional("contentType", contentType),
    contentTypes,
    ...optional("schema", schema),
    ...optional("itemSchema", stream ? (media.itemSchema as JsonSchema | undefined) : undefined),
    headers,
  };
}

function toSecurityScheme(s: Obj): SecuritySchemeModel {
  return {
    type: (str(s.type) ?? "http") as SecuritySchemeModel["type"],
    ...optional("scheme", str(s.scheme)),
    ...optional("bearerFormat", str(s.bearerFormat)),
    ...optional("name", str(s.name)),
    ...optional("in", str(s.in) as SecuritySchemeModel["in"] | undefined),
    ...optional("description", str(s.description)),
  };
}

function toRequirement(value: unknown): SecurityRequirement {
  return Object.fromEntries(Object.entries(obj(value)).map(([scheme, scopes]) => [scheme, asArray(scopes).map(String)]));
}

/** JSON first (what the SDK speaks), then any `+json`, then the first written. */
function preferred(contentTypes: readonly string[]): string | undefined {
  return contentTypes.find((t) => t === "application/json") ?? contentTypes.find((t) => /[/+]json$/.test(t)) ?? contentTypes[0];
}

export function isSuccess(status: string): boolean {
  return /^2(\d\d|XX)$/i.test(status);
}

function basePathOf(url: string | undefined): string {
  if (!url) return "";
  const path = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "") : url;
  return path.replace(/\/+$/, "");
}

/** `get /users/{id}/repos` → `getUsersIdRepos`. */
function deriveOperationId(method: string, path: string): string {
  const words = path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
}

function follow(document: Obj, value: unknown): Obj {
  return obj(followLocalRefs(document, value));
}

function obj(value: unknown): Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Obj) : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
