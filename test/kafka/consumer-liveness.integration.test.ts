/**
 * What the consumer loop promises about time, on the real broker: a handler slower than the
 * session timeout keeps its group membership (no rebalance, no redelivery); a failing handler is
 * retried within its budget in time, then dead-lettered with the group that failed it; a waiting
 * handler's signal ends the wait at the budget; a kafkajs consumer that crashes for good is
 * started again by the runtime, and its health says so meanwhile.
 */
import { afterAll, describe, expect, it } from "vitest";
import { Kafka, logLevel, type Consumer } from "kafkajs";
import { bindHandler, runConsumer, type ConsumerCrash, type ConsumeFailure } from "../../runtime/src/kafka/consumer.js";
import { createProducer } from "../../runtime/src/kafka/producer.js";
import { provisionTopics } from "../../runtime/src/kafka/provision.js";
import { sleep } from "../../runtime/src/retry.js";
import { kafkaBrokers, testKafka, uniqueTopic } from "../support/kafka/index.js";
import { kcatConsume } from "../support/kafka/kcat.js";
import { orderCreated, orderCreatedSpec, topicSpec } from "../../tools/kafka/specs.js";
import { waitUntil } from "../../tools/wait.js";

const brokers = kafkaBrokers();
const kafka = testKafka(brokers, "concord-liveness");
const producer = createProducer(kafka);

afterAll(() => producer.disconnect());

/** Counts the group joins of the kafkajs consumers `kafka` creates. */
function countingJoins(client: Kafka): { kafka: Kafka; joins: () => number } {
  let joins = 0;
  const create = client.consumer.bind(client);
  client.consumer = (config): Consumer => {
    const consumer = create(config);
    consumer.on(consumer.events.GROUP_JOIN, () => joins++);
    return consumer;
  };
  return { kafka: client, joins: () => joins };
}

async function freshSpec(prefix: string) {
  const spec = orderCreatedSpec(topicSpec(uniqueTopic(prefix)));
  await provisionTopics(kafka, [spec.topic]);
  return spec;
}

