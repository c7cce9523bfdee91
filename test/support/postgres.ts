/**
 * A throwaway PostgreSQL server on 127.0.0.1 for the suites that prove a store on a real server:
 * `initdb` into a temp folder and `pg_ctl start` on a free port, as the `postgres` user when we
 * are root (the server refuses to run as root).
 */
import { execFile, execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "../../tools/free-port.js";

const run = promisify(execFile);
const needed = ["initdb", "pg_ctl", "postgres"];

export interface TestPostgres {
  readonly url: string;
  stop(): Promise<void>;
}

let found: string | null | undefined;

/**
 * The folder holding initdb, pg_ctl and postgres, or undefined when PostgreSQL is not installed.
 * Looks in Debian's /usr/lib/postgresql/<version>/bin (newest first; the package puts nothing on
 * PATH), then on PATH, then in `pg_config --bindir`.
 */
export function postgresBinaries(): string | undefined {
  if (found === undefined) found = candidates().find((dir) => needed.every((name) => existsSync(join(dir, name)))) ?? null;
  return found ?? undefined;
}

function candidates(): string[] {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a) || b.localeCompare(a)) : [];
  const dirs = versions.map((version) => join(root, version, "bin"));
  dirs.push(...(process.env.PATH ?? "").split(delimiter).filter(Boolean));
  try {
    dirs.push(execFileSync("pg_config", ["--bindir"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
  } catch {
    // no pg_config either
  }
  return dirs;
}

/**
 * Whether `suite` can run. A skip is easy to miss in a long run, so it is said loudly; with CI
 * set, a missing PostgreSQL fails the suite instead, since CI is meant to run it.
 */
export function postgresAvailable(suite: string): boolean {
  if (postgresBinaries()) return true;
  const why = `PostgreSQL not found (${needed.join(", ")} in /usr/lib/postgresql/*/bin, on PATH, or in pg_config --bindir)`;
  const ci = process.env.CI;
  if (ci && ci !== "false" && ci !== "0") throw new Error(`${suite}: ${why}; CI is set, so this fails rather than skips`);
  console.warn(`\n*** SKIPPED ${suite}: ${why}. Install PostgreSQL (Debian: apt-get install postgresql) to run it. ***\n`);
  return false;
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBinaries();
  if (!bin) throw new Error(`PostgreSQL binaries (${needed.join(", ")}) not found`);
  const dir = await mkdtemp(join(tmpdir(), "concord-pg-"));
  const data = join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout: uid } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    await chown(dir, Number(uid.trim()), Number(gid.trim()));
  }
  const asOwner = (command: string, args: string[]) =>
    asRoot
      ? run("runuser", ["-u", "postgres", "--", join(bin, command), ...args], { timeout: 60_000 })
      : run(join(bin, command), args, { timeout: 60_000 });

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
