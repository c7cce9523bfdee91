/**
 * Golden files: what a generator produced, compared byte for byte with a reviewed copy in a
 * folder. `UPDATE_GOLDEN=1` rewrites the folder from what was produced; review the diff like code.
 */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { expect } from "vitest";

export interface FileContent {
  /** Relative to the folder, with `/`. */
  path: string;
  content: string;
}

const repoRoot = join(import.meta.dirname, "../..");

/** Every file below `dir` (none if it is missing), sorted by path. */
export async function readFiles(dir: string): Promise<FileContent[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const files: FileContent[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    files.push({ path: relative(dir, full).split(sep).join("/"), content: await readFile(full, "utf8") });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export interface GoldenOptions {
  /**
   * Whether UPDATE_GOLDEN=1 may rewrite `expectedDir` (default true). False where the folder is
   * another test's or the generator's own output, which this test only compares with.
   */
  rewrite?: boolean;
}

/**
 * Fails unless `produced` holds exactly the files of `expectedDir`, byte for byte, naming every
 * missing, extra and changed file, and showing the diff of the first changed one.
 */
export async function expectGolden(produced: readonly FileContent[], expectedDir: string, options: GoldenOptions = {}): Promise<void> {
  const shown = relative(repoRoot, expectedDir) || expectedDir;
  const mine = new Map<string, string>();
  const twice: string[] = [];
  for (const file of produced) {
    if (mine.has(file.path)) twice.push(file.path);
    mine.set(file.path, file.content);
  }
  expect(twice, `produced more than once (a generator bug, not a golden difference)`).toEqual([]);

  if ((options.rewrite ?? true) && process.env.UPDATE_GOLDEN === "1") {
    await rm(expectedDir, { recursive: true, force: true });
    for (const [path, content] of mine) {
      const target = join(expectedDir, ...path.split("/"));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content);
    }
  }

  const expected = new Map((await readFiles(expectedDir)).map((file) => [file.path, file.content]));
  const missing = [...expected.keys()].filter((path) => !mine.has(path));
  const extra = [...mine.keys()].filter((path) => !expected.has(path)).sort();
  const changed = [...expected.keys()].filter((path) => mine.has(path) && mine.get(path) !== expected.get(path));
  if (missing.length + extra.length + changed.length === 0) return;

  const lines = [
    ...missing.map((path) => `  missing: ${path} (in ${shown}, not produced)`),
    ...extra.map((path) => `  extra:   ${path} (produced, not in ${shown})`),
    ...changed.map((path) => `  changed: ${path} (first difference on line ${firstDifference(mine.get(path)!, expected.get(path)!)})`),
  ];
  const hint = (options.rewrite ?? true) ? "; if the change is meant, UPDATE_GOLDEN=1 rewrites it (review the diff)" : "";
  const message = `${lines.length} file(s) differ from ${shown}${hint}:\n${lines.join("\n")}`;
  const first = changed[0];
  if (first) expect(mine.get(first), message).toBe(expected.get(first));
  expect.fail(message);
}

function firstDifference(a: string, b: string): number {
  const left = a.split("\n");
  const right = b.split("\n");
  let line = 0;
  while (line < left.length && line < right.length && left[line] === right[line]) line++;
  return line + 1;
}
