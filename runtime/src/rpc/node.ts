/**
 * The Node side of Connect-RPC: serving generated services over HTTP/2 (h2c or TLS/mTLS), the HTTP/2
 * client transport, and `rpcMetrics`, the interceptor that feeds a service's metrics (see `/service`).
 */
export { createNodeTransport, type NodeTransportOptions } from "./node-transport.js";
export { rpcMetrics } from "./server-metrics.js";
export { serverTraceInterceptor } from "./server-trace.js";
export { mountService, serveRpc, type MountOptions, type RunningServer, type ServeOptions, type TlsOptions } from "./server.js";
