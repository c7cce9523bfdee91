/**
 * The small typed model of one OpenAPI document (3.0, 3.1 or 3.2) that every OpenAPI emitter reads:
 * the SDK emitters (emit-sdk-*.ts) and the server stubs (server/). Built by build-model.ts from
 * a validated, bundled document. References to `#/components/parameters|requestBodies|responses|headers`
 * are resolved here; schemas keep their `$ref`s to `#/components/schemas/<Name>`.
 *
 * Emitters return paths relative to the document's own output folder (`sdk/orders.ts`); the kind
 * prefixes `<name>/`, so the files land in `generated/openapi/<name>/...`.
 *
 * Stable: change it only by adding fields.
 */

/** A JSON Schema object as the contract states it (after bundling, `$ref`s are local). */
import type { JsonSchema } from "../schema/json-schema.js";

export type { JsonSchema };

export type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";

export type ParameterLocation = "path" | "query" | "header" | "cookie";

import type { SdkGrouping } from "./config.js";

export interface OpenApiModel {
  /** Short name of the document, from its file name: `gateway.yaml` → `gateway`. Names its output folder. */
  name: string;
  /** The contract file, relative to the contracts folder's parent when possible (`contracts/openapi/gateway.yaml`). */
  sourceFile: string;
  /** The `openapi` field as written: `3.0.3`, `3.1.0`, `3.2.0`. */
  openapiVersion: string;
  title: string;
  version: string;
  description?: string;
  /** `servers[].url` as written. */
  servers: string[];
  /** Path part of the first server URL without a trailing slash (`/api/v1`), or "". */
  basePath: string;
  /** In document order: paths as written, methods in the order get, put, post, delete, options, head, patch, trace. */
  operations: OperationModel[];
  /** How the SDK groups the operations into files (the config's `openapi.groupBy`); `tag` when absent. */
  groupBy?: SdkGrouping;
  /** `components.schemas`, as written (after bundling). */
  schemas: Record<string, JsonSchema>;
  securitySchemes: Record<string, SecuritySchemeModel>;
  /** The whole bundled document: one file, every `$ref` local. openapi-typescript reads this. */
  document: Record<string, unknown>;
}

export interface OperationModel {
  /** `operationId` as written, or derived from method and path when the contract has none. */
  operationId: string;
  method: HttpMethod;
  /** Path template as written under `paths` (`/order/{orderId}`), without the base path. */
  path: string;
  /** Tags as written; empty when the operation has none. */
  tags: string[];
  summary?: string;
  description?: string;
  deprecated: boolean;
  /** Path-item and operation parameters merged (the operation's win), `$ref`s resolved. */
  parameters: ParameterModel[];
  requestBody?: RequestBodyModel;
  /** In the order written; `status` is `"200"`, `"4XX"` or `"default"`. */
  responses: ResponseModel[];
  /** Effective security: the operation's if it states one (possibly `[]` = none), else the document's. */
  security: SecurityRequirement[];
  /** Whether a success response is `text/event-stream`. */
  isEventStream: boolean;
  /** The `Idempotency-Key` header parameter (any case), when the operation declares it. */
  idempotencyKey?: ParameterModel;
  /** JSON pointer of the operation in the bundled document: `/paths/~1order/post`. */
  pointer: string;
}

export interface ParameterModel {
  name: string;
  in: ParameterLocation;
  required: boolean;
  /** `{}` when the parameter has no schema (a `content` parameter takes its first media type's schema). */
  schema: JsonSchema;
  description?: string;
  deprecated: boolean;
}

export interface RequestBodyModel {
  required: boolean;
  /** The preferred media type: `application/json` when offered, else the first written. */
  contentType: string;
  /** Every media type offered, as written. */
  contentTypes: string[];
  schema?: JsonSchema;
  description?: string;
}

export interface ResponseModel {
  /** `"200"`, `"2XX"` or `"default"`. */
  status: string;
  description: string;
  /** The preferred media type, absent when the response has no body (204). */
  contentType?: string;
  contentTypes: string[];
  /**
   * The body's schema; for `text/event-stream`, the schema of each event's `data` (3.0/3.1: the
   * media type's `schema`; 3.2: `itemSchema`'s `data.contentSchema`, see event-stream.ts).
   */
  schema?: JsonSchema;
  /** For `text/event-stream` in OpenAPI 3.2: the schema of one event (`data`, `event`, `id`, `retry`), as written. */
  itemSchema?: JsonSchema;
  headers: ResponseHeaderModel[];
}

export interface ResponseHeaderModel {
  name: string;
  required: boolean;
  schema: JsonSchema;
  description?: string;
}

/** One alternative of `security`: scheme name → scopes; all schemes of one requirement apply together. */
export type SecurityRequirement = Record<string, string[]>;

export interface SecuritySchemeModel {
  type: "http" | "apiKey" | "oauth2" | "openIdConnect" | "mutualTLS";
  /** For `http`: `bearer`, `basic`. */
  scheme?: string;
  bearerFormat?: string;
  /** For `apiKey`: header/query/cookie name and where it goes. */
  name?: string;
  in?: "header" | "query" | "cookie";
  description?: string;
}
