import { spawnSync } from "node:child_process";
import { existsSync, realpathSync, statSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";

/** The baseline named by `--against` cannot be used: not a folder, not a git ref. Exit code 2. */
export class BaselineError extends Error {
  override readonly name = "BaselineError";
}

export interface Baseline {
  /** A folder laid out like the contracts folder. */
  dir: string;
  /** What it is, for messages: `folder ../old` or `git HEAD~1 (3f2a9c1)`. */
  describe: string;
  dispose(): Promise<void>;
}

/**
 * Materialises `against` as a folder: an existing folder is used as is; anything else is a git ref,
 * whose copy of the contracts folder is extracted with `git archive` into a temporary folder.
 */
export async function materializeBaseline(against: string, contractsDir: string): Promise<Baseline> {
  if (existsSync(against) && statSync(against).isDirectory()) {
    return { dir: resolve(against), describe: `folder ${against}`, dispose: async () => {} };
  }
  if (against.startsWith("-") || against.trim() === "") throw new BaselineError(`invalid baseline "${against}"`);
  const contracts = existsSync(contractsDir) ? realpathSync(contractsDir) : resolve(contractsDir);
  const top = git(["rev-parse", "--show-toplevel"], existsSync(contracts) ? contracts : process.cwd());
  if (top.status !== 0) {
    throw new BaselineError(`baseline "${against}" is not a folder, and ${contractsDir} is not inside a git repository`);
  }
  const root = realpathSync(top.stdout.toString().trim());
  const commit = git(["rev-parse", "--verify", "--quiet", `${against}^{commit}`], root);
  if (commit.status !== 0) {
    throw new BaselineError(`baseline "${against}" is neither a folder nor a git ref of ${root}`);
  }
  const sha = commit.stdout.toString().trim();
  const prefix = relative(root, contracts).split("\\").join("/");
  const temp = await mkdtemp(join(tmpdir(), "concord-baseline-"));
  const dir = join(temp, prefix);
  const dispose = (): Promise<void> => rm(temp, { recursive: true, force: true });
  const describe = `git ${against} (${sha.slice(0, 12)})`;
  if (git(["cat-file", "-e", `${sha}:${prefix || "."}`], root).status !== 0) {
    // The contracts folder did not exist at that commit: everything in it is new.
    await mkdir(dir, { recursive: true });
    return { dir, describe, dispose };
  }
  const archive = git(["archive", "--format=tar", sha, "--", prefix || "."], root);
  if (archive.status !== 0) {
    await dispose();
    throw new BaselineError(`git archive ${against} failed: ${archive.stderr.toString().trim()}`);
  }
  const untar = spawnSync("tar", ["-x", "-C", temp], { input: archive.stdout, maxBuffer: 1 << 30 });
  if (untar.status !== 0) {
    await dispose();
    throw new BaselineError(`extracting ${against} failed: ${untar.stderr.toString().trim()}`);
  }
  await mkdir(dir, { recursive: true });
  return { dir, describe, dispose };
}

function git(args: string[], cwd: string): ReturnType<typeof spawnSync> & { stdout: Buffer; stderr: Buffer } {
  return spawnSync("git", args, { cwd, maxBuffer: 1 << 30 }) as ReturnType<typeof spawnSync> & { stdout: Buffer; stderr: Buffer };
}
