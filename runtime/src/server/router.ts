import { compareSpecificity, compilePath, matchPath, splitPath, type PathTemplate } from "./match-path.js";
import type {
  BodyResult,
  CompiledValidator,
  HandlerInput,
  OperationHandler,
  OperationSpec,
  Principal,
  ResponseHeaders,
  ResponseSpec,
  ServerContract,
  ServerRequest,
  StreamResult,
} from "./operation.js";
import { problem, type ProblemDetails } from "./problem.js";
import { readRequest } from "./read-request.js";
import { sendBody, sendProblem, type ServerResponseLike } from "./respond.js";
import { findCredentials, type Credentials } from "./security.js";
import { openEventStream } from "./event-writer.js";
import { responseValidators } from "./response-validators.js";
import { bodyViolations } from "./violations.js";

export interface RouterOptions {
  /**
   * Checks the credentials of an operation that requires authentication (e.g. verifies the JWT);
   * undefined rejects the request with 401. Without it, credentials only have to be present.
   */
  authenticate?: (credentials: readonly Credentials[], request: ServerRequest) => Principal | undefined | Promise<Principal | undefined>;
  /** Largest request body read, in bytes; more gets 413. Default 1 MiB. */
  bodyLimitBytes?: number;
  /** Checks every response body and event against the contract (compiling its schemas on first use); a mismatch becomes a 500. Default off. */
  validateResponses?: boolean;
  /** Keep-alive comment interval of event streams, in milliseconds; 0 turns it off. Default 15 000. */
  heartbeatMs?: number;
  /**
   * Called with every error a handler throws (and response mismatches, and errors before a
   * handler ran, with operationId `router`). It may return the problem to answer with (e.g. a 503
   * for an upstream outage, carrying a trace id); without one the answer is a bare 500, which
   * never carries the error's text. Default: console.error.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook that returns nothing keeps the default answer
  onError?: (error: unknown, operationId: string) => ErrorAnswer | void;
}

/** What `onError` may answer a failed request with, while the response has not started. */
export interface ErrorAnswer {
  problem: ProblemDetails;
  headers?: ResponseHeaders;
}

export type RequestListener = (request: ServerRequest, response: ServerResponseLike) => Promise<void>;

/** The abort reason of every finished exchange; one shared value saves a DOMException per request. */
const EXCHANGE_OVER = new Error("the exchange is over");

interface Route {
  template: PathTemplate;
  byMethod: Map<string, OperationSpec>;
}

/**
 * A node:http (or http2 compat) request listener serving `contract` with `handlers`. Every request
 * is checked against the contract before its handler runs: a bad one gets 400 problem+json listing
 * every violation, an unknown path 404, a known path with another method 405.
 */
export function createRouter<Handlers extends { readonly [K in keyof Handlers]: OperationHandler }>(
  contract: ServerContract,
  handlers: Handlers,
  options: RouterOptions = {},
): RequestListener {
  const byId = handlers as Readonly<Record<string, OperationHandler | undefined>>;
  const routes = buildRoutes(contract.operations);
  const responseValidator =
    options.validateResponses && contract.responseSchemas ? responseValidators(contract.responseSchemas) : () => undefined;
  const limit = options.bodyLimitBytes ?? 1024 * 1024;
  const onError = options.onError ?? ((error: unknown, operationId: string) => console.error(`[${operationId}]`, error));

  const serve = async (request: ServerRequest, response: ServerResponseLike): Promise<void> => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const path = stripBase(url.pathname, contract.basePath);
    const parts = path === undefined ? undefined : splitPath(path);
    const found = parts && findRoute(routes, parts);
    if (!found) return sendProblem(response, problem(404, `No operation serves ${url.pathname}`));
    const operation = found.route.byMethod.get((request.method ?? "GET").toUpperCase());
    if (!operation) {
      const allow = [...found.route.byMethod.keys()].join(", ");
      return sendProblem(response, problem(405, `${url.pathname} allows ${allow}`), { allow });
    }
    const handler = byId[operation.operationId];
    if (!handler) return sendProblem(response, problem(501, `${operation.operationId} has no handler`));

    const credentials = findCredentials(operation.security, contract.securitySchemes, request, url.searchParams);
    if (!credentials) return sendProblem(response, problem(401, "Credentials are missing"), challenge(operation, contract));
    let principal: Principal | undefined;
    if (credentials.length > 0 && options.authenticate) {
      principal = await options.authenticate(credentials, request);
      if (!principal) return sendProblem(response, problem(401, "Credentials were not accepted"), challenge(operation, contract));
    }

    const parsed = await readRequest(request, operation, found.params, url.searchParams, limit);
    if (parsed.kind === "problem") return sendProblem(response, parsed.problem);

    const abort = new AbortController();
    response.once("close", () => abort.abort(EXCHANGE_OVER));
    const input: HandlerInput = {
      ...parsed.input,
      context: { operationId: operation.operationId, request, signal: abort.signal, principal },
    };
    try {
      const result = await (handler as (input: HandlerInput) => BodyResult | StreamResult | Promise<BodyResult | StreamResult>)(input);
      await respond(response, operation, result, abort.signal, options, responseValidator);
    } catch (error) {
      answerError(response, onError(error, operation.operationId));
    }
  };
  // A listener never rejects: an error before a handler ran (a client that broke the connection
  // mid-body, an authenticate hook that threw) is reported and answered like a handler's.
  return async (request, response) => {
    try {
      await serve(request, response);
    } catch (error) {
      answerError(response, onError(error, "router"));
    }
  };
}

