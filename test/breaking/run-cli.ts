import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../cli/src/main.js";
import type { Io } from "../../cli/src/io.js";

export const FIXTURES = join(import.meta.dirname, "fixtures");

export async function runCli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), exitCode: 0 };
  const code = await main(["node", "concord", ...args], io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** `--contracts <head> --against <base>` of a fixture case. */
export function fixtureArgs(kind: string, name: string): string[] {
  const dir = join(FIXTURES, kind, name);
  return ["--contracts", join(dir, "head"), "--against", join(dir, "base")];
}

/** A writable copy of a fixture case's base and head trees. */
export async function copyFixture(kind: string, name: string): Promise<{ base: string; head: string }> {
  const dir = await mkdtemp(join(tmpdir(), "concord-breaking-"));
  await cp(join(FIXTURES, kind, name), dir, { recursive: true });
  return { base: join(dir, "base"), head: join(dir, "head") };
}
