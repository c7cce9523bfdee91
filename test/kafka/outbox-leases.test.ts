/**
 * Outbox relays that share a table (instances of one service on one store), on SQLite and on a
 * real PostgreSQL server, with a producer that only records what it is given (no broker): a relay
 * never overtakes rows another live relay holds, takes over the rows of a killed one once their
 * lease ran out (at once when it has the killed one's name), and two relays running at once send
 * every row once, in order. Sent rows are deleted after `keepSentMs`.
 */
import { DatabaseSync } from "node:sqlite";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { startOutboxRelay, enqueueMessage, type OutboxStore } from "../../runtime/src/kafka/outbox.js";
import { SqliteOutboxStore } from "../../runtime/src/kafka/outbox-sqlite.js";
import { SqlOutboxStore, type SqlOutboxStoreOptions } from "../../runtime/src/kafka/outbox-sql.js";
import { PostgresOutboxStore, postgresExecutor } from "../../runtime/src/kafka/postgres.js";
import type { ConcordProducer } from "../../runtime/src/kafka/producer.js";
import { postgresAvailable, startPostgres, type TestPostgres } from "../support/postgres.js";
import { orderCreated, orderCreatedSpec, topicSpec, type OrderCreated } from "../../tools/kafka/specs.js";
import { eventually } from "../../tools/wait.js";

const spec = orderCreatedSpec(topicSpec("orders.created"));
const havePostgres = postgresAvailable("outbox relays sharing a table (PostgreSQL)");

interface Store {
  store: OutboxStore<unknown>;
  /** Enqueues order `orderId` in a transaction of its own. */
  add(orderId: number): Promise<void>;
  count(where: string): Promise<number>;
  close(): Promise<void>;
}

let server: TestPostgres | undefined;
afterAll(async () => {
  await server?.stop();
}, 30_000);

const stores: Array<{ name: string; open(options?: SqlOutboxStoreOptions): Promise<Store> }> = [
  {
    name: "SQLite",
    async open(options) {
      const db = new DatabaseSync(":memory:");
      const store = new SqliteOutboxStore(db, options);
      return {
        store,
        add: async (orderId) => void (await enqueueMessage(store, db, spec, orderCreated(orderId))),
        count: async (where) => Number(db.prepare(`SELECT COUNT(*) AS n FROM concord_outbox WHERE ${where}`).get()!.n),
        close: async () => db.close(),
      };
    },
  },
  ...(havePostgres
    ? [
        {
          name: "PostgreSQL",
          async open(options?: SqlOutboxStoreOptions) {
            server ??= await startPostgres();
            const pool = new pg.Pool({ connectionString: server.url, max: 6 });
            await pool.query("DROP TABLE IF EXISTS concord_outbox");
            const store = new PostgresOutboxStore(pool, options);
            await store.init();
            return {
              store,
              async add(orderId: number) {
                const client = await pool.connect();
                try {
                  await client.query("BEGIN");
                  await enqueueMessage(store, client, spec, orderCreated(orderId));
                  await client.query("COMMIT");
                } finally {
                  client.release();
                }
              },
              count: async (where: string) =>
                Number((await pool.query(`SELECT COUNT(*) AS n FROM concord_outbox WHERE ${where}`)).rows[0].n),
              close: () => pool.end(),
            };
          },
        },
      ]
    : []),
];

