import type { Io } from "../../cli/src/io.js";
import { main } from "../../cli/src/main.js";

/** Runs `concord <args>` in process and collects what it printed and its exit code. */
export async function runCli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), exitCode: 0 };
  const code = await main(["node", "concord", ...args], io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}
