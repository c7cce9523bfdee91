import { describe, expect, it } from "vitest";
import {
  createMetricsRegistry,
  createServiceMetrics,
  restOperationOf,
  withHandlerMetrics,
  PROMETHEUS_CONTENT_TYPE,
} from "../../runtime/src/service/index.js";
import { gatewayContract } from "../../generated/openapi/gateway/server/index.js";

describe("the runtime's Prometheus registry (/service)", () => {
  it("writes counters, gauges and histograms in the text exposition format", async () => {
    const registry = createMetricsRegistry({ defaultLabels: { service: "shop" } });
    const requests = registry.counter({ name: "requests_total", help: "Requests", labelNames: ["code"] as const });
    const started = registry.counter({ name: "starts_total", help: "Starts" });
    let depth = 3;
    registry.gauge({ name: "queue_depth", help: "Queue depth", collect: (gauge) => gauge.set({}, depth) });
    const latency = registry.histogram({ name: "latency_seconds", help: "Latency", labelNames: ["op"] as const, buckets: [0.1, 1] });
    requests.inc({ code: "200" });
    requests.inc({ code: "200" }, 2);
    requests.inc({ code: 'a"b\\c\nd' });
    latency.observe({ op: "get" }, 0.05);
    latency.observe({ op: "get" }, 0.5);
    latency.observe({ op: "get" }, 5);
    expect(registry.contentType).toBe(PROMETHEUS_CONTENT_TYPE);
    expect(await registry.metrics()).toBe(
      [
        "# HELP requests_total Requests",
        "# TYPE requests_total counter",
        'requests_total{service="shop",code="200"} 3',
        'requests_total{service="shop",code="a\\"b\\\\c\\nd"} 1',
        "# HELP starts_total Starts",
        "# TYPE starts_total counter",
        'starts_total{service="shop"} 0',
        "# HELP queue_depth Queue depth",
        "# TYPE queue_depth gauge",
        'queue_depth{service="shop"} 3',
        "# HELP latency_seconds Latency",
        "# TYPE latency_seconds histogram",
        'latency_seconds_bucket{service="shop",op="get",le="0.1"} 1',
        'latency_seconds_bucket{service="shop",op="get",le="1"} 2',
        'latency_seconds_bucket{service="shop",op="get",le="+Inf"} 3',
        'latency_seconds_sum{service="shop",op="get"} 5.55',
        'latency_seconds_count{service="shop",op="get"} 3',
        "",
      ].join("\n"),
    );
    started.inc();
    depth = 4;
    const text = await registry.metrics();
    expect(text).toContain('starts_total{service="shop"} 1\n');
    expect(text).toContain('queue_depth{service="shop"} 4\n');
  });

  it("refuses bad names, a second metric of one name, unknown labels and a counter going down", () => {
    const registry = createMetricsRegistry();
    expect(() => registry.counter({ name: "9lives", help: "x" })).toThrow(/invalid metric name/);
    expect(() => registry.counter({ name: "ok_total", help: "x", labelNames: ["__reserved"] })).toThrow(/invalid label name/);
    const counter = registry.counter({ name: "ok_total", help: "x", labelNames: ["code"] as const });
    expect(() => registry.gauge({ name: "ok_total", help: "again" })).toThrow(/registered already/);
    expect(() => counter.inc({ code: "1", other: "2" } as never)).toThrow(/unknown label "other"/);
    expect(() => counter.inc({ code: "1" }, -1)).toThrow(/only goes up/);
    expect(() => registry.histogram({ name: "h", help: "x", labelNames: ["le"] })).toThrow(/own label/);
  });

  it("service metrics: handlers counted by name and outcome, under the reference services' metric names", async () => {
    const metrics = createServiceMetrics({ service: "shop", processMetrics: false });
    const handlers = withHandlerMetrics(metrics, "kafka", {
      async onPlaced(n: number) {
        if (n < 0) throw new RangeError("negative");
        return n * 2;
      },
    });
    await expect(handlers.onPlaced(2)).resolves.toBe(4);
    await expect(handlers.onPlaced(-1)).rejects.toThrow("negative");
    metrics.deadLetters.inc({ group: "g", topic: "t", reason: "handler-failed" });
    const text = await metrics.registry.metrics();
    expect(text).toContain('concord_requests_total{service="shop",surface="kafka",operation="onPlaced",code="ok"} 1');
    expect(text).toContain('concord_requests_total{service="shop",surface="kafka",operation="onPlaced",code="RangeError"} 1');
    expect(text).toContain('concord_request_errors_total{service="shop",surface="kafka",operation="onPlaced",code="RangeError"} 1');
    expect(text).toContain('concord_request_duration_seconds_count{service="shop",surface="kafka",operation="onPlaced"} 2');
    expect(text).toContain('concord_kafka_dead_letters_total{service="shop",group="g",topic="t",reason="handler-failed"} 1');
    expect(text).not.toContain("process_resident_memory_bytes");
    expect(await createServiceMetrics().registry.metrics()).toMatch(/^process_resident_memory_bytes \d+$/m);
  });

  it("restOperationOf names a request's operation from the contract (base path, templates, method), never its URL", () => {
    const operationOf = restOperationOf(gatewayContract);
    expect(operationOf({ method: "GET", url: "/api/v1/order/42" })).toBe("getOrder");
    expect(operationOf({ method: "GET", url: "/api/v1/order/42/status-stream?x=1" })).toBe("streamOrderStatus");
    expect(operationOf({ method: "POST", url: "/api/v1/order" })).toBe("createOrder");
    expect(operationOf({ method: "DELETE", url: "/api/v1/order" })).toBe("unmatched");
    expect(operationOf({ method: "GET", url: "/elsewhere/order/42" })).toBe("unmatched");
  });
});
