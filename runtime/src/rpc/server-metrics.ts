import { Code, ConnectError, type Interceptor, type StreamResponse } from "@connectrpc/connect";
import type { ServiceMetrics } from "../service/service-metrics.js";

/**
 * Server side: counts each call (surface `rpc`, operation the method's name, code `ok` or the
 * Connect code in lower case, e.g. `unimplemented`) and times it; a streaming response counts
 * when its stream ends. For `mountX(router, handler, { interceptors: [rpcMetrics(metrics)] })`.
 */
export function rpcMetrics(metrics: ServiceMetrics): Interceptor {
  return (next) => async (request) => {
    const operation = request.method.name;
    const started = process.hrtime.bigint();
    const record = (error?: unknown) => {
      const code = error === undefined ? "ok" : Code[ConnectError.from(error).code].toLowerCase();
      metrics.record("rpc", operation, code, error !== undefined, Number(process.hrtime.bigint() - started) / 1e9);
    };
    let response: Awaited<ReturnType<typeof next>>;
    try {
      response = await next(request);
    } catch (error) {
      record(error);
      throw error;
    }
    if (!response.stream) {
      record();
      return response;
    }
    return { ...response, message: counted(response.message, record) } as StreamResponse;
  };
}

async function* counted<T>(messages: AsyncIterable<T>, record: (error?: unknown) => void): AsyncIterable<T> {
  try {
    yield* messages;
    record();
  } catch (error) {
    record(error);
    throw error;
  }
}
