/**
 * Transactional outbox: a service writes its state change and the event in one database
 * transaction (`enqueueMessage`), and a relay publishes pending events in order and marks them
 * sent. While Kafka is down the writes still succeed and events wait; the relay keeps retrying
 * with backoff. A relay that dies between publishing and marking publishes those rows again:
 * consumers deduplicate by the message id, which is the outbox row's id.
 */
import { defaultRetryPolicy, backoffDelay, sleep, type RetryPolicy } from "../retry.js";
import type { ConcordProducer } from "./producer.js";
import { encodeMessage, messageIdOf, type OutgoingRecord } from "./record.js";
import type { MessageSpec, SendMetadata } from "./types.js";

/** A stored event waiting for the relay; `id` is its message id. */
export interface OutboxEntry extends OutgoingRecord {
  readonly id: string;
}

/** Where events wait. `Tx` is the caller's transaction handle (a SQLite connection, a pg client). */
export interface OutboxStore<Tx> {
  /** Stores the record through `tx`, so it commits or rolls back with the caller's own writes. */
  enqueue(tx: Tx, record: OutgoingRecord): Promise<void>;
  /** Up to `limit` unsent entries, oldest first. */
  pending(limit: number): Promise<OutboxEntry[]>;
  markSent(ids: readonly string[]): Promise<void>;
}

/** Validates and encodes the message (as the producer would) and stores it in the caller's transaction; returns its message id. */
export async function enqueueMessage<Tx, Payload>(
  store: OutboxStore<Tx>,
  tx: Tx,
  spec: MessageSpec<Payload>,
  payload: Payload,
  metadata?: SendMetadata,
): Promise<string> {
  const record = encodeMessage(spec, payload, metadata);
  await store.enqueue(tx, record);
  return messageIdOf(record);
}

export interface OutboxRelayOptions {
  store: OutboxStore<unknown>;
  producer: ConcordProducer;
  /** Entries published per request (default 100). */
  batchSize?: number;
  /** How often an idle relay looks for new entries, in ms (default 250); `wake()` looks at once. */
  pollIntervalMs?: number;
  /** Backoff between failed publishes; the relay never gives up (default: the shared policy's delays). */
  retry?: RetryPolicy;
  onError?: (error: unknown, consecutiveFailures: number) => void;
}

export interface OutboxRelay {
  /** Look for entries now instead of at the next poll. */
  wake(): void;
  /** Finishes the batch in hand and stops. */
  stop(): Promise<void>;
}

export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const batchSize = options.batchSize ?? 100;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const policy = options.retry ?? defaultRetryPolicy;
  const stopping = new AbortController();
  let nap = new AbortController();

  async function publishBatch(): Promise<number> {
    const entries = await options.store.pending(batchSize);
    if (entries.length === 0) return 0;
    await options.producer.sendRecords(entries);
    await options.store.markSent(entries.map((entry) => entry.id));
    return entries.length;
  }

  async function pause(ms: number): Promise<void> {
    nap = new AbortController();
    await sleep(ms, AbortSignal.any([stopping.signal, nap.signal])).catch(() => {});
  }

  const loop = (async () => {
    let failures = 0;
    while (!stopping.signal.aborted) {
      try {
        const published = await publishBatch();
        failures = 0;
        if (published < batchSize) await pause(pollIntervalMs);
      } catch (error) {
        failures++;
        options.onError?.(error, failures);
        await pause(Math.max(policy.initialDelayMs, backoffDelay(policy, Math.min(failures, 30))));
      }
    }
  })();

  return {
    wake: () => nap.abort(),
    async stop() {
      stopping.abort();
      await loop;
    },
  };
}
