/**
 * The services' store interface on a real PostgreSQL server: the same repository code as on
 * SQLite, and the runtime's inbox (dedup) and outbox tables through it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deposit, createPaymentSchema, findAccount } from "../../services/payment/store.js";
import { SqlDedupStore } from "../../runtime/src/kafka/dedup.js";
import { SqlOutboxStore } from "../../runtime/src/kafka/outbox-sql.js";
import { orderStatusChangedMessage } from "../../generated/asyncapi/channels/order-status-changed.js";
import { enqueue, handleOnce } from "../../services/shared/messaging/messaging.js";
import { toNumber, type SqlDatabase } from "../../services/shared/storage/database.js";
import { openDatabase } from "../../services/shared/storage/open-database.js";
import { postgresAvailable, startPostgres, type TestPostgres } from "../support/postgres.js";

const suite = "store on PostgreSQL (DATABASE_URL)";

describe.skipIf(!postgresAvailable(suite))(suite, () => {
  let server: TestPostgres;
  let db: SqlDatabase;

  beforeAll(async () => {
    server = await startPostgres();
    db = await openDatabase("payment", { databaseUrl: server.url, dataDir: "unused" });
  }, 60_000);

  afterAll(async () => {
    await db?.close();
    await server?.stop();
  }, 30_000);

  it("runs the payment repository in the service's own schema, a deposit counted once per idempotency key", async () => {
    await createPaymentSchema(db);
    expect(await deposit(db, "alice", 500, "EUR", "key-1")).toBe(500);
    expect(await deposit(db, "alice", 500, "EUR", "key-1")).toBe(500);
    expect(await deposit(db, "alice", 250, "EUR", "key-2")).toBe(750);
    expect(await findAccount(db, "alice")).toMatchObject({ username: "alice", balance: 750, currency: "EUR" });
    const [schema] = await db.query("SELECT current_schema() AS name");
    expect(schema?.name).toBe("payment");
  });

  it("handles a message once even when two deliveries race, and rolls back a failed handler", async () => {
    const inbox = new SqlDedupStore(db);
    await inbox.init();
    await db.execute("CREATE TABLE IF NOT EXISTS hits (n BIGINT NOT NULL)");
    await db.execute("INSERT INTO hits (n) VALUES (0)");
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        handleOnce(db, inbox, "message-1", (tx) => tx.execute("UPDATE hits SET n = n + 1").then(() => undefined)),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    await expect(handleOnce(db, inbox, "message-2", async () => Promise.reject(new Error("handler failed")))).rejects.toThrow(
      "handler failed",
    );
    expect(await handleOnce(db, inbox, "message-2", async () => undefined)).toBe(true);
    const [row] = await db.query("SELECT n FROM hits");
    expect(toNumber(row?.n)).toBe(1);
  });

  it("keeps an outbox row only when its transaction commits, and hands it to a relay once", async () => {
    const outbox = new SqlOutboxStore(db);
    await outbox.init();
    const change = (orderId: number) => ({ orderId, username: "alice", status: "PAID" as const, occurredAt: Date.now() });
    await db.transaction((tx) => enqueue(tx, orderStatusChangedMessage, change(1)));
    await expect(
      db.transaction(async (tx) => {
        await enqueue(tx, orderStatusChangedMessage, change(2));
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    const claimed = await outbox.claim("payment", 10, 30_000);
    expect(claimed.map((entry) => (JSON.parse(String(entry.value)) as { orderId: number }).orderId)).toEqual([1]);
    expect(claimed[0]?.headers["message-name"]).toBe("OrderStatusChanged");
    expect(await outbox.claim("payment-2", 10, 30_000)).toEqual([]);
    await outbox.markSent(claimed.map((entry) => entry.id));
    expect(await outbox.pending(10)).toEqual([]);
  });
});
