/**
 * What a service needs around its generated servers and consumers: `/healthz` that reports its
 * consumer groups, `/metrics` in the Prometheus text format (no dependency; a prom-client registry
 * fits too), an HTTP server that stops gracefully, a stop list that stops the parts in order,
 * SIGTERM/SIGINT handling, a JSON-lines logger that names the active trace, `runInTrace` for work
 * that is not a Connect call (a REST request, a background step), and the error a not-yet-written
 * handler throws.
 * `rpcMetrics` (the Connect interceptor that feeds the metrics) is in `/rpc/node`.
 */
export {
  createHealth,
  type CheckResult,
  type GroupHealth,
  type Health,
  type HealthCheck,
  type HealthOptions,
  type HealthReport,
  type HealthSource,
  type HealthStatus,
} from "./health.js";
export { serveHttp, type HttpListener, type HttpServerOptions, type RunningHttpServer } from "./http.js";
export { createLogger, type Logger, type LoggerOptions, type LogLevel } from "./log.js";
export {
  createMetricsRegistry,
  defaultBuckets,
  PROMETHEUS_CONTENT_TYPE,
  type Counter,
  type Gauge,
  type Histogram,
  type LabelValues,
  type MetricOptions,
  type MetricsRegistry,
  type MetricsSource,
  type RegistryOptions,
} from "./metrics.js";
export { NotImplementedError, notImplementedAnswer } from "./not-implemented.js";
export { serveOps, type OpsOptions } from "./ops.js";
export {
  createServiceMetrics,
  restOperationOf,
  withHandlerMetrics,
  withHttpMetrics,
  type ServiceMetrics,
  type ServiceMetricsOptions,
  type Surface,
} from "./service-metrics.js";
export { runInTrace } from "../trace-scope.js";
export { createStopList, stopOnSignals, type SignalOptions, type StopList, type StopListOptions, type StopStep } from "./stop.js";
