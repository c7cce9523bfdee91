import type { GeneratedFile } from "./generated-file.js";
import { isRuntimeModule, runtimeEntry } from "./runtime-entries.js";
import { CONCORD_VERSION } from "./version.js";

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

  import(name: string, from: string): ImportSymbol {
    return { kind: "import", name, from, typeOnly: false };
  }

  importType(name: string, from: string): ImportSymbol {
    return { kind: "import", name, from, typeOnly: true };
  }

  /** Prints one line; call with no arguments for a blank line. */
  print(...parts: Printable[]): void {
    this.lines.push(parts);
  }

  /** Prints a JSDoc block from a contract description, if there is one. */
  jsdoc(text: string | undefined, indent = ""): void {
    const body = text?.trim();
    if (!body) return;
    const safe = body.replace(/\*\//g, "*\\/").split(/\r?\n/);
    if (safe.length === 1) {
      this.print(`${indent}/** ${safe[0]} */`);
      return;
    }
    this.print(`${indent}/**`);
    for (const line of safe) this.print(`${indent} *${line ? ` ${line}` : ""}`);
    this.print(`${indent} */`);
  }

  toFile(): GeneratedFile {
    const imports = new Map<string, Map<string, boolean>>();
    let body = this.lines.map((parts) => render(parts, imports)).join("\n").trim();
    if (usesRuntimeValues(imports)) {
      render([requireRuntimeSymbol], imports);
      body = `requireRuntime("${CONCORD_VERSION}");\n\n${body}`;
    }
    const importBlock = [...imports.keys()]
      .sort(compareModules)
      .map((from) => importLine(from, imports.get(from)!))
      .join("\n");
    const sections = [this.header.trimEnd(), importBlock, body].filter((s) => s.length > 0);
    return { path: this.path, content: `${sections.join("\n\n")}\n` };
  }
}

const requireRuntimeSymbol: ImportSymbol = { kind: "import", name: "requireRuntime", from: runtimeEntry.root, typeOnly: false };

/**
 * A file that runs runtime code checks first that the installed runtime is as new as the Concord
 * that wrote it (connect-go's compile-time version assertion, done at start): otherwise an old
 * runtime would fail later and far from the cause.
 */
function usesRuntimeValues(imports: Map<string, Map<string, boolean>>): boolean {
  return [...imports].some(([from, names]) => isRuntimeModule(from) && [...names.values()].some((typeOnly) => !typeOnly));
}

function render(parts: readonly Printable[], imports: Map<string, Map<string, boolean>>): string {
  return parts
    .map((part) => {
      if (typeof part === "string") return part;
      if (typeof part === "number") return String(part);
      if (isSymbol(part)) {
        const names = imports.get(part.from) ?? new Map<string, boolean>();
        const wasTypeOnly = names.get(part.name);
        names.set(part.name, wasTypeOnly === undefined ? part.typeOnly : wasTypeOnly && part.typeOnly);
        imports.set(part.from, names);
        return part.name;
      }
      return render(part, imports);
    })
    .join("");
}

function isSymbol(part: Printable): part is ImportSymbol {
  return typeof part === "object" && !Array.isArray(part) && (part as ImportSymbol).kind === "import";
}

function importLine(from: string, names: Map<string, boolean>): string {
  const sorted = [...names.entries()].sort(([a], [b]) => compareNames(a, b));
  if (sorted.every(([, typeOnly]) => typeOnly)) {
    return `import type { ${sorted.map(([n]) => n).join(", ")} } from "${from}";`;
  }
  const list = sorted.map(([n, typeOnly]) => (typeOnly ? `type ${n}` : n)).join(", ");
  return `import { ${list} } from "${from}";`;
}

/** Case-insensitive, so `createClient` sorts before `Transport`; ties broken by code unit. */
function compareNames(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Packages first, then relative paths; each group alphabetical. */
function compareModules(a: string, b: string): number {
  const ra = a.startsWith(".");
  const rb = b.startsWith(".");
  if (ra !== rb) return ra ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}
