import { posix } from "node:path";
import type { GeneratedFile } from "./generated-file.js";
import { compareModules, compareNames, importLines } from "./imports.js";
import { jsdocLines } from "./jsdoc.js";
import { needsRuntimeCheck } from "./runtime-entries.js";
import { RUNTIME_CHECK } from "./runtime-symbols.js";

/** A name to import; printing it is what makes the file import it. */
export interface ImportSymbol {
  readonly kind: "import";
  readonly name: string;
  readonly from: string;
  readonly typeOnly: boolean;
}

export type Printable = string | number | ImportSymbol | readonly Printable[];

/**
 * A TypeScript file built line by line from strings and import symbols, in the spirit of
 * protoplugin's GeneratedFile: nobody writes an import line by hand, and a file imports
 * exactly the symbols it printed.
 */
export class TsFile {
  private readonly lines: Printable[][] = [];

  constructor(
    readonly path: string,
    private readonly header: string,
  ) {}

  /**
   * `from` is a package (`@concordkit/runtime/kafka`) or another generated file, named by its path
   * beside this file's (`channels/orders.ts`): the file works out the relative specifier.
   */
  import(name: string, from: string): ImportSymbol {
    return { kind: "import", name, from: this.specifier(from), typeOnly: false };
  }

  importType(name: string, from: string): ImportSymbol {
    return { kind: "import", name, from: this.specifier(from), typeOnly: true };
  }

  private specifier(from: string): string {
    if (!from.endsWith(".ts")) return from;
    const path = posix.relative(posix.dirname(this.path), from).replace(/\.ts$/, ".js");
    return path.startsWith(".") ? path : `./${path}`;
  }

  /** Prints one line; call with no arguments for a blank line. */
  print(...parts: Printable[]): void {
    this.lines.push(parts);
  }

  /** Prints a JSDoc block from a contract description, if there is one. */
  jsdoc(text: string | undefined, indent = ""): void {
    for (const line of jsdocLines(text, indent)) this.print(line);
  }

  toFile(): GeneratedFile {
    const symbols = collectSymbols(this.lines);
    const runtimeCheck = needsRuntimeCheck(symbols.values());
    if (runtimeCheck) addSymbol(symbols, requireRuntimeSymbol);
    const aliases = aliasesFor(symbols.values(), declaredNames(this.lines));
    let body = this.lines
      .map((parts) => render(parts, aliases))
      .join("\n")
      .trim();
    if (runtimeCheck) body = `${aliases.get(keyOf(requireRuntimeSymbol)) ?? RUNTIME_CHECK.symbol.name}${RUNTIME_CHECK.call}\n\n${body}`;
    const importBlock = importLines(
      [...symbols.values()].map((symbol) => {
        const local = aliases.get(keyOf(symbol)) ?? symbol.name;
        return { name: local === symbol.name ? local : `${symbol.name} as ${local}`, from: symbol.from, typeOnly: symbol.typeOnly };
      }),
    ).join("\n");
    const sections = [this.header.trimEnd(), importBlock, body].filter((s) => s.length > 0);
    return { path: this.path, content: `${sections.join("\n\n")}\n` };
  }
}

const requireRuntimeSymbol: ImportSymbol = RUNTIME_CHECK.symbol;

const keyOf = (symbol: ImportSymbol) => `${symbol.from}\u0000${symbol.name}`;

/** Every imported symbol once; a value use anywhere makes the import a value import. */
function collectSymbols(lines: readonly Printable[][]): Map<string, ImportSymbol> {
  const symbols = new Map<string, ImportSymbol>();
  const visit = (part: Printable): void => {
    if (Array.isArray(part)) (part as readonly Printable[]).forEach(visit);
    else if (isSymbol(part)) addSymbol(symbols, part);
  };
  lines.forEach(visit);
  return symbols;
}

function addSymbol(symbols: Map<string, ImportSymbol>, symbol: ImportSymbol): void {
  const key = keyOf(symbol);
  const known = symbols.get(key);
  if (!known || (known.typeOnly && !symbol.typeOnly)) symbols.set(key, symbol);
}

const DECLARATION_START = /^(?:export|declare|async|function|const|let|var|class|interface|type|enum)\b/;
const DECLARATION =
  /^(?:export\s+)?(?:declare\s+)?(?:async\s+)?(?:function\*?|const|let|var|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/;

/** The names the file declares at its top level (lines printed without indent). */
function declaredNames(lines: readonly Printable[][]): Set<string> {
  const names = new Set<string>();
  const none = new Map<string, string>();
  for (const parts of lines) {
    // Most lines start with a string that is no declaration; only the others are rendered to look.
    if (typeof parts[0] === "string" && !DECLARATION_START.test(parts[0])) continue;
    const match = DECLARATION.exec(render(parts, none));
    if (match) names.add(match[1]!);
  }
  return names;
}

/**
 * The local name of each import, as protoplugin's GeneratedFile picks it: its own name unless the
 * file declares that name or imports it from another module first; then `name$1`, `name$2`….
 * Only the renamed ones are in the map.
 */
function aliasesFor(symbols: Iterable<ImportSymbol>, declared: ReadonlySet<string>): Map<string, string> {
  const taken = new Set(declared);
  const aliases = new Map<string, string>();
  const ordered = [...symbols].sort((a, b) => compareModules(a.from, b.from) || compareNames(a.name, b.name));
  for (const symbol of ordered) {
    let local = symbol.name;
    for (let n = 1; taken.has(local); n++) local = `${symbol.name}$${n}`;
    taken.add(local);
    if (local !== symbol.name) aliases.set(keyOf(symbol), local);
  }
  return aliases;
}

/** Prints a line; an import symbol prints as its local name (its own before aliases are known). */
function render(parts: readonly Printable[], aliases: ReadonlyMap<string, string>): string {
  return parts
    .map((part) => {
      if (typeof part === "string") return part;
      if (typeof part === "number") return String(part);
      if (isSymbol(part)) return aliases.size === 0 ? part.name : (aliases.get(keyOf(part)) ?? part.name);
      return render(part, aliases);
    })
    .join("");
}

function isSymbol(part: Printable): part is ImportSymbol {
  return typeof part === "object" && !Array.isArray(part) && (part as ImportSymbol).kind === "import";
}
