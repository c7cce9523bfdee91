/**
 * The same outbox on a real PostgreSQL server: the event row commits or rolls back with the
 * business row in one transaction, and the relay publishes committed events to the real broker
 * in order, once each, marking them sent.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueMessage, startOutboxRelay } from "../../runtime/src/kafka/outbox.js";
import { PostgresOutboxStore } from "../../runtime/src/kafka/postgres.js";
import { createProducer } from "../../runtime/src/kafka/producer.js";
import { provisionTopics } from "../../runtime/src/kafka/provision.js";
import { kafkaBrokers, testKafka, uniqueTopic } from "../support/kafka/index.js";
import { kcatConsume } from "../support/kafka/kcat.js";
import { postgresAvailable, startPostgres, type TestPostgres } from "../support/postgres.js";
import { orderCreated, orderCreatedSpec, topicSpec, type OrderCreated } from "../../tools/kafka/specs.js";
import { waitUntil } from "../../tools/wait.js";

const brokers = kafkaBrokers();
const suite = "transactional outbox (PostgreSQL)";
const havePostgres = postgresAvailable(suite);
let server: TestPostgres | undefined;
let pool: pg.Pool | undefined;

beforeAll(async () => {
  if (!havePostgres) return;
  server = await startPostgres();
  pool = new pg.Pool({ connectionString: server.url, max: 4 });
  pool.on("error", () => {}); // idle clients see the server stop at teardown
}, 120_000);

afterAll(async () => {
  await pool?.end();
  await server?.stop();
}, 60_000);

describe.skipIf(!havePostgres)(suite, () => {
  it("publishes committed events once, in order, and never a rolled-back one", async () => {
    const db = pool!;
    const kafka = testKafka(brokers, "concord-outbox-pg");
    const spec = orderCreatedSpec(topicSpec(uniqueTopic("orders.created")));
    await provisionTopics(kafka, [spec.topic]);
    const store = new PostgresOutboxStore(db, { table: "outbox" });
    await store.init();
    await db.query("CREATE TABLE orders (order_id BIGINT PRIMARY KEY, status TEXT NOT NULL)");

    async function createOrder(order: OrderCreated, fail = false): Promise<string> {
      const client = await db.connect();
      try {
        await client.query("BEGIN");
        await client.query("INSERT INTO orders (order_id, status) VALUES ($1, 'PENDING_VALIDATION')", [order.orderId]);
        const messageId = await enqueueMessage(store, client, spec, order);
        if (fail) throw new Error("the service changed its mind");
        await client.query("COMMIT");
        return messageId;
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      } finally {
        client.release();
      }
    }

    // Written before any relay runs: they wait in the table.
    const ids: string[] = [];
    for (let orderId = 1; orderId <= 10; orderId++) ids.push(await createOrder(orderCreated(orderId)));
    await expect(createOrder(orderCreated(99), true)).rejects.toThrow("changed its mind");
    expect((await store.pending(100)).map((entry) => entry.id)).toEqual(ids);

    const producer = createProducer(kafka);
    const relay = startOutboxRelay({ store, producer, pollIntervalMs: 100, batchSize: 4 });
    try {
      for (let orderId = 11; orderId <= 15; orderId++) ids.push(await createOrder(orderCreated(orderId)));
      relay.wake();
      await waitUntil(
        async () => (await store.pending(100)).length === 0,
        30_000,
        () => "events still pending",
      );
    } finally {
      await relay.stop();
      await producer.disconnect();
    }

    const records = await kcatConsume(brokers, spec.topic.name, { timeoutMs: 20_000 });
    expect(records.map((record) => Object.fromEntries(record.headers)["message-id"])).toEqual(ids);
    expect(records.map((record) => (JSON.parse(record.payload!) as OrderCreated).orderId)).toEqual(
      Array.from({ length: 15 }, (_, index) => index + 1),
    );
    const { rows } = await db.query<{ n: string }>("SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NOT NULL");
    expect(rows[0]!.n).toBe("15");
  }, 90_000);
});
