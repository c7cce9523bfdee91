/**
 * A consumer process for the crash test (run with `node --import tsx`). It records every
 * delivery and every side effect in a SQLite file, dedups with SqliteDedupStore, and SIGKILLs
 * itself right after remembering message `CRASH_AFTER` — after the side effect, before the
 * offset commit. SIGTERM stops it gracefully.
 */
import { DatabaseSync } from "node:sqlite";
import { Kafka, logLevel } from "kafkajs";
import { bindHandler, runConsumer } from "../../../runtime/src/kafka/consumer.js";
import { SqliteDedupStore } from "../../../runtime/src/kafka/dedup.js";
import type { DedupStore } from "../../../runtime/src/kafka/types.js";
import { orderCreatedSpec, topicSpec } from "../../../tools/kafka/specs.js";

const { BROKERS, TOPIC, GROUP, DB, CRASH_AFTER } = process.env;
if (!BROKERS || !TOPIC || !GROUP || !DB) throw new Error("BROKERS, TOPIC, GROUP and DB must be set");

const db = new DatabaseSync(DB);
db.exec("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;");
db.exec("CREATE TABLE IF NOT EXISTS deliveries (message_id TEXT NOT NULL, pid INTEGER NOT NULL)");
db.exec("CREATE TABLE IF NOT EXISTS effects (message_id TEXT NOT NULL, order_id INTEGER NOT NULL)");

const store = new SqliteDedupStore(db);
const dedup: DedupStore = {
  async seen(messageId) {
    db.prepare("INSERT INTO deliveries (message_id, pid) VALUES (?, ?)").run(messageId, process.pid);
    return store.seen(messageId);
  },
  async remember(messageId) {
    await store.remember(messageId);
    if (messageId === CRASH_AFTER) process.kill(process.pid, "SIGKILL");
  },
};

const kafka = new Kafka({ clientId: "crash-consumer", brokers: BROKERS.split(","), logLevel: logLevel.NOTHING });
const spec = orderCreatedSpec(topicSpec(TOPIC));
const consumer = await runConsumer(kafka, {
  groupId: GROUP,
  dedup,
  // The broker's minimum: the group notices the killed member within seconds, not kafkajs's 30.
  config: { sessionTimeout: 6_000, heartbeatInterval: 1_000 },
  handlers: [
    bindHandler(spec, async ({ payload, messageId }) => {
      db.prepare("INSERT INTO effects (message_id, order_id) VALUES (?, ?)").run(messageId, payload.orderId);
    }),
  ],
});
process.stdout.write("joined\n");
process.once("SIGTERM", () => {
  void consumer.stop().then(() => process.exit(0));
});
