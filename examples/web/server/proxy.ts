/**
 * Forwards `/api/v1/…` to the gateway, so the page calls its own origin and needs no CORS.
 * Bodies stream both ways (the status stream is server-sent events); when the browser goes
 * away, the upstream request is dropped too.
 */
import { request, type IncomingMessage, type ServerResponse } from "node:http";

/** Connection-level headers that belong to one hop, not to the request (RFC 9110 §7.6.1). */
const hopByHop = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer", "host"]);

export function proxyTo(gatewayUrl: string): (req: IncomingMessage, res: ServerResponse) => void {
  const upstreamBase = new URL(gatewayUrl);
  return (req, res) => {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !hopByHop.has(name)) headers[name] = value;
    }
    const upstream = request(new URL(req.url ?? "/", upstreamBase), { method: req.method, headers }, (answer) => {
      const answerHeaders: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value !== undefined && !hopByHop.has(name)) answerHeaders[name] = value;
      }
      res.writeHead(answer.statusCode ?? 502, answerHeaders);
      res.flushHeaders();
      answer.pipe(res);
    });
    upstream.on("error", () => {
      if (!res.headersSent) {
        res.writeHead(502, { "content-type": "application/problem+json" });
        res.end(JSON.stringify({ type: "about:blank", title: "the gateway is unreachable", status: 502 }));
      } else {
        res.destroy();
      }
    });
    res.on("close", () => upstream.destroy());
    req.pipe(upstream);
  };
}
