/**
 * Replaying dead letters on the real broker: two groups read one topic and each dead-letters a
 * record; once the cause is fixed, replaying the records one group failed sends just those back
 * (dead-letter headers dropped, message id kept), that group handles them, the other group skips
 * its copy by message id, and a second replay finds nothing new. `concord dlq replay` does the
 * same from the command line.
 */
import { afterAll, describe, expect, it } from "vitest";
import { bindHandler, runConsumer } from "../../runtime/src/kafka/consumer.js";
import { replayDeadLetters } from "../../runtime/src/kafka/dead-letter-replay.js";
import { createProducer } from "../../runtime/src/kafka/producer.js";
import { provisionTopics } from "../../runtime/src/kafka/provision.js";
import type { DedupStore } from "../../runtime/src/kafka/types.js";
import { kafkaBrokers, testKafka, uniqueTopic } from "../support/kafka/index.js";
import { kcatConsume } from "../support/kafka/kcat.js";
import { runCli } from "../support/cli.js";
import { orderCreated, orderCreatedSpec, topicSpec } from "../../tools/kafka/specs.js";
import { waitUntil } from "../../tools/wait.js";

const brokers = kafkaBrokers();
const kafka = testKafka(brokers, "concord-dlq-replay");
const producer = createProducer(kafka);

afterAll(() => producer.disconnect());

function memoryDedup(): DedupStore & { ids: Set<string> } {
  const ids = new Set<string>();
  return { ids, seen: async (id) => ids.has(id), remember: async (id) => void ids.add(id) };
}

const fast = { budgetMs: 300, initialDelayMs: 10, maxDelayMs: 50, multiplier: 2 };

describe("dead-letter replay", () => {
  it("sends back only the records one group failed, once, and that group handles them after the fix", async () => {
    const spec = orderCreatedSpec(topicSpec(uniqueTopic("replay.orders")));
    await provisionTopics(kafka, [spec.topic]);
    const billing = uniqueTopic("billing");
    const audit = uniqueTopic("audit");
    let ledgerUp = false;
    const billed: number[] = [];
    const audited: number[] = [];
    const auditDedup = memoryDedup();
    const consumers = [
      await runConsumer(kafka, {
        groupId: billing,
        producer,
        retry: fast,
        dedup: memoryDedup(),
        handlers: [
          bindHandler(spec, async ({ payload }) => {
            if (!ledgerUp && payload.orderId % 2 === 1) throw new Error("ledger down");
            billed.push(payload.orderId);
          }),
        ],
      }),
      await runConsumer(kafka, {
        groupId: audit,
        producer,
        retry: fast,
        dedup: auditDedup,
        handlers: [
          bindHandler(spec, async ({ payload }) => {
            if (payload.orderId === 4 && !ledgerUp) throw new Error("audit store full");
            audited.push(payload.orderId);
          }),
        ],
      }),
    ];
    try {
      for (const orderId of [1, 2, 3, 4]) await producer.send(spec, orderCreated(orderId), { messageId: `order-${orderId}` });
      await waitUntil(
        () => billed.length === 2 && audited.length === 3,
        30_000,
        () => `billed ${billed}, audited ${audited}`,
      );
      const dead = await kcatConsume(brokers, `${spec.topic.name}.dlq`, { count: 3, timeoutMs: 20_000 });
      const failedBy = dead.map((record) => [
        Object.fromEntries(record.headers)["message-id"],
        Object.fromEntries(record.headers)["dlq-consumer-group"],
      ]);
      expect(failedBy.sort()).toEqual(
        [
          ["order-1", billing],
          ["order-3", billing],
          ["order-4", audit],
        ].sort(),
      );

      ledgerUp = true;
      const dry = await replayDeadLetters(kafka, { topic: spec.topic.name, failedBy: billing, dryRun: true });
      expect(dry.replayed.map((record) => record.failedBy)).toEqual([billing, billing]);
      expect(billed).toEqual([2, 4]); // a dry run sends nothing

      const report = await replayDeadLetters(kafka, { topic: spec.topic.name, failedBy: billing, producer });
      expect(report.replayed).toHaveLength(2);
      expect(report.skipped).toBe(1);
      expect(report.replayed.every((record) => record.reason === "handler-failed" && /ledger down/.test(record.error ?? ""))).toBe(true);
      await waitUntil(
        () => billed.length === 4,
        30_000,
        () => `billed ${billed}`,
      );
      expect([...billed].sort()).toEqual([1, 2, 3, 4]);
      // The audit group had handled orders 1 and 3: it skips the replayed copies by message id.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect([...audited].sort()).toEqual([1, 2, 3]);

      const replayedRecords = await kcatConsume(brokers, spec.topic.name, { count: 6, timeoutMs: 20_000 });
      const replayedHeaders = replayedRecords.slice(4).map((record) => Object.fromEntries(record.headers));
      for (const headers of replayedHeaders) {
        expect(Object.keys(headers).filter((name) => name.startsWith("dlq-") && name !== "dlq-replayed-from")).toEqual([]);
        expect(headers["dlq-replayed-from"]).toMatch(new RegExp(`^${spec.topic.name.replace(/\./g, "\\.")}\\.dlq/0/\\d+$`));
        expect(headers["message-name"]).toBe("OrderCreated");
      }
      expect(replayedHeaders.map((headers) => headers["message-id"]).sort()).toEqual(["order-1", "order-3"]);

      const again = await replayDeadLetters(kafka, { topic: spec.topic.name, failedBy: billing, producer });
      expect(again).toEqual({ replayed: [], skipped: 0 });

      // The command line: the audit group's record, as JSON.
      const cli = await runCli(
        "dlq",
        "replay",
        "--brokers",
        brokers.join(","),
        "--topic",
        spec.topic.name,
        "--failed-by",
        audit,
        "--format",
        "json",
      );
      expect(cli.code).toBe(0);
      const printed = JSON.parse(cli.out) as { replayed: Array<{ failedBy: string }>; skipped: number };
      expect(printed.replayed.map((record) => record.failedBy)).toEqual([audit]);
      await waitUntil(
        () => audited.includes(4),
        30_000,
        () => `audited ${audited}`,
      );
      expect([...billed].sort()).toEqual([1, 2, 3, 4]); // billing skipped its copy of order 4 by message id
    } finally {
      await Promise.all(consumers.map((consumer) => consumer.stop()));
    }
  }, 120_000);

  it("refuses a bad command line with exit 2 and names the problem", async () => {
    const saved = process.env.KAFKA_BROKERS;
    delete process.env.KAFKA_BROKERS;
    try {
      const noBrokers = await runCli("dlq", "replay", "--topic", "orders.created");
      expect(noBrokers.code).toBe(2);
      expect(noBrokers.err).toMatch(/no brokers/);
    } finally {
      if (saved !== undefined) process.env.KAFKA_BROKERS = saved;
    }
    const badReason = await runCli("dlq", "replay", "--brokers", brokers.join(","), "--topic", "t", "--reason", "sad");
    expect(badReason.code).toBe(2);
    expect(badReason.err).toMatch(/unknown --reason sad/);
  });
});
