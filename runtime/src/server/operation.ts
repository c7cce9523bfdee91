import type { IncomingMessage } from "node:http";
import type { Http2ServerRequest } from "node:http2";
import type { ResponseSchemas } from "./response-validators.js";

/** One error of a compiled validator: the fields of ajv's ErrorObject the router reads. */
export interface ValidationError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/**
 * A JSON Schema validator compiled when the code was generated (ajv standalone). It may coerce
 * and fill defaults in place, which is how text parameters become numbers and booleans.
 */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: ValidationError[] | null;
}

export type ParameterLocation = "path" | "query" | "header";

export interface ParameterSpec {
  /** As the contract spells it (`Idempotency-Key`); header lookup ignores case. */
  readonly name: string;
  readonly in: ParameterLocation;
  /** Whether the schema is an array: a repeated query parameter then collects all its values. */
  readonly array: boolean;
}

export interface RequestBodySpec {
  readonly required: boolean;
  /** Media types the operation accepts, e.g. `application/json`. */
  readonly contentTypes: readonly string[];
  readonly validate?: CompiledValidator;
}

export interface ResponseSpec {
  /** Media type of the body; absent for responses without one (204). */
  readonly contentType?: string;
  /** Key of the body's schema (each event's data, for an event stream) in `ServerContract.responseSchemas`. */
  readonly schema?: string;
}

/** One alternative of `security`: the names of the schemes that must all be satisfied. */
export type SecurityRequirement = readonly string[];

export interface SecuritySchemeSpec {
  readonly type: "http" | "apiKey" | "oauth2" | "openIdConnect" | "mutualTLS";
  /** For `http`: `bearer` or `basic`. */
  readonly scheme?: string;
  /** For `apiKey`. */
  readonly name?: string;
  readonly in?: "header" | "query" | "cookie";
}

/** One operation of the contract, as generated code hands it to the router. */
export interface OperationSpec {
  readonly operationId: string;
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Path template relative to the base path, e.g. `/order/{orderId}`. */
  readonly path: string;
  readonly parameters: readonly ParameterSpec[];
  /** One validator per location that has parameters; each sees an object keyed by parameter name. */
  readonly validateParameters: Readonly<Partial<Record<ParameterLocation, CompiledValidator>>>;
  readonly requestBody?: RequestBodySpec;
  /** Keyed by status code (`"201"`), range (`"4XX"`) or `"default"`. */
  readonly responses: Readonly<Record<string, ResponseSpec>>;
  /** Alternatives; empty means no authentication. */
  readonly security: readonly SecurityRequirement[];
  /** Whether the success response is `text/event-stream`. */
  readonly eventStream: boolean;
}

/** Everything the router needs from one OpenAPI document. */
export interface ServerContract {
  /** Short name of the document (`gateway`). */
  readonly name: string;
  /** Path prefix from the document's first server URL (`/api/v1`), or "". */
  readonly basePath: string;
  readonly securitySchemes: Readonly<Record<string, SecuritySchemeSpec>>;
  /** What the router's opt-in `validateResponses` checks bodies and events against. */
  readonly responseSchemas?: ResponseSchemas;
  readonly operations: readonly OperationSpec[];
}

export type ServerRequest = IncomingMessage | Http2ServerRequest;

/** Who made the request, as the `authenticate` hook of the router found out. */
export interface Principal {
  /** The user or client the credentials belong to (a JWT's `sub`). */
  readonly subject: string;
  readonly claims?: Readonly<Record<string, unknown>>;
}

/** What a handler learns about the exchange besides its typed input. */
export interface RequestContext {
  readonly operationId: string;
  /** The raw request, for anything the contract does not type. */
  readonly request: ServerRequest;
  /** Aborts when the exchange is over: the client went away or the response was sent. */
  readonly signal: AbortSignal;
  /** Set when the operation requires authentication and the credentials were accepted. */
  readonly principal: Principal | undefined;
}

export type ResponseHeaders = Readonly<Record<string, string | number | readonly string[]>>;

/** Parameters as a handler sees them: those with a default always have a value (validation fills it in). */
export type WithDefaults<Parameters, Defaulted extends keyof Parameters> = Omit<Parameters, Defaulted> &
  Required<Pick<Parameters, Defaulted>>;

/** One server-sent event. `data` is written as JSON unless it is a string. */
export interface ServerSentEvent<Data> {
  data: Data;
  id?: string;
  event?: string;
  /** Reconnection delay the client should use, in milliseconds. */
  retry?: number;
}

/** Writes the events of one `text/event-stream` response. */
export interface EventWriter<Data> {
  /** Resolves once the event is handed to the socket (waits while the client reads slowly). */
  send(event: ServerSentEvent<Data>): Promise<void>;
  /** A comment line, e.g. a keep-alive. */
  comment(text: string): Promise<void>;
  /** Aborts when the client disconnects. */
  readonly signal: AbortSignal;
}

/** What the router accepts from a handler; generated types narrow it per operation. */
export interface BodyResult {
  status: number;
  body?: unknown;
  headers?: ResponseHeaders;
}

export interface StreamResult {
  status: number;
  headers?: ResponseHeaders;
  /** Writes the events; the response ends when the promise settles. */
  stream(writer: EventWriter<never>): Promise<void>;
}

export type HandlerResult = BodyResult | StreamResult;

/** The input of a handler after validation and coercion. */
export interface HandlerInput {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  body: unknown;
  context: RequestContext;
}

/**
 * A handler as the router sees it. Generated code narrows the input and result per operation;
 * `never` as the input type lets any such narrowed handler be passed here.
 */
export type OperationHandler = (input: never) => HandlerResult | Promise<HandlerResult>;