/** The error answer (a bare 500 without one), or just the end of a response that has started. */
function answerError(response: ServerResponseLike, answer: ReturnType<NonNullable<RouterOptions["onError"]>>): void {
  if (response.headersSent || response.writableEnded) {
    if (!response.writableEnded) response.end();
    return;
  }
  sendProblem(response, answer?.problem ?? problem(500), answer?.headers);
}

async function respond(
  response: ServerResponseLike,
  operation: OperationSpec,
  result: BodyResult | StreamResult,
  signal: AbortSignal,
  options: RouterOptions,
  validator: (key: string) => CompiledValidator | undefined,
): Promise<void> {
  const spec = responseSpec(operation, result.status);
  if (!spec) throw new Error(`${operation.operationId} returned status ${result.status}, which the contract does not declare`);
  const validate = spec.schema === undefined ? undefined : validator(spec.schema);
  if ("stream" in result) {
    const check = validate
      ? (data: unknown): void => {
          if (!validate(data)) throw responseMismatch(operation, result.status, validate.errors);
        }
      : undefined;
    const stream = openEventStream(response, result.status, result.headers ?? {}, signal, {
      heartbeatMs: options.heartbeatMs ?? 15_000,
      check,
    });
    try {
      await result.stream(stream.writer as never);
    } finally {
      stream.end();
    }
    return;
  }
  if (validate && result.body !== undefined && !validate(result.body)) {
    throw responseMismatch(operation, result.status, validate.errors);
  }
  sendBody(response, result.status, result.body, spec.contentType, result.headers);
}

function responseSpec(operation: OperationSpec, status: number): ResponseSpec | undefined {
  const { responses } = operation;
  return responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
}

function responseMismatch(operation: OperationSpec, status: number, errors: unknown): Error {
  const list = bodyViolations(Array.isArray(errors) ? errors : []);
  const detail = list.map((v) => `${v.pointer || "/"} ${v.message}`).join("; ");
  return new Error(`${operation.operationId} ${status} response breaks the contract: ${detail}`);
}

function challenge(operation: OperationSpec, contract: ServerContract): Record<string, string> {
  const schemes = operation.security.flat().map((name) => contract.securitySchemes[name]);
  const http = schemes.find((s) => s?.type === "http");
  const scheme = http?.scheme ?? (schemes.some((s) => s?.type === "oauth2" || s?.type === "openIdConnect") ? "bearer" : undefined);
  return scheme ? { "www-authenticate": scheme.charAt(0).toUpperCase() + scheme.slice(1) } : {};
}

function buildRoutes(operations: readonly OperationSpec[]): Route[] {
  const byTemplate = new Map<string, Route>();
  for (const operation of operations) {
    const route = byTemplate.get(operation.path) ?? { template: compilePath(operation.path), byMethod: new Map() };
    route.byMethod.set(operation.method.toUpperCase(), operation);
    byTemplate.set(operation.path, route);
  }
  return [...byTemplate.values()].sort((a, b) => compareSpecificity(a.template, b.template));
}

function findRoute(routes: readonly Route[], parts: readonly string[]): { route: Route; params: Record<string, string> } | undefined {
  for (const route of routes) {
    const params = matchPath(route.template, parts);
    if (params) return { route, params };
  }
  return undefined;
}

function stripBase(pathname: string, basePath: string): string | undefined {
  if (basePath === "" || basePath === "/") return pathname;
  if (pathname === basePath) return "/";
  return pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : undefined;
}
