import { isRetriable } from "../errors.js";
import { defaultRetryPolicy, withRetry, type RetryPolicy } from "../retry.js";
import { SdkError } from "./sdk-error.js";

export interface ClientOptions {
  /** Base URL the operation paths are appended to, e.g. `https://shop.example/api/v1`. */
  baseUrl: string;
  /** Token provider for `Authorization: Bearer …`; asked before every attempt, so a refreshed token is used. */
  token?: () => string | null | undefined | Promise<string | null | undefined>;
  /** Headers sent with every call. */
  headers?: Record<string, string>;
  /** Per-attempt timeout in milliseconds; a call may override it. */
  timeoutMs?: number;
  /** Retry policy for calls that may be retried; `false` turns retries off. */
  retry?: Partial<RetryPolicy> | false;
  fetch?: typeof fetch;
}

export type Client = Readonly<ClientOptions>;

export function createClient(options: ClientOptions): Client {
  return { ...options, baseUrl: options.baseUrl.replace(/\/+$/, "") };
}

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  headers?: Record<string, string>;
  retry?: Partial<RetryPolicy> | false;
}

/** What the generated input types fill in. */
export interface RequestInput {
  path?: object;
  query?: object;
  headers?: object;
  body?: unknown;
}

/** A response told apart by status: 2xx is `ok`, anything else carries the error body (undefined when empty). */
export type ApiResult<Data = unknown, Error = unknown> =
  | { ok: true; status: number; data: Data; headers: Headers }
  | { ok: false; status: number; error: Error; headers: Headers };

const RETRY_STATUSES = [408, 425, 429, 500, 502, 503, 504];

/** Whether a call may be sent twice: an idempotent method, or a request carrying an idempotency key. */
function mayRetry(method: string, headers: Record<string, string>): boolean {
  return /^(GET|HEAD|PUT|DELETE|OPTIONS)$/.test(method) || Object.keys(headers).some((h) => /^idempotency-key$/i.test(h));
}

class RetryStatus {
  constructor(readonly result: ApiResult) {}
}

/**
 * Sends one operation. `keyHeader` names the idempotency header the operation declares: a key is
 * made once per call (unless the caller gave one) and sent on every attempt.
 */
export async function call<R extends ApiResult>(
  client: Client,
  method: string,
  path: string,
  input: RequestInput = {},
  options: CallOptions = {},
  contentType = "application/json",
  keyHeader?: string,
): Promise<R> {
  const headers = { ...client.headers, ...stringValues(input.headers), ...options.headers };
  if (keyHeader && !Object.keys(headers).some((h) => h.toLowerCase() === keyHeader.toLowerCase())) {
    headers[keyHeader] = crypto.randomUUID();
  }
  const retry = options.retry ?? client.retry;
  const policy = { ...defaultRetryPolicy, ...retry, ...(retry === false || !mayRetry(method, headers) ? { maxAttempts: 1 } : {}) };
  let body: BodyInit | undefined;
  if (input.body !== undefined) {
    const json = /json/.test(contentType);
    // FormData, URLSearchParams and Blob bodies get their Content-Type (with boundary) from fetch.
    if (json || typeof input.body === "string") headers["Content-Type"] = contentType;
    body = json ? JSON.stringify(input.body) : (input.body as BodyInit);
  }
  const url = buildUrl(client, path, input);
  try {
    return (await withRetry(
      async () => {
        const response = await send(client, url, { method, headers: await withAuth(client, headers), body }, options);
        if (RETRY_STATUSES.includes(response.status)) throw new RetryStatus(response);
        return response;
      },
      { policy, signal: options.signal, shouldRetry: (e) => e instanceof RetryStatus || isRetriable(e) },
    )) as R;
  } catch (error) {
    if (error instanceof RetryStatus) return error.result as R;
    throw error instanceof SdkError ? error : transportError(error, options.signal);
  }
}

export function buildUrl(client: Client, path: string, input: RequestInput): string {
  const params = stringValues(input.path);
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(input.query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) if (item != null) query.append(key, String(item));
  }
  const search = query.toString();
  return (
    client.baseUrl +
    path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? "")) +
    (search ? `?${search}` : "")
  );
}

export async function withAuth(client: Client, headers: Record<string, string>): Promise<Record<string, string>> {
  const token = await client.token?.();
  return token ? { ...headers, Authorization: `Bearer ${token}` } : headers;
}

/** One attempt, bounded by the per-attempt timeout and the caller's signal. */
async function send(client: Client, url: string, init: RequestInit, options: CallOptions): Promise<ApiResult> {
  const timeoutMs = options.timeoutMs ?? client.timeoutMs;
  const signals = [options.signal, timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined].filter((s) => s !== undefined);
  const signal = signals.length > 0 ? AbortSignal.any(signals) : undefined;
  try {
    const response = await (client.fetch ?? fetch)(url, { ...init, signal });
    const text = await response.text();
    let value: unknown = text === "" ? undefined : text;
    if (value !== undefined && /json/.test(response.headers.get("content-type") ?? "")) {
      try {
        value = JSON.parse(text);
      } catch {
        // A proxy's HTML error page under a JSON content type: keep the text.
      }
    }
    const { status, headers, ok } = response;
    return ok ? { ok, status, data: value, headers } : { ok, status, error: value, headers };
  } catch (error) {
    throw transportError(error, options.signal);
  }
}

export function transportError(error: unknown, callerSignal: AbortSignal | undefined): SdkError {
  if (callerSignal?.aborted) return new SdkError("call aborted", "aborted", false, undefined, { cause: error });
  if ((error as Error).name === "TimeoutError") return new SdkError("call timed out", "timeout", true, undefined, { cause: error });
  return new SdkError(`network error: ${(error as Error).message}`, "network", true, undefined, { cause: error });
}

function stringValues(values: object | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values ?? {})) if (value != null) out[key] = String(value);
  return out;
}
