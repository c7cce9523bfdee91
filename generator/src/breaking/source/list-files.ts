import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";

/** Files under `dir` whose names end with one of `extensions`, as sorted `/`-separated paths relative to `dir`. */
export function listFiles(dir: string, extensions: readonly string[]): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && !entry.name.startsWith(".")) walk(path);
      } else if (extensions.some((ext) => entry.name.endsWith(ext))) {
        out.push(relative(dir, path).split("\\").join("/"));
      }
    }
  };
  walk(dir);
  return out.sort();
}

export const DOCUMENT_EXTENSIONS = [".yaml", ".yml", ".json"] as const;
