import { mkdir, mkdtemp, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, sep } from "node:path";
import type { GeneratedFile } from "./generated-file.js";

/**
 * Replaces `outDir` with exactly `files`, atomically as far as the file system allows: the new
 * tree is written next to the old one and swapped in by two renames, so a failure at any point
 * leaves the old tree in place.
 */
export async function writeOutput(outDir: string, files: readonly GeneratedFile[]): Promise<void> {
  const parent = dirname(outDir);
  await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(join(parent, `.${basename(outDir)}.concord-new-`));
  try {
    for (const file of files) {
      const target = join(staging, ...file.path.split("/"));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.content);
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  const retired = `${staging.replace("concord-new-", "concord-old-")}`;
  const hadOld = await rename(outDir, retired).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return false;
      throw error;
    },
  );
  try {
    await rename(staging, outDir);
  } catch (error) {
    if (hadOld) await rename(retired, outDir);
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  if (hadOld) await rm(retired, { recursive: true, force: true });
}

export interface StaleReport {
  missing: string[];
  changed: string[];
  extra: string[];
}

/** Compares what generation would write with what `outDir` holds. */
export async function findStaleFiles(outDir: string, files: readonly GeneratedFile[]): Promise<StaleReport> {
  const onDisk = new Set(await listFiles(outDir));
  const report: StaleReport = { missing: [], changed: [], extra: [] };
  for (const file of files) {
    if (!onDisk.delete(file.path)) {
      report.missing.push(file.path);
      continue;
    }
    const current = await readFile(join(outDir, ...file.path.split("/")), "utf8");
    if (current !== file.content) report.changed.push(file.path);
  }
  report.extra = [...onDisk].sort();
  return report;
}

export function isClean(report: StaleReport): boolean {
  return report.missing.length + report.changed.length + report.extra.length === 0;
}

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return [];
      throw error;
    },
  );
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join("/"));
}
