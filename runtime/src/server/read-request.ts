import type { HandlerInput, OperationSpec, ParameterLocation, ServerRequest } from "./operation.js";
import { problem, type ProblemDetails, type RequestViolation } from "./problem.js";
import { acceptsMediaType, isJsonMediaType, readBody } from "./read-body.js";
import { bodyViolations, parameterViolations } from "./violations.js";

export type ReadOutcome = { kind: "ok"; input: Omit<HandlerInput, "context"> } | { kind: "problem"; problem: ProblemDetails };

/**
 * Collects the operation's parameters and body from the request and validates all of them,
 * so a bad request learns every violation at once, not one per round trip.
 */
export async function readRequest(
  request: ServerRequest,
  operation: OperationSpec,
  pathParams: Record<string, string>,
  query: URLSearchParams,
  bodyLimitBytes: number,
): Promise<ReadOutcome> {
  const violations: RequestViolation[] = [];
  const values = {
    path: decodePathParams(pathParams, violations),
    query: queryValues(operation, query),
    header: headerValues(operation, request),
  };
  for (const location of ["path", "query", "header"] as const) {
    const validate = operation.validateParameters[location];
    if (validate && !validate(values[location])) violations.push(...parameterViolations(location, validate.errors ?? []));
  }

  let body: unknown;
  const spec = operation.requestBody;
  if (spec) {
    const read = await readBody(request, bodyLimitBytes);
    if (read.kind === "too-large") return { kind: "problem", problem: problem(413, `The body exceeds ${bodyLimitBytes} bytes`) };
    if (read.kind === "empty") {
      if (spec.required) violations.push({ in: "body", pointer: "", keyword: "required", message: "a request body is required" });
    } else if (!acceptsMediaType(spec.contentTypes, read.contentType)) {
      const accepted = spec.contentTypes.join(", ");
      return { kind: "problem", problem: problem(415, `Send the body as ${accepted}, not ${read.contentType || "untyped"}`) };
    } else if (isJsonMediaType(read.contentType)) {
      try {
        body = JSON.parse(read.raw.toString("utf8"));
      } catch (error) {
        violations.push({ in: "body", pointer: "", keyword: "json", message: `is not JSON: ${(error as Error).message}` });
      }
      if (body !== undefined && spec.validate && !spec.validate(body)) violations.push(...bodyViolations(spec.validate.errors ?? []));
    } else {
      body = read.contentType.startsWith("text/") ? read.raw.toString("utf8") : read.raw;
    }
  }

  if (violations.length > 0) {
    const count = violations.length === 1 ? "1 violation" : `${violations.length} violations`;
    return { kind: "problem", problem: problem(400, `The request breaks the contract: ${count}`, violations) };
  }
  return { kind: "ok", input: { path: values.path, query: values.query, headers: values.header, body } };
}

function decodePathParams(raw: Record<string, string>, violations: RequestViolation[]): Record<string, unknown> {
  const decoded: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    try {
      decoded[name] = decodeURIComponent(value);
    } catch {
      violations.push({ in: "path", name, keyword: "encoding", message: "is not valid percent-encoding" });
    }
  }
  return decoded;
}

function queryValues(operation: OperationSpec, query: URLSearchParams): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const parameter of declared(operation, "query")) {
    const all = query.getAll(parameter.name);
    if (all.length === 0) continue;
    values[parameter.name] = parameter.array ? all.flatMap((v) => v.split(",")) : all[0];
  }
  return values;
}

function headerValues(operation: OperationSpec, request: ServerRequest): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const parameter of declared(operation, "header")) {
    const value = request.headers[parameter.name.toLowerCase()];
    if (value === undefined) continue;
    values[parameter.name] = parameter.array
      ? String(value)
          .split(",")
          .map((v) => v.trim())
      : Array.isArray(value)
        ? value[0]
        : value;
  }
  return values;
}

function declared(operation: OperationSpec, location: ParameterLocation) {
  return operation.parameters.filter((parameter) => parameter.in === location);
}
