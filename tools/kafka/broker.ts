/**
 * A real single-node Apache Kafka broker (KRaft, broker + controller in one JVM) on 127.0.0.1,
 * run from the Maven Central jars (./jars.ts) on the machine's Java. Used by the vitest global
 * setup (one shared broker per run), by suites that need a broker of their own (to stop it), by
 * `npm run kafka` and `npm run system` for the reference services, and by the benchmarks.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, openSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Kafka, logLevel } from "kafkajs";
import { ensureKafkaJars } from "./jars.js";
import { freePort } from "../free-port.js";
import { log4jProperties, serverProperties } from "./server-properties.js";

export interface KafkaBrokerOptions {
  /** Keeps config, data and log here (created if missing); a fresh temp dir, removed by `destroy()`, if absent. */
  dataDir?: string;
  /** Client port; a free one if absent. */
  port?: number;
  /** KRaft controller port; a free one if absent. */
  controllerPort?: number;
  /** `auto.create.topics.enable`; off by default so tests see the topics they provision, and only those. */
  autoCreateTopics?: boolean;
  /** How long to wait for the broker to answer, in ms (default 90 s). */
  readyTimeoutMs?: number;
  /** Seconds between SIGTERM and SIGKILL when stopping (default 10). */
  stopGraceSeconds?: number;
  /** JVM heap ceiling (default "512m"). */
  maxHeap?: string;
}

export interface KafkaBroker {
  /** `host:port` of the broker, for kafkajs `brokers` or kcat `-b`. */
  readonly brokers: string[];
  /** The JVM's output (reload4j at INFO). */
  readonly logFile: string;
  readonly dataDir: string;
  /** Stops the JVM (SIGTERM, SIGKILL after the grace period); data and ports are kept for `start()`. */
  stop(): Promise<void>;
  /** Starts the stopped broker again on the same port with the same data, and waits until it answers. */
  start(): Promise<void>;
  /** `stop()`, then removes the data dir if this broker created it. */
  destroy(): Promise<void>;
}

const wrapper = fileURLToPath(new URL("./run-broker.sh", import.meta.url));

export async function startKafkaBroker(options: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
  // Ports this function picks were free a moment ago; another process may bind one before the
  // JVM does. Then it tries again with other ports (not when the caller chose ports or data).
  const picksItsOwn = options.port === undefined && options.controllerPort === undefined && options.dataDir === undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      if (!picksItsOwn || attempt >= 3 || !/Address already in use/.test((error as Error).message)) throw error;
    }
  }
}

async function startOnce(options: KafkaBrokerOptions): Promise<KafkaBroker> {
  const libs = await ensureKafkaJars();
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "concord-kafka-")));
  const port = options.port ?? (await freePort());
  const controllerPort = options.controllerPort ?? (await freePort());
  const logDirs = join(dataDir, "kraft");
  const configFile = join(dataDir, "server.properties");
  const log4jFile = join(dataDir, "log4j.properties");
  const logFile = join(dataDir, "broker.log");
  await mkdir(logDirs, { recursive: true });
  const config = { port, controllerPort, logDirs, autoCreateTopics: options.autoCreateTopics ?? false };
  await writeFile(configFile, serverProperties(config));
  await writeFile(log4jFile, log4jProperties());
  const classpath = `${libs}/*`;
  if (!existsSync(join(logDirs, "meta.properties"))) await formatStorage(classpath, configFile);

  const brokers = [`127.0.0.1:${port}`];
  const grace = options.stopGraceSeconds ?? 10;
  const java = [
    javaBinary(),
    `-Xmx${options.maxHeap ?? "512m"}`,
    "-Djava.awt.headless=true",
    `-Dlog4j.configuration=file:${log4jFile}`,
    "-cp",
    classpath,
    "kafka.Kafka",
    configFile,
  ];
  let running: RunningJvm | undefined;

  async function start(): Promise<void> {
    if (running) return;
    running = launch(java, grace, logFile);
    try {
      await waitUntilReady(brokers, running, options.readyTimeoutMs ?? 90_000, logFile);
    } catch (error) {
      await stop();
      throw error;
    }
  }

  async function stop(): Promise<void> {
    const jvm = running;
    running = undefined;
    if (jvm) await jvm.stop((grace + 5) * 1000);
  }

  async function destroy(): Promise<void> {
    await stop();
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
  }

  try {
    await start();
  } catch (error) {
    await destroy();
    throw error;
  }
  return { brokers, logFile, dataDir, start, stop, destroy };
}

/** A fresh KRaft cluster id: 16 random bytes in URL-safe base64, as `kafka-storage random-uuid` prints. */
function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString("base64url");
    if (!id.startsWith("-")) return id; // a leading dash reads as an option on the command line
  }
}

async function formatStorage(classpath: string, configFile: string): Promise<void> {
  const args = ["-cp", classpath, "kafka.tools.StorageTool", "format", "-t", clusterId(), "-c", configFile];
  try {
    await promisify(execFile)(javaBinary(), args, { timeout: 120_000 });
  } catch (error) {
    const output = error as { stdout?: string; stderr?: string };
    throw new Error(`kafka storage format failed:\n${output.stdout ?? ""}${output.stderr ?? ""}`, { cause: error });
  }
}

function javaBinary(): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, "bin", "java") : "java";
}

interface RunningJvm {
  /** Settles when the wrapper (and so the JVM) has exited; never rejects. */
  readonly exited: Promise<number | null>;
  stop(timeoutMs: number): Promise<void>;
}

/**
 * Spawns the JVM through run-broker.sh in its own process group (a Ctrl-C in the terminal
 * reaches only us) and keeps the wrapper's stdin open: closing it, or dying, stops the JVM.
 */
function launch(command: string[], graceSeconds: number, logFile: string): RunningJvm {
  const out = openSync(logFile, "a");
  let child: ChildProcess;
  try {
    child = spawn(wrapper, [String(graceSeconds), ...command], { stdio: ["pipe", out, out], detached: true });
  } finally {
    closeSync(out);
  }
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.once("error", () => resolve(null));
  });
  child.stdin?.on("error", () => {}); // the wrapper may be gone already when we close the pipe
  return {
    exited,
    async stop(timeoutMs) {
      child.stdin?.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitUntilReady(brokers: string[], jvm: RunningJvm, timeoutMs: number, logFile: string) {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void jvm.exited.then((code) => (exitCode = code ?? -1));
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`the Kafka broker exited with code ${exitCode} before it was ready\n${await logTail(logFile)}`);
    }
    try {
      if (await brokerAnswers(brokers)) return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const reason = lastError instanceof Error ? lastError.message : "no broker in the cluster metadata";
  throw new Error(`the Kafka broker on ${brokers.join(",")} did not answer within ${timeoutMs} ms (${reason})\n${await logTail(logFile)}`);
}

/** True once the broker lists itself in the cluster metadata (it has joined the KRaft quorum). */
async function brokerAnswers(brokers: string[]): Promise<boolean> {
  const kafka = new Kafka({
    clientId: "concord-broker-probe",
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 2_000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 && cluster.controller !== null;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/** The last lines of the broker's log, for error messages. */
export async function logTail(logFile: string, lines = 40): Promise<string> {
  const text = await readFile(logFile, "utf8").catch(() => "");
  const tail = text.trimEnd().split("\n").slice(-lines).join("\n");
  return `--- last lines of ${logFile} ---\n${tail}`;
}
