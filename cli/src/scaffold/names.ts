/** Names for the skeleton's files and identifiers (on the generator's naming), and the import lines of its modules. */
import { dirname, posix, relative, sep } from "node:path";
import { identifier, kebabCase, upperFirst, words } from "@concordkit/generator";

/** `orders.created` → `ordersCreated`, `HTTPServer` → `httpServer`: words lower-cased, as a person names a variable. */
export function camel(text: string): string {
  const [first = "x", ...rest] = words(text);
  return identifier(first.toLowerCase() + rest.map((w) => upperFirst(w.toLowerCase())).join(""), "x");
}

/** `orders.created` → `orders-created`, `PaymentService` → `payment-service`. */
export function kebab(text: string): string {
  return kebabCase(text) || "x";
}

/** `gateway` → `GATEWAY`, `admin-api` → `ADMIN_API`. */
export function constant(text: string): string {
  return words(text).map((w) => w.toUpperCase()).join("_");
}

/** The module specifier that imports `target` (an absolute .ts path) from the file `fromFile` (absolute). */
export function relativeSpecifier(fromFile: string, target: string): string {
  const path = relative(dirname(fromFile), target).split(sep).join(posix.sep).replace(/\.ts$/, ".js");
  return path.startsWith(".") ? path : `./${path}`;
}

/** Collects what a module imports and prints sorted import lines (packages first, then relative paths). */
export class Imports {
  private readonly modules = new Map<string, { values: Set<string>; types: Set<string> }>();

  value(name: string, from: string): this {
    this.entry(from).values.add(name);
    return this;
  }

  type(name: string, from: string): this {
    this.entry(from).types.add(name);
    return this;
  }

  lines(): string[] {
    const rank = (from: string) => (from.startsWith("node:") ? 0 : from.startsWith(".") ? 2 : 1);
    return [...this.modules.entries()]
      .sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
      .map(([from, { values, types }]) => {
        const typeOnly = values.size === 0;
        const names = [...[...values].map((v) => ({ name: v, type: false })), ...[...types].filter((t) => !values.has(t)).map((t) => ({ name: t, type: true }))]
          .sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1))
          .map((n) => (n.type && !typeOnly ? `type ${n.name}` : n.name));
        const line = `import ${typeOnly ? "type " : ""}{ ${names.join(", ")} } from "${from}";`;
        return line.length <= 120 ? line : [`import ${typeOnly ? "type " : ""}{`, ...names.map((n) => `  ${n},`), `} from "${from}";`].join("\n");
      });
  }

  private entry(from: string) {
    let entry = this.modules.get(from);
    if (!entry) this.modules.set(from, (entry = { values: new Set(), types: new Set() }));
    return entry;
  }
}

/** A JSDoc block at `indent`, from text that may span lines; empty text gives "". */
export function jsdoc(text: string | undefined, indent: string): string {
  const lines = (text ?? "")
    .replace(/\*\//g, "*\\/")
    .split("\n")
    .map((line) => line.trimEnd());
  while (lines.length > 0 && lines[0] === "") lines.shift();
  while (lines.length > 0 && lines.at(-1) === "") lines.pop();
  if (lines.length === 0) return "";
  if (lines.length === 1) return `${indent}/** ${lines[0]} */`;
  return [`${indent}/**`, ...lines.map((line) => (line === "" ? `${indent} *` : `${indent} * ${line}`)), `${indent} */`].join("\n");
}

/** The first sentence-ish line of a doc comment, for one-line mentions. */
export function firstLine(text: string | undefined): string {
  return (text ?? "").split("\n")[0]!.trim().replace(/\*\//g, "*\\/");
}

/** Words of `text` in lines of at most `width` characters, each line after the first starting with `prefix`. */
export function wrap(text: string, prefix: string, width = 100): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== "" && line.length + 1 + word.length > width - prefix.length) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines.join(`\n${prefix}`);
}
