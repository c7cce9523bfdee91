/**
 * Transactional outbox: a service writes its state change and the event in one database
 * transaction (`enqueueMessage`), and a relay publishes pending events in order and marks them
 * sent. While Kafka is down the writes still succeed and events wait; the relay keeps retrying
 * with backoff. A relay that dies between publishing and marking publishes those rows again:
 * consumers deduplicate by the message id, which is the outbox row's id.
 */
import { defaultRetryPolicy, backoffDelay, sleep, type RetryPolicy } from "../retry.js";
import { nextTraceparent } from "../trace-context.js";
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
  /**
   * Leases up to `limit` of the oldest unsent entries to `owner` for `leaseMs` and returns them,
   * oldest first: entries nobody holds, those whose lease ran out, and those `owner` held already.
   * Never an entry newer than one another owner holds a live lease on, so that relays sharing the
   * store keep the entries' order.
   */
  claim(owner: string, limit: number, leaseMs: number): Promise<OutboxEntry[]>;
  markSent(ids: readonly string[]): Promise<void>;
  /** Up to `limit` unsent entries, oldest first, leased or not: a look at what waits. */
  pending(limit: number): Promise<OutboxEntry[]>;
}

/**
 * Validates and encodes the message (as the producer would) and stores it in the caller's
 * transaction; returns its message id. Without a `traceparent` the record continues the active
 * trace (a span of it), else starts one.
 */
export async function enqueueMessage<Tx, Payload>(
  store: OutboxStore<Tx>,
  tx: Tx,
  spec: MessageSpec<Payload>,
  payload: Payload,
  metadata?: SendMetadata,
): Promise<string> {
  const record = encodeMessage(spec, payload, { ...metadata, traceparent: metadata?.traceparent ?? nextTraceparent() });
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
  /**
   * Who the relay is, in the leases it takes (default: a fresh id). A process started again under
   * the same name (after a crash) takes the entries its predecessor held over at once instead of
   * after their lease: they are its own. Relays that run at the same time need names of their own.
   */
  owner?: string;
  /** How long the relay holds the entries it is sending, in ms (default 30 000); another relay takes them over after it. */
  leaseMs?: number;
  /** Backoff between failed publishes; the relay never gives up (default: the shared policy's delays). */
  retry?: RetryPolicy;
  onError?: (error: unknown, consecutiveFailures: number) => void;
}

export interface OutboxRelay {
  /** Look for entries now instead of at the next poll. */
  wake(): void;
  /** Publishes what is pending now: resolves once the relay found nothing more to send, or a publish failed. */
  flush(): Promise<void>;
  /** Finishes the batch in hand and stops. */
  stop(): Promise<void>;
}

export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const batchSize = options.batchSize ?? 100;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const policy = options.retry ?? defaultRetryPolicy;
  const owner = options.owner ?? crypto.randomUUID();
  const leaseMs = options.leaseMs ?? 30_000;
  const stopping = new AbortController();
  let nap = new AbortController();
  let woken = false;
  // Flushes asked for since the current pass began: a pass that began earlier may have missed their rows.
  let flushes: Array<() => void> = [];

  async function publishBatch(): Promise<number> {
    const entries = await options.store.claim(owner, batchSize, leaseMs);
    if (entries.length === 0) return 0;
    await options.producer.sendRecords(entries);
    await options.store.markSent(entries.map((entry) => entry.id));
    return entries.length;
  }

  async function pause(ms: number): Promise<void> {
    // A wake that came while a batch was being published is not lost.
    if (!woken) {
      nap = new AbortController();
      await sleep(ms, AbortSignal.any([stopping.signal, nap.signal])).catch(() => {});
    }
    woken = false;
  }

  const settle = (done: Array<() => void>) => {
    for (const resolve of done) resolve();
  };

  const loop = (async () => {
    let failures = 0;
    while (!stopping.signal.aborted) {
      const answering = flushes;
      flushes = [];
      try {
        const published = await publishBatch();
        failures = 0;
        if (published < batchSize) {
          settle(answering);
          await pause(pollIntervalMs);
        } else {
          flushes.unshift(...answering);
        }
      } catch (error) {
        failures++;
        settle(answering);
        options.onError?.(error, failures);
        await pause(Math.max(policy.initialDelayMs, backoffDelay(policy, Math.min(failures, 30))));
      }
    }
    settle(flushes);
  })();

  const wake = () => {
    woken = true;
    nap.abort();
  };

  return {
    wake,
    flush() {
      if (stopping.signal.aborted) return Promise.resolve();
      const flushed = new Promise<void>((resolve) => flushes.push(resolve));
      wake();
      return flushed;
    },
    async stop() {
      stopping.abort();
      await loop;
    },
  };
}
