import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const FIXTURES = join(import.meta.dirname, "fixtures");

export { runCli } from "../support/cli.js";

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
