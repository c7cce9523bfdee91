/** One violation in a bad request: where it is, and what is wrong. */
export interface RequestViolation {
  in: "path" | "query" | "header" | "body";
  /** The parameter's name, for path, query and header violations. */
  name?: string;
  /** JSON pointer into the body, for body violations ("" is the body itself). */
  pointer?: string;
  /** The JSON Schema keyword that failed (`type`, `required`, `enum`…). */
  keyword: string;
  message: string;
}

/** An RFC 9457 problem details object, as every error response of a Concord server carries it. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Every violation found in the request, for 400 responses. */
  errors?: RequestViolation[];
  /** W3C trace id of the request (5xx answers): the server's log lines of that trace name the cause. */
  traceId?: string;
}

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  500: "Internal Server Error",
  501: "Not Implemented",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** A problem with the standard title for `status`; `type` stays `about:blank` as RFC 9457 §4.2.1 allows. */
export function problem(status: number, detail?: string, errors?: RequestViolation[]): ProblemDetails {
  const body: ProblemDetails = { type: "about:blank", title: TITLES[status] ?? "Error", status };
  if (detail !== undefined) body.detail = detail;
  if (errors !== undefined) body.errors = errors;
  return body;
}
