/**
 * A throwaway PostgreSQL server on 127.0.0.1 for the outbox test: `initdb` into a temp dir and
 * `pg_ctl start` on a free port (as the `postgres` user when we are root, since the server
 * refuses to run as root). Uses the machine's PostgreSQL binaries (Debian's `postgresql`).
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "../../support/kafka/free-port.js";

const run = promisify(execFile);

export interface PostgresServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** The folder holding pg_ctl and initdb, or undefined when PostgreSQL is not installed. */
export function postgresBinaries(): string | undefined {
  const candidates = (process.env.PATH ?? "").split(":");
  const versions = existsSync("/usr/lib/postgresql") ? readdirSync("/usr/lib/postgresql").sort().reverse() : [];
  candidates.push(...versions.map((version) => `/usr/lib/postgresql/${version}/bin`));
  return candidates.find((dir) => existsSync(join(dir, "pg_ctl")) && existsSync(join(dir, "initdb")));
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinaries();
  if (!bin) throw new Error("PostgreSQL binaries (pg_ctl, initdb) not found");
  const dir = await mkdtemp(join(tmpdir(), "concord-pg-"));
  const data = join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const asOwner = (command: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", join(bin, command), ...args], { timeout: 60_000 }) : run(join(bin, command), args, { timeout: 60_000 });

  const port = await freePort();
  await asOwner("initdb", ["-D", data, "-U", "concord", "-A", "trust", "--no-sync", "--no-locale", "-E", "UTF8"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  await asOwner("pg_ctl", ["-D", data, "-l", join(dir, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
  return {
    url: `postgres://concord@127.0.0.1:${port}/postgres`,
    async stop() {
      await asOwner("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
