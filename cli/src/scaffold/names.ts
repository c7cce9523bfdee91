/** Names for the skeleton's files and identifiers (on the generator's naming), and the import lines of its modules. */
import { dirname, posix, relative, sep } from "node:path";
import { identifier, importLines, jsdocLines, kebabCase, upperFirst, words, type ImportedName } from "@concordkit/generator";

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
  return words(text)
    .map((w) => w.toUpperCase())
    .join("_");
}

/** The module specifier that imports `target` (an absolute .ts path) from the file `fromFile` (absolute). */
export function relativeSpecifier(fromFile: string, target: string): string {
  const path = relative(dirname(fromFile), target).split(sep).join(posix.sep).replace(/\.ts$/, ".js");
  return path.startsWith(".") ? path : `./${path}`;
}

/** Collects what a module imports; its lines are printed as generated code prints them. */
export class Imports {
  private readonly names: ImportedName[] = [];

  value(name: string, from: string): this {
    this.names.push({ name, from, typeOnly: false });
    return this;
  }

  type(name: string, from: string): this {
    this.names.push({ name, from, typeOnly: true });
    return this;
  }

  lines(): string[] {
    return importLines(this.names);
  }
}

/** A JSDoc block at `indent`, from text that may span lines; empty text gives "". */
export function jsdoc(text: string | undefined, indent: string): string {
  return jsdocLines(text, indent).join("\n");
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