describe("consumer liveness", () => {
  it("keeps its membership while a handler runs longer than the session timeout", async () => {
    const spec = await freshSpec("liveness.slow");
    const sessionTimeout = 6_000; // the broker's minimum
    const observed = countingJoins(testKafka(brokers, "concord-liveness-slow"));
    const deliveries: number[] = [];
    const consumer = await runConsumer(observed.kafka, {
      groupId: uniqueTopic("slow"),
      config: { sessionTimeout, heartbeatInterval: 1_000, rebalanceTimeout: 10_000 },
      handlers: [
        bindHandler(spec, async ({ payload }) => {
          deliveries.push(payload.orderId);
          if (payload.orderId === 1) await sleep(sessionTimeout * 1.5);
        }),
      ],
    });
    try {
      await consumer.joined;
      await producer.send(spec, orderCreated(1));
      await producer.send(spec, orderCreated(2));
      await waitUntil(
        () => deliveries.includes(2),
        30_000,
        () => `deliveries ${JSON.stringify(deliveries)}`,
      );
      // Without heartbeats during the handler the member is evicted, the group rebalances and
      // the slow record, never committed, is delivered again.
      expect(deliveries).toEqual([1, 2]);
      expect(observed.joins()).toBe(1);
      expect(consumer.health()).toEqual([expect.objectContaining({ running: true, crashes: 0 })]);
    } finally {
      await consumer.stop();
    }
  }, 60_000);

  it("retries a failing handler within its budget in time, then dead-letters it naming the group", async () => {
    const spec = await freshSpec("liveness.budget");
    const groupId = uniqueTopic("budget");
    const budgetMs = 1_500;
    const attemptsAt: number[] = [];
    const handled: number[] = [];
    const failures: ConsumeFailure[] = [];
    const consumer = await runConsumer(kafka, {
      groupId,
      retry: { budgetMs, initialDelayMs: 20, maxDelayMs: 200, multiplier: 2 },
      onError: (_error, failure) => failures.push(failure),
      handlers: [
        bindHandler(spec, async ({ payload, signal }) => {
          if (payload.orderId === 1) {
            attemptsAt.push(Date.now());
            throw new Error("ledger unavailable");
          }
          // Waits that honour the signal end with the budget: no attempt outlives it.
          if (payload.orderId === 2) await sleep(60_000, signal);
          handled.push(payload.orderId);
        }),
      ],
    });
    try {
      await producer.send(spec, orderCreated(1), { messageId: "keeps-failing" });
      await producer.send(spec, orderCreated(2), { messageId: "hangs" });
      await producer.send(spec, orderCreated(3));
      await waitUntil(
        () => handled.includes(3),
        30_000,
        () => `handled ${JSON.stringify(handled)}, failures ${JSON.stringify(failures)}`,
      );
      expect(handled).toEqual([3]);
      expect(failures.map((failure) => [failure.messageId, failure.groupId, failure.reason])).toEqual([
        ["keeps-failing", groupId, "handler-failed"],
        ["hangs", groupId, "handler-failed"],
      ]);
      const [keepsFailing, hangs] = failures;
      // Attempts follow one another until the next would start past the budget.
      expect(keepsFailing!.attempts).toBe(attemptsAt.length);
      expect(attemptsAt.length).toBeGreaterThan(3);
      expect(attemptsAt.at(-1)! - attemptsAt[0]!).toBeLessThan(budgetMs);
      expect(keepsFailing!.elapsedMs).toBeLessThan(budgetMs + 1_000); // the last attempt started before the deadline
      expect(hangs!.attempts).toBe(1);
      expect(hangs!.elapsedMs).toBeGreaterThanOrEqual(budgetMs - 5);
      expect(hangs!.elapsedMs).toBeLessThan(budgetMs + 1_000);

      const dead = await kcatConsume(brokers, `${spec.topic.name}.dlq`, { count: 2, timeoutMs: 20_000 });
      const headers = dead.map((record) => Object.fromEntries(record.headers));
      expect(headers.map((h) => h["dlq-consumer-group"])).toEqual([groupId, groupId]);
      expect(headers.map((h) => h["message-id"])).toEqual(["keeps-failing", "hangs"]);
      expect(headers[0]!["dlq-error"]).toMatch(
        /^HandlerBudgetExceededError: the handler budget of 1500 ms ran out after \d+ attempt\(s\); last error: Error: ledger unavailable$/,
      );
      expect(headers[1]!["dlq-error"]).toMatch(/^HandlerBudgetExceededError: the handler budget of 1500 ms ran out after 1 attempt/);
      expect(Number(headers[1]!["dlq-elapsed-ms"])).toBeGreaterThanOrEqual(budgetMs - 5);
    } finally {
      await consumer.stop();
    }
  }, 60_000);

  it("starts a consumer that crashed for good again, with backoff, and reports it unhealthy meanwhile", async () => {
    const spec = await freshSpec("liveness.crash");
    // kafkajs gives up at once and does not restart by itself: the runtime must.
    const fragile = new Kafka({
      clientId: "concord-liveness-crash",
      brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 2, initialRetryTime: 100, restartOnFailure: async () => false },
    });
    const crashes: ConsumerCrash[] = [];
    const handled: number[] = [];
    let dedupFailures = 0;
    const failuresBeforeRecovery = 12;
    const consumer = await runConsumer(fragile, {
      groupId: uniqueTopic("crash"),
      producer, // an idempotent producer needs kafkajs's retries: dead letters go through the shared one
      restartBackoff: { initialDelayMs: 1_000, maxDelayMs: 1_000, multiplier: 1 },
      onCrash: (_error, crash) => crashes.push(crash),
      dedup: {
        async seen() {
          // Escapes the handler loop: kafkajs retries the batch a few times, then crashes for good.
          if (++dedupFailures <= failuresBeforeRecovery) throw new Error("dedup store unreachable");
          return false;
        },
        async remember() {},
      },
      handlers: [bindHandler(spec, async ({ payload }) => void handled.push(payload.orderId))],
    });
    try {
      await consumer.joined;
      await producer.send(spec, orderCreated(7));
      await waitUntil(
        () => crashes.length > 0,
        20_000,
        () => `a crash; dedup failures ${dedupFailures}, handled ${JSON.stringify(handled)}`,
      );
      expect(crashes[0]).toMatchObject({ restartedBy: "concord" });
      expect(crashes[0]!.restartInMs).toBeGreaterThanOrEqual(250);
      expect(consumer.health()[0]).toMatchObject({ running: false, lastError: expect.stringMatching(/dedup store unreachable/) });
      // The record was never committed: the restarted consumer handles it.
      await waitUntil(
        () => handled.includes(7),
        30_000,
        () => `handled ${JSON.stringify(handled)}, health ${JSON.stringify(consumer.health())}`,
      );
      await waitUntil(
        () => consumer.health()[0]!.running,
        10_000,
        () => JSON.stringify(consumer.health()),
      );
      expect(handled).toEqual([7]);
      expect(dedupFailures).toBe(failuresBeforeRecovery + 1);
      expect(crashes.every((crash) => crash.restartedBy === "concord")).toBe(true);
      expect(consumer.health()[0]!.crashes).toBe(crashes.length);
    } finally {
      await consumer.stop();
    }
    expect(consumer.health()[0]!.running).toBe(false);
  }, 60_000);
});
