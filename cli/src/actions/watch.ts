import { readdirSync, statSync, watch, type FSWatcher } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { CONFIG_FILE, generate, loadConfig, resolveFromConfig, writeOutput } from "@concordkit/generator";
import type { GenerateOptions } from "../commands/generate.js";
import { ExitCode } from "../exit-codes.js";
import type { Io } from "../io.js";

/** Quiet time after the last change before a run starts: an editor's save is several events. */
export const DEBOUNCE_MS = 150;

/**
 * `concord generate --watch`: generates, then again each time a contract or the config changes,
 * until SIGINT or SIGTERM (or `stop`, for callers in process). Runs never overlap: a change during
 * a run makes one more run after it. A failing run prints its errors and leaves the output as it
 * was; the watch goes on. Only the files whose content changed are rewritten (`writeOutput`).
 */
export async function runWatch(options: GenerateOptions, io: Io, stop?: AbortSignal): Promise<ExitCode> {
  const cwd = process.cwd();
  const shown = (path: string) => relative(cwd, path).split(sep).join("/") || ".";
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const changedPaths = new Set<string>();
  let watched: { contracts: string; out: string } | undefined;

  const onChange = (path: string) => {
    if (stopped) return;
    if (watched && isInside(path, watched.out)) return;
    changedPaths.add(shown(path));
    clearTimeout(timer);
    timer = setTimeout(() => void runs.request(), DEBOUNCE_MS);
  };

  /**
   * One watcher per folder, not fs.watch's `recursive`: on Linux that one watches each file's
   * inode and loses a file an editor saves by renaming a new one over it. A folder's own watcher
   * sees every entry in it written, created, renamed or deleted. Watched: every folder of the
   * contracts, and, for just the names that matter, the folder holding the config and the one
   * holding the contracts folder (which sees that folder created or replaced). Synced after each
   * run: folders come and go, and the config may move the contracts.
   */
  const watchers = new Map<string, { watcher: FSWatcher; ino: number; names: Set<string> | undefined }>();
  const watchFolders = (contracts: string) => {
    if (stopped) return;
    const wanted = new Map<string, Set<string> | undefined>();
    for (const dir of foldersUnder(contracts)) if (!(watched && isInside(dir, watched.out))) wanted.set(dir, undefined);
    for (const [dir, name] of [
      [cwd, CONFIG_FILE],
      [dirname(contracts), basename(contracts)],
    ] as const) {
      if (wanted.has(dir) && wanted.get(dir) === undefined) continue;
      wanted.set(dir, new Set([...(wanted.get(dir) ?? []), name]));
    }
    for (const [dir, entry] of watchers) {
      if (!wanted.has(dir) || inode(dir) !== entry.ino) {
        entry.watcher.close();
        watchers.delete(dir);
      }
    }
    for (const [dir, names] of wanted) {
      const current = watchers.get(dir);
      if (current) {
        current.names = names;
        continue;
      }
      const ino = inode(dir);
      if (ino === undefined) continue; // not there (yet): the parent's watcher reports its creation
      try {
        const entry = { watcher: undefined as unknown as FSWatcher, ino, names };
        entry.watcher = watch(dir, (_event, name) => {
          if (name === null) return onChange(dir);
          if (entry.names && !entry.names.has(String(name))) return;
          onChange(join(dir, String(name)));
        });
        entry.watcher.on("error", () => {
          entry.watcher.close();
          if (watchers.get(dir) === entry) watchers.delete(dir);
        });
        watchers.set(dir, entry);
      } catch {
        // Gone between the scan and the watch: the next change finds it again.
      }
    }
  };

  const runOnce = async () => {
    if (stopped) return;
    const started = performance.now();
    // An editor's temp files come and go within one save: name what is there, or else what went.
    const all = [...changedPaths].sort();
    const present = all.filter((path) => inode(resolve(cwd, path)) !== undefined);
    const trigger = present.length > 0 ? present : all;
    changedPaths.clear();
    if (trigger.length > 0) io.out(`${clock()} changed: ${trigger.join(", ")}`);
    let contracts = options.contracts ? resolve(options.contracts) : resolve(cwd, "contracts");
    try {
      const loaded = loadConfig(cwd);
      contracts = options.contracts ? resolve(options.contracts) : resolveFromConfig(loaded, "contracts", "contracts");
      const out = options.out ? resolve(options.out) : resolveFromConfig(loaded, "out", "generated");
      watched = { contracts, out };
      watchFolders(contracts);
      const files = await generate(contracts, loaded.config, loaded.root);
      const report = await writeOutput(out, files);
      const o = shown(out);
      for (const path of report.created) io.out(`new       ${o}/${path}`);
      for (const path of report.changed) io.out(`changed   ${o}/${path}`);
      for (const path of report.removed) io.out(`removed   ${o}/${path}`);
      const ms = Math.round(performance.now() - started);
      const what =
        report.created.length + report.changed.length + report.removed.length === 0
          ? "up to date"
          : `${report.created.length} new, ${report.changed.length} changed, ${report.removed.length} removed`;
      io.out(`${clock()} ${o}/: ${what} (${files.length} files, ${ms} ms); watching ${shown(contracts)}/`);
    } catch (error) {
      watchFolders(contracts);
      if (error instanceof Error && error.name === "ContractError") {
        io.err(error.message);
        io.err(`${clock()} not generated; the output is as it was. Waiting for a change.`);
      } else {
        io.err(`concord: internal error: ${(error as Error).stack ?? String(error)}`);
        io.err(`${clock()} not generated. Waiting for a change.`);
      }
    }
  };

  const runs = serialRuns(runOnce);

  const done = new Promise<void>((finish) => {
    const end = () => {
      if (stopped) return;
      stopped = true;
      process.off("SIGINT", end);
      process.off("SIGTERM", end);
      stop?.removeEventListener("abort", end);
      clearTimeout(timer);
      for (const { watcher } of watchers.values()) watcher.close();
      watchers.clear();
      // A run that is writing finishes first; writes are atomic anyway.
      void runs.idle().then(() => {
        io.out("stopped watching");
        finish();
      });
    };
    process.on("SIGINT", end);
    process.on("SIGTERM", end);
    if (stop?.aborted) end();
    else stop?.addEventListener("abort", end);
  });

  await runs.request();
  await done;
  return ExitCode.Ok;
}

/**
 * Runs `run` on request, never two at once: a request while one runs makes exactly one more run
 * after it (however many requests came), so the last run always sees the latest files.
 */
export function serialRuns(run: () => Promise<void>): { request(): Promise<void>; idle(): Promise<void> } {
  let running: Promise<void> | undefined;
  let again = false;
  return {
    request() {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        try {
          do {
            again = false;
            await run();
          } while (again);
        } finally {
          running = undefined;
        }
      })();
      return running;
    },
    idle: () => running ?? Promise.resolve(),
  };
}

/** `root` and every folder below it; none when it is not a folder. */
function foldersUnder(root: string): string[] {
  try {
    const entries = readdirSync(root, { recursive: true, withFileTypes: true });
    return [root, ...entries.filter((e) => e.isDirectory()).map((e) => join(e.parentPath, e.name))];
  } catch {
    return [];
  }
}

function inode(path: string): number | undefined {
  try {
    return statSync(path).ino;
  } catch {
    return undefined;
  }
}

function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

function clock(): string {
  return `[${new Date().toTimeString().slice(0, 8)}]`;
}
