/**
 * CPU cost per record of turning 100 OrderCreated messages into one Kafka record batch with
 * kafkajs's own encoders (no broker, no socket): without headers, with the four headers built by
 * hand as strings, and through Concord's `encodeMessage` (validation, key, ids, the same headers)
 * as its producer hands records to kafkajs. Medians of 15 repetitions of 100 batches.
 *
 *   npx tsx bench/kafka-encode.ts
 */
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import type { IHeaders } from "kafkajs";
import { encodeMessage } from "@concordkit/runtime/kafka";
import { orderCreatedMessage } from "../generated/asyncapi/channels/orders-created.js";
import { orderCreated } from "../tools/kafka/specs.js";

interface RecordInput {
  key: string | null;
  value: string | Buffer;
  headers?: IHeaders;
}
type Encoded = { size(): number };
// kafkajs's record and record-batch encoders, the ones its producer calls (read, not patched).
const require = createRequire(import.meta.url);
const encodeRecord = require("kafkajs/src/protocol/recordBatch/record/v0") as (
  record: RecordInput & { offsetDelta: number; timestampDelta: number },
) => Encoded;
const { RecordBatch } = require("kafkajs/src/protocol/recordBatch/v0") as {
  RecordBatch: (batch: { records: Encoded[]; firstTimestamp: number; maxTimestamp: number; lastOffsetDelta: number }) => Promise<Encoded>;
};

const payloads = Array.from({ length: 100 }, (_, index) => orderCreated(index + 1));

function handWrittenHeaders(): IHeaders {
  const trace = randomUUID().replaceAll("-", "");
  return {
    "message-id": randomUUID(),
    traceparent: `00-${trace}-${trace.slice(0, 16)}-01`,
    "content-type": "application/json",
    "message-name": "OrderCreated",
  };
}

const variants: Record<string, () => RecordInput[]> = {
  "bare kafkajs, JSON + key": () => payloads.map((order) => ({ key: String(order.orderId), value: JSON.stringify(order) })),
  "bare kafkajs, JSON + key + 4 string headers": () =>
    payloads.map((order) => ({ key: String(order.orderId), value: JSON.stringify(order), headers: handWrittenHeaders() })),
  "Concord: validation, key, ids, the same 4 headers": () =>
    payloads.map((order) => {
      const record = encodeMessage(orderCreatedMessage, order);
      return { key: record.key ?? null, value: record.value, headers: record.headers };
    }),
};

async function encodeBatch(messages: RecordInput[]): Promise<number> {
  const now = Date.now();
  const records = messages.map((message, index) => encodeRecord({ ...message, offsetDelta: index, timestampDelta: 0 }));
  return (await RecordBatch({ records, firstTimestamp: now, maxTimestamp: now, lastOffsetDelta: records.length - 1 })).size();
}

const repetitions = 15;
const batches = 100;
const samples = new Map<string, number[]>();
const sizes = new Map<string, number>();
for (let repetition = 0; repetition < repetitions; repetition++) {
  for (const [name, build] of Object.entries(variants)) {
    const before = process.cpuUsage();
    for (let batch = 0; batch < batches; batch++) sizes.set(name, await encodeBatch(build()));
    const used = process.cpuUsage(before);
    samples.set(name, [...(samples.get(name) ?? []), (used.user + used.system) / (batches * payloads.length)]);
  }
}
console.log("| 100 OrderCreated records → one kafkajs record batch | CPU µs / record (median) | batch bytes |");
console.log("|---|---|---|");
for (const [name, values] of samples) {
  const median = [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  console.log(`| ${name} | ${median.toFixed(1)} | ${sizes.get(name)!.toLocaleString("en-US")} |`);
}
