/**
 * Throughput of Concord's Kafka layer against bare kafkajs on the same broker, with the same
 * `orders.created` JSON on 6-partition topics, in interleaved rounds (medians reported). The
 * Concord side uses the generated OrderCreated spec (generated/asyncapi/channels/orders-created.ts).
 *
 * Produce, 100 records per call: bare kafkajs sends JSON + key (and once more with the four
 * headers Concord writes by default, built by hand); Concord's producer adds contract
 * validation, key derivation and the headers. Each produce row also shows the CPU time per
 * message of this process and of the broker (Linux /proc), which says where the time goes.
 * Produce, one record per call: 100 concurrent callers each send one message at a time, the way
 * a service publishes events; bare kafkajs sends each call as its own request, Concord joins
 * the calls waiting behind the request in flight.
 * Consume: both read the very same records (the ones Concord wrote); bare kafkajs parses the
 * JSON in `eachMessage`, Concord's loop also decodes headers, validates, routes, retries-wraps
 * and commits by hand.
 *
 *   npx tsx bench/kafka.ts            # starts a broker of its own (Maven jars, Java 17)
 *   KAFKA_BROKERS=127.0.0.1:9092 BENCH_BROKER_PID=<java pid> BENCH_MESSAGES=30000 BENCH_ROUNDS=5 npx tsx bench/kafka.ts
 */
import { randomBytes, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { Kafka, logLevel, Partitioners, type Message, type Producer } from "kafkajs";
import { bindHandler, runConsumer } from "@concordkit/runtime/kafka";
import { createProducer, type ConcordProducer } from "@concordkit/runtime/kafka";
import { provisionTopics } from "@concordkit/runtime/kafka";
import type { TopicSpec } from "@concordkit/runtime/kafka";
import { startKafkaBroker, type KafkaBroker } from "../tools/kafka/broker.js";
import { orderCreatedMessage, type OrderCreated } from "../generated/asyncapi/channels/orders-created.js";
import { orderCreated, topicSpec } from "../tools/kafka/specs.js";

const messages = Number(process.env.BENCH_MESSAGES ?? 30_000);
const singleMessages = Number(process.env.BENCH_SINGLE_MESSAGES ?? 3_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const batchSize = 100;
const callers = 100;

const fromEnv = process.env.KAFKA_BROKERS?.split(",").filter(Boolean);
const broker: KafkaBroker | undefined = fromEnv?.length ? undefined : await startKafkaBroker();
const brokers = fromEnv?.length ? fromEnv : broker!.brokers;
const brokerPid = process.env.BENCH_BROKER_PID ? Number(process.env.BENCH_BROKER_PID) : broker && jvmPidOf(broker.dataDir);
const kafka = new Kafka({ clientId: "concord-bench", brokers, logLevel: logLevel.NOTHING });
const payloads: OrderCreated[] = Array.from({ length: messages }, (_, index) => orderCreated(index + 1));

/** The broker JVM's pid: the java process whose command line names the broker's data dir. */
function jvmPidOf(dataDir: string): number | undefined {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (command.startsWith("java") && command.includes(dataDir)) return Number(entry);
    } catch {
      // the process ended while we looked
    }
  }
  return undefined;
}

