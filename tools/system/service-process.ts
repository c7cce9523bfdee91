/**
 * One reference service as its own OS process (`tsx services/main.ts <name>`), configured like the
 * in-process system it joins (same broker, store folder, consumer groups, secrets and peers), so a
 * test can kill it with SIGKILL — no shutdown hook runs — and start it again on the same port.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { RunningSystem } from "../../services/system.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

export interface ServiceProcess {
  readonly pid: number;
  readonly ports: Readonly<Record<string, number>>;
  /** SIGKILL; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (a clean stop), SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

/** The environment `services/main.ts` reads, taken from a running system; `port` is the API port to bind. */
export function serviceEnv(system: RunningSystem, port: number): Record<string, string> {
  const { config } = system;
  const env: Record<string, string> = {
    KAFKA_BROKERS: config.kafkaBrokers.join(","),
    ORDER_FLOW: config.orderFlow,
    DATA_DIR: config.dataDir,
    INTERNAL_SECRET: config.internalSecret,
    GROUP_SUFFIX: config.groupSuffix,
    LOG_LEVEL: config.logLevel,
    CURRENCY: config.currency,
    NOTIFY_DELAY_MS: String(config.notifyDelayMs),
    HOST: config.host,
    PORT: String(port),
    METRICS_PORT: "0",
  };
  if (config.jwt.secret) env.JWT_SECRET = config.jwt.secret;
  // Every peer with an API: ORDER_URL, PAYMENT_URL, USER_URL, NOTIFICATION_URL (and any added later).
  for (const [name, service] of system.services) {
    if (service.ports.api) env[`${name.toUpperCase()}_URL`] = `http://127.0.0.1:${service.ports.api}`;
  }
  return env;
}

/** Starts the service and waits for its ready line (at most `timeoutMs`). */
export function spawnService(name: string, env: Record<string, string>, timeoutMs = 90_000): Promise<ServiceProcess> {
  const child: ChildProcess = spawn(process.execPath, ["--conditions=@concordkit/source", "--import", "tsx", "services/main.ts", name], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });

  function gone(signal: NodeJS.Signals, graceMs: number): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return exited;
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    return exited.finally(() => clearTimeout(timer));
  }

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void gone("SIGKILL", 0);
      reject(new Error(`${name} was not ready within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before it was ready\n${stderr}`));
    });
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (!line.startsWith('{"ready"')) return;
      clearTimeout(timer);
      const { ports } = JSON.parse(line) as { ports: Record<string, number> };
      resolve({
        pid: child.pid!,
        ports,
        kill: () => gone("SIGKILL", 0),
        stop: (graceMs = 15_000) => gone("SIGTERM", graceMs),
      });
    });
  });
}
