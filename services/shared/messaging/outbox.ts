/**
 * Transactional outbox on the service's own store: a state change and the events it causes are
 * written in one transaction (`enqueue` takes the transaction's executor); the relay publishes
 * pending records in order and deletes them once Kafka acknowledged them (acks=all, idempotent
 * producer). A broker outage only delays the relay; nothing is lost, a crash between send and
 * delete re-sends, and consumers deduplicate by message id.
 */
import { randomUUID } from "node:crypto";
import { encodeMessage, type OutgoingRecord } from "@concordkit/runtime/kafka";
import type { ConcordProducer } from "@concordkit/runtime/kafka";
import type { MessageSpec, SendMetadata } from "@concordkit/runtime/kafka";
import type { Logger } from "../observability/logger.js";
import { nextTraceparent } from "../observability/trace-scope.js";
import { autoIdColumn, toNumber, toText, type SqlDatabase, type SqlExecutor } from "../storage/database.js";

export async function createOutboxTable(db: SqlDatabase): Promise<void> {
  await db.execute(`CREATE TABLE IF NOT EXISTS outbox (id ${autoIdColumn(db)}, record TEXT NOT NULL, claimed_by TEXT, claimed_until BIGINT)`);
}

/** Adds a message to the outbox inside the caller's transaction (validated now, sent later). */
export async function enqueue<Payload>(tx: SqlExecutor, spec: MessageSpec<Payload>, payload: Payload, metadata?: SendMetadata): Promise<void> {
  const record = encodeMessage(spec, payload, { ...metadata, traceparent: metadata?.traceparent ?? nextTraceparent() });
  await tx.execute("INSERT INTO outbox (record) VALUES (?)", [JSON.stringify(record)]);
}

export interface OutboxRelay {
  /** Publishes what is pending now; resolves when the outbox was empty at least once or a send failed. */
  flush(): Promise<void>;
  /** Asks the relay to run soon (after a commit), instead of waiting for its poll interval. */
  wake(): void;
  stop(): Promise<void>;
}

/**
 * Instances of one service that share a store each run a relay; a relay leases the rows it is
 * about to send (`claimed_by` until `claimed_until`), so two relays do not send the same row, and
 * rows of a relay that died are taken over when its lease runs out.
 */
export interface RelayOptions {
  pollMs?: number;
  /** How long a relay holds the rows it is sending; another relay takes them over after it. */
  leaseMs?: number;
  /**
   * Who the relay is. A service instance restarted under the same name (after a SIGKILL) takes
   * its predecessor's leased rows over at once instead of after the lease: they are its own. A
   * fresh id per relay by default.
   */
  owner?: string;
}

export function startOutboxRelay(db: SqlDatabase, producer: ConcordProducer, logger: Logger, options: RelayOptions = {}): OutboxRelay {
  const { pollMs = 200, leaseMs = 30_000, owner = randomUUID() } = options;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  async function drain(): Promise<void> {
    for (;;) {
      const now = Date.now();
      // Never past a row another live relay holds: overtaking it (say, the rows of a relay killed mid-send,
      // leased until its lease runs out) would publish an order's later status before its earlier one.
      await db.execute(
        `UPDATE outbox SET claimed_by = ?, claimed_until = ? WHERE id IN
           (SELECT id FROM outbox WHERE (claimed_until IS NULL OR claimed_until < ? OR claimed_by = ?)
              AND id < COALESCE((SELECT MIN(id) FROM outbox WHERE claimed_by <> ? AND claimed_until >= ?), ?) ORDER BY id LIMIT 100)`,
        [owner, now + leaseMs, now, owner, owner, now, Number.MAX_SAFE_INTEGER],
      );
      const rows = await db.query("SELECT id, record FROM outbox WHERE claimed_by = ? ORDER BY id", [owner]);
      if (rows.length === 0) return;
      const records = rows.map((row) => JSON.parse(toText(row.record)) as OutgoingRecord);
      await producer.sendRecords(records);
      const last = toNumber(rows[rows.length - 1]?.id);
      await db.execute("DELETE FROM outbox WHERE claimed_by = ? AND id <= ?", [owner, last]);
    }
  }

  function flush(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await drain();
        } catch (error) {
          logger.warn({ err: error }, "outbox relay: publish failed, will retry");
          return;
        }
      } while (again && !stopped);
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  const timer = setInterval(() => void flush(), pollMs);
  timer.unref();
  return {
    flush,
    wake: () => void flush(),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
