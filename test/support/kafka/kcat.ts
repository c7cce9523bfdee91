/**
 * kcat (librdkafka's command-line client, /usr/bin/kcat) as a Kafka client nobody here wrote:
 * tests read what our producers wrote, and write what our consumers must read, through it.
 */
import { execFile } from "node:child_process";

export interface KcatRecord {
  topic: string;
  partition: number;
  offset: number;
  /** Milliseconds since the epoch. */
  timestamp: number;
  key: string | null;
  payload: string | null;
  /** In wire order; a name may repeat. */
  headers: Array<[name: string, value: string]>;
}

export interface KcatConsumeOptions {
  /** Stop after this many messages (`-c`); otherwise read to the end of every partition (`-e`). */
  count?: number;
  /** Start offset (`-o`): "beginning" (default), "end", or an absolute offset. */
  offset?: "beginning" | "end" | number;
  timeoutMs?: number;
}

/** Reads `topic` with `kcat -C -J` and returns the records in the order kcat printed them. */
export async function kcatConsume(brokers: string[], topic: string, options: KcatConsumeOptions = {}): Promise<KcatRecord[]> {
  const args = ["-C", "-b", brokers.join(","), "-t", topic, "-o", String(options.offset ?? "beginning"), "-J", "-q"];
  args.push(...(options.count === undefined ? ["-e"] : ["-c", String(options.count)]));
  const stdout = await kcat(args, "", options.timeoutMs ?? 30_000);
  return stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => toRecord(JSON.parse(line) as KcatJson));
}

export interface KcatMessage {
  key?: string;
  value: string;
  headers?: Record<string, string>;
  partition?: number;
}

/** Writes each message with its own `kcat -P` call (so each keeps its own headers), in order. */
export async function kcatProduce(brokers: string[], topic: string, messages: KcatMessage[], timeoutMs = 30_000) {
  for (const message of messages) {
    const args = ["-P", "-b", brokers.join(","), "-t", topic, "-X", "acks=all"];
    if (message.partition !== undefined) args.push("-p", String(message.partition));
    for (const [name, value] of Object.entries(message.headers ?? {})) args.push("-H", `${name}=${value}`);
    // One message per call: the record separator is a byte no test payload holds.
    args.push("-D", "\u001e");
    let input = message.value;
    if (message.key !== undefined) {
      args.push("-K", "\u001f");
      input = `${message.key}\u001f${message.value}`;
    }
    await kcat(args, input, timeoutMs);
  }
}

interface KcatJson {
  topic: string;
  partition: number;
  offset: number;
  ts: number;
  key: string | null;
  payload: string | null;
  headers?: string[];
}

function toRecord(json: KcatJson): KcatRecord {
  const headers: Array<[string, string]> = [];
  const flat = json.headers ?? [];
  for (let i = 0; i + 1 < flat.length; i += 2) headers.push([flat[i]!, flat[i + 1]!]);
  return {
    topic: json.topic,
    partition: json.partition,
    offset: json.offset,
    timestamp: json.ts,
    key: json.key,
    payload: json.payload,
    headers,
  };
}

function kcat(args: string[], input: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile("kcat", args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`kcat ${args.join(" ")} failed: ${error.message}\n${stderr}`, { cause: error }));
      else resolve(stdout);
    });
    child.stdin?.end(input);
  });
}
