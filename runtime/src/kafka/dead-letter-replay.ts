/**
 * Moves dead-lettered records back to the topic they came from, once the cause is fixed: each
 * record of `<topic>.dlq` written before the replay started (and not replayed before by the same
 * replay group) is sent to its original topic with its key, value and headers — the dead-letter
 * headers dropped, `dlq-replayed-from` added. The message id is kept, so consumers that dedup
 * by it (every reference service does) skip a record their group had handled after all.
 */
import type { EachBatchPayload, Kafka } from "kafkajs";
import { deadLetterTopic, type DeadLetterReason } from "./dead-letter.js";
import { deadLetterHeaders, readHeaders } from "./headers.js";
import { consumerDefaults } from "./consumer.js";
import { createProducer, type ConcordProducer } from "./producer.js";
import type { OutgoingRecord } from "./record.js";

export interface ReplayOptions {
  /** The original topic: its `<topic>.dlq` is read. */
  topic: string;
  /** Only the records this consumer group failed (the `dlq-consumer-group` header); all by default. */
  failedBy?: string;
  /** Only records dead-lettered for these reasons; all by default. */
  reasons?: readonly DeadLetterReason[];
  /** Replay at most this many. */
  limit?: number;
  /** Count what would be replayed; send and commit nothing. */
  dryRun?: boolean;
  /**
   * The replay's consumer group: its committed offsets keep a record from being replayed twice
   * (default `<topic>.dlq.replay`, plus the filters: `.<failedBy>`, `.<reasons>`), so a
   * filtered replay does not mark what it skipped as replayed for another filter.
   */
  replayGroupId?: string;
  producer?: ConcordProducer;
  /** Gives up when no records of the dead-letter topic arrived for this long (default 60 s). */
  timeoutMs?: number;
}

export interface ReplayedRecord {
  readonly partition: number;
  readonly offset: string;
  readonly failedBy: string | undefined;
  readonly reason: string | undefined;
  readonly error: string | undefined;
}

export interface ReplayReport {
  /** Sent back to the original topic (or, in a dry run, would be). */
  readonly replayed: readonly ReplayedRecord[];
  /** Read and left alone by the filters. */
  readonly skipped: number;
}

const deadLetterHeaderNames = new Set<string>(Object.values(deadLetterHeaders));

export async function replayDeadLetters(kafka: Kafka, options: ReplayOptions): Promise<ReplayReport> {
  const dlq = deadLetterTopic(options.topic);
  const groupId =
    options.replayGroupId ??
    [`${dlq}.replay`, options.failedBy, options.reasons && [...options.reasons].sort().join("+")].filter(Boolean).join(".");
  const pending = await partitionsToRead(kafka, dlq, groupId);
  const replayed: ReplayedRecord[] = [];
  let skipped = 0;
  if (pending.size === 0) return { replayed, skipped };

  const ownsProducer = options.producer === undefined && !options.dryRun;
  const producer = options.producer ?? (options.dryRun ? undefined : createProducer(kafka));
  const consumer = kafka.consumer({ ...consumerDefaults, groupId });
  let finish: () => void = () => {};
  let fail: (error: unknown) => void = () => {};
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const full = () => options.limit !== undefined && replayed.length >= options.limit;

  async function eachBatch({
    batch,
    resolveOffset,
    commitOffsetsIfNecessary,
    uncommittedOffsets,
    heartbeat,
  }: EachBatchPayload): Promise<void> {
    idle.refresh();
    const end = pending.get(batch.partition);
    if (end === undefined) return;
    const records: OutgoingRecord[] = [];
    let last: string | undefined;
    for (const message of batch.messages) {
      if (BigInt(message.offset) >= end || full()) break;
      last = message.offset;
      const headers = readHeaders(message.headers);
      const original = headers[deadLetterHeaders.topic] ?? options.topic;
      if (!matches(headers, options)) {
        skipped++;
        continue;
      }
      replayed.push({
        partition: batch.partition,
        offset: message.offset,
        failedBy: headers[deadLetterHeaders.group],
        reason: headers[deadLetterHeaders.reason],
        error: headers[deadLetterHeaders.error],
      });
      records.push({
        topic: original,
        key: message.key?.toString("utf8"),
        value: message.value ?? Buffer.alloc(0),
        headers: replayHeaders(headers, dlq, batch.partition, message.offset),
      });
    }
    if (records.length > 0 && producer && !options.dryRun) await producer.sendRecords(records);
    if (last !== undefined && !options.dryRun) {
      resolveOffset(last);
      await commitOffsetsIfNecessary(uncommittedOffsets());
    }
    await heartbeat();
    if (last !== undefined && BigInt(last) + 1n >= end) pending.delete(batch.partition);
    if (pending.size === 0 || full()) finish();
  }

  const idleMs = options.timeoutMs ?? 60_000;
  const idle = setTimeout(() => fail(new Error(`replaying ${dlq}: no records arrived for ${idleMs} ms`)), idleMs);
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: dlq, fromBeginning: true });
    consumer.on(consumer.events.CRASH, ({ payload }) => payload.restart || fail(payload.error));
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch });
    await done;
    return { replayed, skipped };
  } finally {
    clearTimeout(idle);
    await consumer.disconnect().catch(() => {});
    if (ownsProducer) await producer?.disconnect();
  }
}

/** Partitions of the dead-letter topic with records the group has not read yet, and where each ended when the replay began. */
async function partitionsToRead(kafka: Kafka, dlq: string, groupId: string): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(dlq);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [dlq] });
    const pending = new Map<number, bigint>();
    for (const { partition, high, low } of ends) {
      const at = committed?.partitions.find((entry) => entry.partition === partition)?.offset ?? "-1";
      const start = at === "-1" ? BigInt(low) : BigInt(at);
      if (start < BigInt(high)) pending.set(partition, BigInt(high));
    }
    return pending;
  } finally {
    await admin.disconnect();
  }
}

function matches(headers: Record<string, string>, options: ReplayOptions): boolean {
  if (options.failedBy !== undefined && headers[deadLetterHeaders.group] !== options.failedBy) return false;
  const reason = headers[deadLetterHeaders.reason] as DeadLetterReason | undefined;
  return options.reasons === undefined || (reason !== undefined && options.reasons.includes(reason));
}

function replayHeaders(headers: Record<string, string>, dlq: string, partition: number, offset: string): Record<string, string> {
  const kept = Object.fromEntries(Object.entries(headers).filter(([name]) => !deadLetterHeaderNames.has(name)));
  return { ...kept, "dlq-replayed-from": `${dlq}/${partition}/${offset}` };
}