/** CPU time (user + system, ms) the broker JVM has used so far; undefined when unknown. */
function brokerCpuMs(): number | undefined {
  if (brokerPid === undefined) return undefined;
  const fields = readFileSync(`/proc/${brokerPid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

async function freshTopic(): Promise<TopicSpec> {
  const topic = topicSpec(`bench.orders.created.${randomBytes(4).toString("hex")}`, 6);
  await provisionTopics(kafka, [topic], { dlq: false });
  return topic;
}

interface ProduceSample {
  readonly rate: number;
  /** CPU µs per message of this process, and of the broker (NaN when its pid is unknown). */
  readonly clientCpu: number;
  readonly brokerCpu: number;
}

/** Runs `produce` (which sends `count` messages) and measures its rate and CPU cost. */
async function measureProduce(count: number, produce: () => Promise<void>): Promise<ProduceSample> {
  const brokerBefore = brokerCpuMs();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await produce();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const brokerAfter = brokerCpuMs();
  return {
    rate: count / seconds,
    clientCpu: (cpu.user + cpu.system) / count,
    brokerCpu: brokerBefore === undefined || brokerAfter === undefined ? NaN : ((brokerAfter - brokerBefore) * 1000) / count,
  };
}

/** All payloads, `batchSize` per call, one call after the other. */
function inBatches(send: (batch: OrderCreated[]) => Promise<unknown>): () => Promise<void> {
  return async () => {
    for (let index = 0; index < payloads.length; index += batchSize) await send(payloads.slice(index, index + batchSize));
  };
}

/** The first `singleMessages` payloads, one per call, from `callers` concurrent callers. */
function oneByOne(send: (order: OrderCreated) => Promise<unknown>): () => Promise<void> {
  let next = 0;
  const caller = async () => {
    while (next < singleMessages) await send(payloads[next++]!);
  };
  return async () => void (await Promise.all(Array.from({ length: callers }, caller)));
}

function bareRecord(order: OrderCreated, headers: boolean): Message {
  return { key: String(order.orderId), value: JSON.stringify(order), ...(headers ? { headers: handWrittenHeaders() } : {}) };
}

/** What a careful hand-written service would send; ids from randomUUID (cheap: node caches its entropy). */
function handWrittenHeaders(): Record<string, string> {
  const trace = randomUUID().replaceAll("-", "");
  return {
    "message-id": randomUUID(),
    traceparent: `00-${trace}-${trace.slice(0, 16)}-01`,
    "content-type": "application/json",
    "message-name": "OrderCreated",
  };
}

async function withBareProducer(run: (producer: Producer, topic: string) => Promise<ProduceSample>): Promise<ProduceSample> {
  const topic = await freshTopic();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    return await run(producer, topic.name);
  } finally {
    await producer.disconnect();
  }
}

/** The generated OrderCreated spec (ahead-of-time validator, key from orderId) on this run's topic. */
function onTopic(topic: TopicSpec) {
  return { ...orderCreatedMessage, topic };
}

async function withConcordProducer(run: (producer: ConcordProducer, topic: TopicSpec) => Promise<ProduceSample>): Promise<ProduceSample> {
  const topic = await freshTopic();
  const producer = createProducer(kafka);
  await producer.connect();
  try {
    return await run(producer, topic);
  } finally {
    await producer.disconnect();
  }
}

/** Messages per second from the first to the last message handled by a new group. */
function consumeRate(start: (onMessage: () => void) => Promise<() => Promise<void>>): Promise<number> {
  return new Promise((resolve, reject) => {
    let count = 0;
    let first = 0;
    let stop: (() => Promise<void>) | undefined;
    const timer = setTimeout(() => reject(new Error(`only ${count} of ${messages} consumed`)), 300_000);
    start(() => {
      if (count++ === 0) first = performance.now();
      if (count === messages) {
        clearTimeout(timer);
        const rate = messages / ((performance.now() - first) / 1000);
        setImmediate(() => void stop?.().then(() => resolve(rate), reject)); // stopping waits for the handler in hand
      }
    }).then((stopper) => (stop = stopper), reject);
  });
}

function bareConsume(topic: TopicSpec): Promise<number> {
  return consumeRate(async (onMessage) => {
    const consumer = kafka.consumer({ groupId: `${topic.name}.bare.${randomUUID()}`, maxWaitTimeInMs: 1_000 });
    await consumer.connect();
    await consumer.subscribe({ topic: topic.name, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        JSON.parse(message.value!.toString()) as OrderCreated;
        onMessage();
      },
    });
    return () => consumer.disconnect();
  });
}

function concordConsume(topic: TopicSpec): Promise<number> {
  const spec = onTopic(topic);
  return consumeRate(async (onMessage) => {
    const consumer = await runConsumer(kafka, {
      groupId: `${topic.name}.concord.${randomUUID()}`,
      handlers: [bindHandler(spec, async () => onMessage())],
    });
    return () => consumer.stop();
  });
}

const produceRuns = {
  bare: () =>
    withBareProducer((producer, topic) =>
      measureProduce(
        messages,
        inBatches((batch) => producer.send({ topic, acks: -1, messages: batch.map((order) => bareRecord(order, false)) })),
      ),
    ),
  bareHeaders: () =>
    withBareProducer((producer, topic) =>
      measureProduce(
        messages,
        inBatches((batch) => producer.send({ topic, acks: -1, messages: batch.map((order) => bareRecord(order, true)) })),
      ),
    ),
  concord: () =>
    withConcordProducer((producer, topic) =>
      measureProduce(
        messages,
        inBatches((batch) =>
          producer.sendBatch(
            onTopic(topic),
            batch.map((payload) => ({ payload })),
          ),
        ),
      ),
    ),
  bareSingle: () =>
    withBareProducer((producer, topic) =>
      measureProduce(
        singleMessages,
        oneByOne((order) => producer.send({ topic, acks: -1, messages: [bareRecord(order, false)] })),
      ),
    ),
  concordSingle: () =>
    withConcordProducer((producer, topic) =>
      measureProduce(
        singleMessages,
        oneByOne((order) => producer.send(onTopic(topic), order)),
      ),
    ),
};
type ProduceRun = keyof typeof produceRuns;
const produced = Object.fromEntries(Object.keys(produceRuns).map((name) => [name, [] as ProduceSample[]])) as Record<
  ProduceRun,
  ProduceSample[]
>;
const consumed = { bare: [] as number[], concord: [] as number[] };
const loads: number[] = [];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

try {
  for (let round = 1; round <= rounds; round++) {
    // The producers run in a rotating order, so none always runs on the coolest broker.
    const names = Object.keys(produceRuns) as ProduceRun[];
    for (let index = 0; index < names.length; index++) {
      const name = names[(index + round) % names.length]!;
      produced[name].push(await produceRuns[name]());
    }
    const topic = await freshTopic();
    await withConcordProducer((producer) =>
      measureProduce(
        messages,
        inBatches((batch) =>
          producer.sendBatch(
            onTopic(topic),
            batch.map((payload) => ({ payload })),
          ),
        ),
      ),
    );
    // Alternate which consumer reads first, so neither always gets the warmer page cache.
    if (round % 2 === 1) {
      consumed.bare.push(await bareConsume(topic));
      consumed.concord.push(await concordConsume(topic));
    } else {
      consumed.concord.push(await concordConsume(topic));
      consumed.bare.push(await bareConsume(topic));
    }
    loads.push(loadavg()[0]!);
    console.error(`round ${round}/${rounds} done (load average ${loadavg()[0]!.toFixed(1)})`);
  }
  const rate = (value: number) => `${Math.round(value).toLocaleString("en-US")} msg/s`;
  const ratio = (concord: number, bare: number) => `${((concord / bare) * 100).toFixed(0)}%`;
  const of = (name: ProduceRun, field: keyof ProduceSample) => median(produced[name].map((sample) => sample[field]));
  const cpu = (name: ProduceRun) =>
    `${of(name, "clientCpu").toFixed(1)} µs | ${Number.isNaN(of(name, "brokerCpu")) ? "–" : `${of(name, "brokerCpu").toFixed(1)} µs`}`;
  console.log(
    `orders.created, 6 partitions, median of ${rounds} rounds; load average (1 min) ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`,
  );
  console.log("| | messages/s | Concord / bare | client CPU / msg | broker CPU / msg |");
  console.log("|---|---|---|---|---|");
  console.log(`| produce ${messages}, 100 per call: bare kafkajs (JSON + key) | ${rate(of("bare", "rate"))} | | ${cpu("bare")} |`);
  console.log(
    `| produce ${messages}, 100 per call: bare kafkajs (JSON + key + the same 4 headers) | ${rate(of("bareHeaders", "rate"))} | | ${cpu("bareHeaders")} |`,
  );
  console.log(
    `| produce ${messages}, 100 per call: Concord producer | ${rate(of("concord", "rate"))} | ${ratio(of("concord", "rate"), of("bare", "rate"))} (same headers: ${ratio(of("concord", "rate"), of("bareHeaders", "rate"))}) | ${cpu("concord")} |`,
  );
  console.log(
    `| produce ${singleMessages}, 1 per call, ${callers} callers: bare kafkajs (JSON + key) | ${rate(of("bareSingle", "rate"))} | | ${cpu("bareSingle")} |`,
  );
  console.log(
    `| produce ${singleMessages}, 1 per call, ${callers} callers: Concord producer | ${rate(of("concordSingle", "rate"))} | ${ratio(of("concordSingle", "rate"), of("bareSingle", "rate"))} | ${cpu("concordSingle")} |`,
  );
  console.log(`| consume ${messages}: bare kafkajs eachMessage | ${rate(median(consumed.bare))} | | | |`);
  console.log(
    `| consume ${messages}: Concord consumer loop | ${rate(median(consumed.concord))} | ${ratio(median(consumed.concord), median(consumed.bare))} | | |`,
  );
} finally {
  await broker?.destroy();
}
