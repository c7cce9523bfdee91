/** The services' trace scope: continuing a trace, starting one, Kafka handlers, and log lines that name the trace. */
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { ReceivedMessage } from "../../runtime/src/kafka/types.js";
import { createLogger } from "../../services/shared/observability/logger.js";
import { activeTrace, nextTraceparent, runInTrace, traceIdOf, tracedHandlers } from "../../services/shared/observability/trace-scope.js";

const parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

describe("trace scope", () => {
  it("continues the given trace as a new span", () => {
    runInTrace(parent, () => {
      const span = activeTrace()!;
      expect(span.traceId).toBe("0af7651916cd43dd8448eb211c80319c");
      expect(span.spanId).not.toBe("b7ad6b7169203331");
      const next = nextTraceparent();
      expect(traceIdOf(next)).toBe(span.traceId);
      expect(next).not.toContain(span.spanId);
    });
    expect(activeTrace()).toBeUndefined();
  });

  it("starts a new trace when there is none or it is malformed", () => {
    const ids = ["garbage", undefined, "00-00000000000000000000000000000000-b7ad6b7169203331-01"].map((value) => runInTrace(value, () => activeTrace()!.traceId));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(3);
  });

  it("keeps the trace across awaits and timers", async () => {
    const seen = await runInTrace(parent, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setImmediate(resolve));
      return activeTrace()?.traceId;
    });
    expect(seen).toBe("0af7651916cd43dd8448eb211c80319c");
  });

  it("runs each Kafka handler in the trace its record carries", async () => {
    let seen: string | undefined;
    const handlers = tracedHandlers({
      async onThing(message: ReceivedMessage<{ id: number }>) {
        expect(message.payload.id).toBe(1);
        seen = activeTrace()?.traceId;
      },
    });
    await handlers.onThing({ payload: { id: 1 }, traceparent: parent } as ReceivedMessage<{ id: number }>);
    expect(seen).toBe("0af7651916cd43dd8448eb211c80319c");
  });

  it("puts the trace id on the service's log lines", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger("trace-test", "info", sink);
    runInTrace(parent, () => logger.info("inside"));
    logger.info("outside");
    const [inside, outside] = lines.map((line) => JSON.parse(line) as { traceId?: string; spanId?: string });
    expect(inside?.traceId).toBe("0af7651916cd43dd8448eb211c80319c");
    expect(inside?.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(outside?.traceId).toBeUndefined();
  });
});
