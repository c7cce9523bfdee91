/**
 * The active trace in Node: continuing a trace, starting one, Kafka handlers in their record's
 * trace, what an outbox record and a Connect call made inside carry, and log lines that name it.
 */
import { describe, expect, it } from "vitest";
import { currentTrace, nextTraceparent, parseTraceparent } from "../../runtime/src/trace-context.js";
import { runInTrace } from "../../runtime/src/trace-scope.js";
import { tracedHandlers } from "../../runtime/src/kafka/traced-handlers.js";
import type { ReceivedMessage } from "../../runtime/src/kafka/types.js";
import { enqueueMessage, type OutboxStore } from "../../runtime/src/kafka/outbox.js";
import type { OutgoingRecord } from "../../runtime/src/kafka/record.js";
import { traceparentInterceptor } from "../../runtime/src/rpc/traceparent.js";
import { createLogger } from "../../runtime/src/service/log.js";
import { orderCreated, orderCreatedSpec, topicSpec } from "../../tools/kafka/specs.js";

const parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
const traceIdOf = (traceparent: string | undefined) => parseTraceparent(traceparent)?.traceId;

describe("trace scope", () => {
  it("continues the given trace as a new span", () => {
    runInTrace(parent, () => {
      const span = currentTrace()!;
      expect(span.traceId).toBe("0af7651916cd43dd8448eb211c80319c");
      expect(span.spanId).not.toBe("b7ad6b7169203331");
      const next = nextTraceparent();
      expect(traceIdOf(next)).toBe(span.traceId);
      expect(next).not.toContain(span.spanId);
    });
    expect(currentTrace()).toBeUndefined();
  });

  it("starts a new trace when there is none or it is malformed", () => {
    const ids = ["garbage", undefined, "00-00000000000000000000000000000000-b7ad6b7169203331-01"].map((value) =>
      runInTrace(value, () => currentTrace()!.traceId),
    );
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(3);
  });

  it("keeps the trace across awaits and timers", async () => {
    const seen = await runInTrace(parent, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setImmediate(resolve));
      return currentTrace()?.traceId;
    });
    expect(seen).toBe("0af7651916cd43dd8448eb211c80319c");
  });

  it("runs each Kafka handler in the trace its record carries", async () => {
    let seen: string | undefined;
    const handlers = tracedHandlers({
      async onThing(message: ReceivedMessage<{ id: number }>) {
        expect(message.payload.id).toBe(1);
        seen = currentTrace()?.traceId;
      },
    });
    await handlers.onThing({ payload: { id: 1 }, traceparent: parent } as ReceivedMessage<{ id: number }>);
    expect(seen).toBe("0af7651916cd43dd8448eb211c80319c");
  });

  it("gives an outbox record without a traceparent a span of the active trace", async () => {
    const records: OutgoingRecord[] = [];
    const store: OutboxStore<null> = {
      enqueue: async (_tx, record) => void records.push(record),
      claim: async () => [],
      markSent: async () => {},
      pending: async () => [],
    };
    const spec = orderCreatedSpec(topicSpec("orders.created"));
    await runInTrace(parent, () => enqueueMessage(store, null, spec, orderCreated(1)));
    await enqueueMessage(store, null, spec, orderCreated(2));
    const [inside, outside] = records.map((record) => traceIdOf(record.headers.traceparent));
    expect(inside).toBe("0af7651916cd43dd8448eb211c80319c");
    expect(outside).toMatch(/^[0-9a-f]{32}$/);
    expect(outside).not.toBe(inside);
  });

  it("gives a Connect call made inside a span of the active trace", async () => {
    const header = new Headers();
    const call = traceparentInterceptor()(async (request) => request as never);
    await runInTrace(parent, () => call({ header } as never));
    expect(traceIdOf(header.get("traceparent") ?? undefined)).toBe("0af7651916cd43dd8448eb211c80319c");
  });

  it("puts the trace id on the service's log lines", () => {
    const lines: string[] = [];
    const logger = createLogger("trace-test", { write: (line) => lines.push(line) });
    runInTrace(parent, () => logger.info("inside"));
    logger.info("outside");
    const [inside, outside] = lines.map((line) => JSON.parse(line) as { traceId?: string; spanId?: string });
    expect(inside?.traceId).toBe("0af7651916cd43dd8448eb211c80319c");
    expect(inside?.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(outside?.traceId).toBeUndefined();
  });
});
