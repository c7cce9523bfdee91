import { type Dirent, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The files a YAML/JSON contract folder is made of. */
export const DOCUMENT_EXTENSIONS = [".yaml", ".yml", ".json"] as const;

/**
 * The files under `dir`, at any depth, whose names end with one of `extensions` (in any case), as
 * sorted `/`-separated paths relative to `dir`; none when `dir` is not there. Folders named
 * `node_modules` or starting with a dot are skipped, and so are files starting with a dot; a
 * symbolic link counts when it leads to a file. Every contract kind and every command lists a
 * contract folder with this, so they all see the same files.
 */
export function listContractFiles(dir: string, extensions: readonly string[]): string[] {
  const wanted = extensions.map((ext) => ext.toLowerCase());
  const files: string[] = [];
  const walk = (folder: string, prefix: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (prefix === "" && (code === "ENOENT" || code === "ENOTDIR")) return;
      throw error;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path, `${prefix}${entry.name}/`);
      else if (
        wanted.some((ext) => entry.name.toLowerCase().endsWith(ext)) &&
        (entry.isFile() || (entry.isSymbolicLink() && isFile(path)))
      ) {
        files.push(`${prefix}${entry.name}`);
      }
    }
  };
  walk(dir, "");
  return files.sort();
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
