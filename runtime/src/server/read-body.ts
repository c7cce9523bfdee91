import type { ServerRequest } from "./operation.js";

export type BodyOutcome = { kind: "empty" } | { kind: "ok"; contentType: string; raw: Buffer } | { kind: "too-large" };

/** Reads the whole request body, giving up (and draining nothing more) past `limitBytes`. */
export function readBody(request: ServerRequest, limitBytes: number): Promise<BodyOutcome> {
  const declared = Number(request.headers["content-length"] ?? Number.NaN);
  if (declared > limitBytes) return Promise.resolve({ kind: "too-large" });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer | string): void => {
      const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size > limitBytes) {
        cleanup();
        resolve({ kind: "too-large" });
        return;
      }
      chunks.push(buffer);
    };
    const onEnd = (): void => {
      cleanup();
      if (size === 0) resolve({ kind: "empty" });
      else resolve({ kind: "ok", contentType: mediaType(request.headers["content-type"]), raw: Buffer.concat(chunks, size) });
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const cleanup = (): void => {
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("error", onError);
    };
    request.on("data", onData);
    request.on("end", onEnd);
    request.on("error", onError);
  });
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return (value ?? "").split(";")[0]!.trim().toLowerCase();
}

/** `application/json` and every `+json` type. */
export function isJsonMediaType(type: string): boolean {
  return type === "application/json" || type.endsWith("+json");
}

/** Whether `type` is one the operation accepts; contract entries may use wildcards (`text/*`, `*\/*`). */
export function acceptsMediaType(accepted: readonly string[], type: string): boolean {
  return accepted.some((entry) => {
    const want = entry.toLowerCase();
    if (want === "*/*" || want === type) return true;
    return want.endsWith("/*") && type.startsWith(want.slice(0, -1));
  });
}
