import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import Handlebars from "handlebars";

/** Where the package keeps its templates: `templates/<set>/…`, beside `src/` and `dist/`. */
export const TEMPLATES_DIR = new URL("../../templates/", import.meta.url);

export interface TemplateOutcome {
  /** Paths written, relative to the target folder. */
  written: string[];
  /** Paths that already existed and were left as they were. */
  kept: string[];
}

/**
 * Renders every file of a template set into `target` and never overwrites: a file that exists is
 * kept as it is and reported. A `.hbs` file is rendered with handlebars (and loses the suffix);
 * any other file is copied. A path segment `__name__` becomes `data.name` (so a set can lay out
 * `src/__name__/…`). `noEscape`: these are source files, not HTML.
 */
export async function writeTemplates(set: string, target: string, data: Record<string, unknown>): Promise<TemplateOutcome> {
  const root = new URL(`${set}/`, TEMPLATES_DIR).pathname;
  const outcome: TemplateOutcome = { written: [], kept: [] };
  for (const source of await listFiles(root)) {
    const templatePath = relative(root, source);
    const path = outputPath(templatePath, data);
    const file = join(target, path);
    const text = await readFile(source, "utf8");
    const content = templatePath.endsWith(".hbs") ? Handlebars.compile(text, { noEscape: true, strict: true })(data) : text;
    await mkdir(dirname(file), { recursive: true });
    try {
      await writeFile(file, content, { flag: "wx" });
      outcome.written.push(path);
    } catch (error) {
      if ((error as { code?: unknown }).code !== "EEXIST") throw error;
      outcome.kept.push(path);
    }
  }
  return outcome;
}

function outputPath(templatePath: string, data: Record<string, unknown>): string {
  const path = templatePath
    .replace(/\.hbs$/, "")
    .split("\\")
    .join("/");
  return path.replace(/__([a-zA-Z]+)__/g, (whole, key: string) => (typeof data[key] === "string" ? (data[key] as string) : whole));
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
