import type { Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport, Http2SessionManager } from "@connectrpc/connect-node";

export interface NodeTransportOptions {
  baseUrl: string;
  /** Wire protocol (default connect). */
  protocol?: "connect" | "grpc" | "grpc-web";
  /** HTTP version (default 2; gRPC always uses 2). */
  httpVersion?: "1.1" | "2";
  useBinaryFormat?: boolean;
  /** For https URLs: the CA to trust, and a client certificate for mutual TLS. */
  tls?: { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer };
}

/** A Node transport over HTTP/2 (one shared session per base URL) for a generated client. */
export function createNodeTransport(options: NodeTransportOptions): Transport {
  const useBinaryFormat = options.useBinaryFormat ?? true;
  const tls = options.tls ?? {};
  if (options.httpVersion === "1.1" && options.protocol !== "grpc") {
    const common = { baseUrl: options.baseUrl, httpVersion: "1.1" as const, useBinaryFormat, nodeOptions: tls };
    return options.protocol === "grpc-web" ? createGrpcWebTransport(common) : createConnectTransport(common);
  }
  const sessionManager = new Http2SessionManager(options.baseUrl, undefined, tls);
  if (options.protocol === "grpc") return createGrpcTransport({ baseUrl: options.baseUrl, sessionManager });
  const common = { baseUrl: options.baseUrl, httpVersion: "2" as const, useBinaryFormat, sessionManager };
  return options.protocol === "grpc-web" ? createGrpcWebTransport(common) : createConnectTransport(common);
}
