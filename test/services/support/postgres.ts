/**
 * A throwaway PostgreSQL server on 127.0.0.1 from the machine's binaries (initdb + postgres),
 * for proving the services' store works on a real server too. Runs as the `postgres` user when
 * the tests run as root (PostgreSQL refuses root).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { freePort } from "../../support/kafka/free-port.js";

export interface TestPostgres {
  url: string;
  stop(): Promise<void>;
}

export function postgresAvailable(): boolean {
  try {
    execFileSync("which", ["initdb", "postgres"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export async function startPostgres(): Promise<TestPostgres> {
  const dir = mkdtempSync(join(tmpdir(), "concord-pg-"));
  chmodSync(dir, 0o777);
  const data = join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  const command = (args: string[]) => (asRoot ? ["runuser", ["-u", "postgres", "--", ...args]] : [args[0]!, args.slice(1)]) as [string, string[]];
  if (asRoot) chownSync(dir, Number(execFileSync("id", ["-u", "postgres"]).toString()), Number(execFileSync("id", ["-g", "postgres"]).toString()));
  execFileSync(...command(["initdb", "-D", data, "-A", "trust", "-U", "concord"]), { stdio: "ignore" });
  const port = await freePort();
  const server: ChildProcess = spawn(...command(["postgres", "-D", data, "-p", String(port), "-h", "127.0.0.1", "-k", dir]), { stdio: "ignore" });
  const url = `postgres://concord@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return {
    url,
    async stop() {
      execFileSync(...command(["pg_ctl", "stop", "-D", data, "-m", "fast", "-w"]), { stdio: "ignore", timeout: 20_000 });
      await new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once("exit", resolve)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
