import { lstat, mkdir, mkdtemp, readFile, readdir, rename, rm, rmdir, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, sep } from "node:path";
import type { GeneratedFile } from "./generated-file.js";

/** What `writeOutput` did, by path relative to the output folder. */
export interface WriteReport {
  created: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
}

/**
 * Makes `outDir` hold exactly `files`, touching only what differs: a file whose content is already
 * right is left alone (same inode, same mtime, so watchers and incremental builds see nothing), a
 * new or changed one is replaced by a rename, and files no longer generated are removed (with the
 * folders they leave empty).
 *
 * A failed run leaves the old output as it was: every new content is first written to a staging
 * folder next to `outDir` (a full disk fails there, before `outDir` is touched); only then are the
 * staged files renamed into place, each rename atomic for a reader. Should a rename still fail,
 * the files already replaced get their old content back. Extra files are removed last.
 */
export async function writeOutput(outDir: string, files: readonly GeneratedFile[]): Promise<WriteReport> {
  checkPaths(files);
  const report: WriteReport = { created: [], changed: [], removed: [], unchanged: [] };
  const onDisk = new Set(await listFiles(outDir));
  const pending: { file: GeneratedFile; old?: Buffer }[] = [];
  for (const file of files) {
    if (!onDisk.delete(file.path)) {
      pending.push({ file });
      continue;
    }
    const old = await readFile(targetOf(outDir, file.path));
    if (old.equals(Buffer.from(file.content))) report.unchanged.push(file.path);
    else pending.push({ file, old });
  }
  const extra = [...onDisk].sort();

  const parent = dirname(outDir);
  await mkdir(parent, { recursive: true });
  if (pending.length === 0 && extra.length === 0) {
    await mkdir(outDir, { recursive: true });
    return report;
  }
  const staging = await mkdtemp(join(parent, `.${basename(outDir)}.concord-new-`));
  try {
    // 1. Every new content into the staging folder: nothing in outDir changes yet.
    for (const [index, { file }] of pending.entries()) await writeFile(join(staging, String(index)), file.content);
    // 2. Into place, one rename each; on failure, undo what was done.
    await mkdir(outDir, { recursive: true });
    const done: Step[] = [];
    const displacedPaths: string[] = [];
    try {
      for (const [index, { file, old }] of pending.entries()) {
        const step: Step = { target: targetOf(outDir, file.path), placed: false, ...(old ? { old } : {}) };
        done.push(step);
        const displaced = await makeRoom(outDir, step.target, staging, index);
        if (displaced) {
          step.displaced = displaced;
          displacedPaths.push(relative(outDir, displaced.at).split(sep).join("/"));
        }
        await rename(join(staging, String(index)), step.target);
        step.placed = true;
        (old ? report.changed : report.created).push(file.path);
      }
    } catch (error) {
      await undo(done);
      throw error;
    }
    // 3. What is no longer generated (a displaced file or folder already went with the staging
    // folder), and the folders that leaves empty.
    for (const path of extra) {
      if (!displacedPaths.some((gone) => path === gone || path.startsWith(`${gone}/`))) await rm(targetOf(outDir, path), { force: true });
      report.removed.push(path);
    }
    await pruneEmptyFolders(outDir, extra);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  report.created.sort();
  report.changed.sort();
  return report;
}

function targetOf(outDir: string, path: string): string {
  return join(outDir, ...path.split("/"));
}

/** Two files at one path, or a file where another needs a folder, cannot both be written. */
function checkPaths(files: readonly GeneratedFile[]): void {
  const paths = new Set<string>();
  for (const file of files) {
    if (file.path === "" || file.path.split("/").some((part) => part === "" || part === "." || part === "..")) {
      throw new Error(`writeOutput: not a relative file path: ${JSON.stringify(file.path)}`);
    }
    if (paths.has(file.path)) throw new Error(`writeOutput: ${file.path} is given twice`);
    paths.add(file.path);
  }
  for (const path of paths) {
    for (let i = path.indexOf("/"); i !== -1; i = path.indexOf("/", i + 1)) {
      if (paths.has(path.slice(0, i))) throw new Error(`writeOutput: ${path.slice(0, i)} cannot be both a file and the folder of ${path}`);
    }
  }
}

interface Displaced {
  /** Where it was, inside outDir. */
  at: string;
  /** Where it is now, in the staging folder. */
  kept: string;
}

interface Step {
  target: string;
  /** Renamed into place (else the target is as it was). */
  placed: boolean;
  old?: Buffer;
  displaced?: Displaced;
}

/**
 * Creates the target's folders. What stands in the way inside outDir (a file where a folder is
 * needed, a folder where the file goes) holds only files no longer generated: it is moved into the
 * staging folder, so an undo can put it back.
 */
async function makeRoom(outDir: string, target: string, staging: string, index: number): Promise<Displaced | undefined> {
  const parts = relative(outDir, target).split(sep);
  let at = outDir;
  for (const [i, part] of parts.entries()) {
    at = join(at, part);
    const stat = await lstat(at).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    });
    const last = i === parts.length - 1;
    if (stat === undefined) {
      if (!last) await mkdir(dirname(target), { recursive: true });
      return undefined;
    }
    if (last ? stat.isDirectory() : !stat.isDirectory()) {
      const kept = join(staging, `displaced-${index}`);
      await rename(at, kept);
      if (!last) await mkdir(dirname(target), { recursive: true });
      return { at, kept };
    }
  }
  return undefined;
}

/** Puts back what a failed step 2 changed: old contents, displaced files; new files go. */
async function undo(done: readonly Step[]): Promise<void> {
  const ignore = () => undefined;
  for (const step of [...done].reverse()) {
    if (step.placed && step.old) await writeFile(step.target, step.old).catch(ignore);
    else if (step.placed) await unlink(step.target).catch(ignore);
    if (step.displaced) {
      await rm(step.displaced.at, { recursive: true, force: true }).catch(ignore);
      await rename(step.displaced.kept, step.displaced.at).catch(ignore);
    }
  }
}

/** Removes the folders (below outDir) that removing `removed` left empty, deepest first. */
async function pruneEmptyFolders(outDir: string, removed: readonly string[]): Promise<void> {
  const folders = new Set<string>();
  for (const path of removed) {
    const parts = path.split("/");
    for (let i = parts.length - 1; i > 0; i--) folders.add(parts.slice(0, i).join("/"));
  }
  const deepestFirst = [...folders].sort((a, b) => b.split("/").length - a.split("/").length || (a < b ? -1 : 1));
  for (const folder of deepestFirst) {
    await rmdir(targetOf(outDir, folder)).catch((error: NodeJS.ErrnoException) => {
      // Not empty, already gone, or now a generated file (a folder that became a file).
      if (!["ENOTEMPTY", "EEXIST", "ENOENT", "ENOTDIR"].includes(error.code ?? "")) throw error;
    });
  }
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
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join("/"));
}
