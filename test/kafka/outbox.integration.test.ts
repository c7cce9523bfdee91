/**
 * The transactional outbox on SQLite against a broker of its own that the test stops: while
 * Kafka is down, business writes and their events still commit and pile up; after the restart
 * the relay publishes every one of them, once, in order. A rolled-back write publishes nothing.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueMessage, startOutboxRelay } from "../../runtime/src/kafka/outbox.js";
import { SqliteOutboxStore } from "../../runtime/src/kafka/outbox-sqlite.js";
import { createProducer } from "../../runtime/src/kafka/producer.js";
import { provisionTopics } from "../../runtime/src/kafka/provision.js";
import { startKafkaBroker, type KafkaBroker } from "../../tools/kafka/broker.js";
import { kcatConsume } from "../support/kafka/kcat.js";
import { orderCreated, orderCreatedSpec, topicSpec, type OrderCreated } from "../../tools/kafka/specs.js";
import { waitUntil } from "../../tools/wait.js";

let broker: KafkaBroker;
let dir: string;

beforeAll(async () => {
  broker = await startKafkaBroker();
  dir = await mkdtemp(join(tmpdir(), "concord-outbox-"));
}, 180_000);

afterAll(async () => {
  await broker?.destroy();
  if (dir) await rm(dir, { recursive: true, force: true });
}, 60_000);

describe("transactional outbox (SQLite)", () => {
  it("keeps accepting writes while Kafka is down and publishes every event once after it is back", async () => {
    const kafka = new Kafka({
      clientId: "concord-outbox",
      brokers: broker.brokers,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 1_000,
      retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 1_000 },
    });
    const spec = orderCreatedSpec(topicSpec("orders.created"));
    await provisionTopics(kafka, [spec.topic]);

    const file = join(dir, "orders.db");
    const service = new DatabaseSync(file);
    service.exec("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;");
    service.exec("CREATE TABLE orders (order_id INTEGER PRIMARY KEY, status TEXT NOT NULL)");
    const store = new SqliteOutboxStore(new DatabaseSync(file));
    const producer = createProducer(kafka);
    const failures: unknown[] = [];
    const relay = startOutboxRelay({
      store,
      producer,
      pollIntervalMs: 100,
      retry: { maxAttempts: Infinity, initialDelayMs: 200, maxDelayMs: 1_000, multiplier: 2 },
      onError: (error) => failures.push(error),
    });

    /** One business transaction: the order row and its OrderCreated event commit together. */
    async function createOrder(order: OrderCreated, fail = false): Promise<string> {
      service.exec("BEGIN");
      try {
        service.prepare("INSERT INTO orders (order_id, status) VALUES (?, 'PENDING_VALIDATION')").run(order.orderId);
        const messageId = await enqueueMessage(store, service, spec, order);
        if (fail) throw new Error("the service changed its mind");
        service.exec("COMMIT");
        return messageId;
      } catch (error) {
        service.exec("ROLLBACK");
        throw error;
      }
    }
    const pending = async () => (await store.pending(1_000)).length;

    try {
      const ids: string[] = [];
      for (let orderId = 1; orderId <= 5; orderId++) ids.push(await createOrder(orderCreated(orderId)));
      await waitUntil(
        async () => (await pending()) === 0,
        30_000,
        () => "the first events were not published",
      );

      await broker.stop();
      for (let orderId = 6; orderId <= 25; orderId++) ids.push(await createOrder(orderCreated(orderId)));
      await expect(createOrder(orderCreated(999), true)).rejects.toThrow("changed its mind");
      expect(service.prepare("SELECT COUNT(*) AS n FROM orders").get()!.n).toBe(25);
      expect(await pending()).toBe(20);
      await waitUntil(
        () => failures.length >= 1,
        30_000,
        () => "the relay never hit the stopped broker",
      );
      expect(await pending()).toBe(20);

      await broker.start();
      relay.wake();
      await waitUntil(
        async () => (await pending()) === 0,
        45_000,
        () => "events still pending after the restart",
      );

      const records = await kcatConsume(broker.brokers, spec.topic.name, { timeoutMs: 30_000 });
      const published = records.map((record) => Object.fromEntries(record.headers)["message-id"]);
      expect(published).toEqual(ids);
      expect(records.map((record) => (JSON.parse(record.payload!) as OrderCreated).orderId)).toEqual(
        Array.from({ length: 25 }, (_, index) => index + 1),
      );
    } finally {
      await relay.stop();
      await producer.disconnect();
      service.close();
    }
  }, 150_000);
});