/** A producer that records the order ids of what it sends. */
function recordingProducer(sent: number[]): ConcordProducer {
  const refuse = async () => {
    throw new Error("the relay sends records only");
  };
  return {
    async connect() {},
    send: refuse,
    sendBatch: refuse,
    async sendRecords(records) {
      // A moment on the wire, so that relays running at once overlap.
      await new Promise((resolve) => setTimeout(resolve, 2));
      sent.push(...records.map((record) => (JSON.parse(String(record.value)) as OrderCreated).orderId));
    },
    async disconnect() {},
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe.each(stores)("outbox relays sharing a table ($name)", ({ open }) => {
  it("does not overtake the rows a killed relay leased; sends them, in order, once the lease ran out (at once under the same name)", async () => {
    const { store, add, close } = await open();
    const sent: number[] = [];
    const producer = recordingProducer(sent);
    try {
      await add(1);
      // The process that died had leased the first row and was sending it.
      expect((await store.claim("killed-relay", 10, 1_500)).length).toBe(1);
      await add(2);
      await add(3);

      const relay = startOutboxRelay({ store, producer, pollIntervalMs: 50 });
      try {
        await relay.flush();
        expect(sent).toEqual([]);
        await eventually(async () => (sent.length >= 3 ? true : undefined), 10_000, "the leased row to be taken over");
        expect(sent).toEqual([1, 2, 3]);
      } finally {
        await relay.stop();
      }

      // The instance "order" died holding a row for a minute; started again under its name, it sends the row at once.
      sent.length = 0;
      await add(4);
      expect((await store.claim("order", 10, 60_000)).length).toBe(1);
      const restarted = startOutboxRelay({ store, producer, pollIntervalMs: 50, owner: "order" });
      try {
        await restarted.flush();
        expect(sent).toEqual([4]);
      } finally {
        await restarted.stop();
      }
    } finally {
      await close();
    }
  }, 60_000);

  it("two relays running at once send every row once, in order", async () => {
    const { store, add, count, close } = await open();
    const sent: number[] = [];
    const producer = recordingProducer(sent);
    const relays = ["instance-1", "instance-2"].map((owner) =>
      startOutboxRelay({ store, producer, owner, batchSize: 7, pollIntervalMs: 10 }),
    );
    try {
      for (let orderId = 1; orderId <= 120; orderId++) {
        await add(orderId);
        if (orderId % 10 === 0) for (const relay of relays) relay.wake();
      }
      await eventually(async () => ((await count("sent_at IS NULL")) === 0 ? true : undefined), 20_000, "every row to be sent");
      expect(sent).toEqual(Array.from({ length: 120 }, (_, index) => index + 1));
    } finally {
      await Promise.all(relays.map((relay) => relay.stop()));
      await close();
    }
  }, 60_000);

  it("deletes sent rows once they are older than keepSentMs", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { store, add, count, close } = await open({ keepSentMs: 3_600_000 });
    try {
      await add(1);
      await store.markSent((await store.claim("relay", 10, 30_000)).map((entry) => entry.id));
      vi.setSystemTime(Date.now() + 2 * 3_600_000);
      await add(2);
      await store.markSent((await store.claim("relay", 10, 30_000)).map((entry) => entry.id));
      expect(await count("TRUE")).toBe(1);
      expect(await count("sent_at IS NOT NULL")).toBe(1);
    } finally {
      await close();
    }
  });
});

describe.skipIf(!havePostgres)("outbox claims at the same moment (PostgreSQL)", () => {
  it("a claim that waited for another relay's claim of the same rows leaves them to it", async () => {
    server ??= await startPostgres();
    const pool = new pg.Pool({ connectionString: server.url, max: 4 });
    const holder = await pool.connect();
    try {
      await pool.query("DROP TABLE IF EXISTS concord_outbox");
      const store = new PostgresOutboxStore(pool);
      await store.init();
      await enqueueMessage(store, holder, spec, orderCreated(1));
      // Relay A's claim, not committed yet: relay B's claim reads the row as free and waits for A's lock.
      await holder.query("BEGIN");
      expect(await new SqlOutboxStore(postgresExecutor(holder)).claim("relay-a", 10, 30_000)).toHaveLength(1);
      const claimedByB = store.claim("relay-b", 10, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await holder.query("COMMIT");
      expect(await claimedByB).toEqual([]);
    } finally {
      holder.release();
      await pool.end();
    }
  }, 60_000);
});
