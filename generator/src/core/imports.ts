/**
 * Import lines as Concord prints them, in generated code and in the code `concord scaffold`
 * writes: one line per module (Node's built-ins, then packages, then relative paths, each
 * alphabetical), names sorted without regard to case, `import type` when every name is a type,
 * and one name per line once the line would pass `LINE_WIDTH`, as Biome and Prettier wrap it.
 */

/** The widest line Concord prints on purpose. */
export const LINE_WIDTH = 120;

export interface ImportedName {
  /** As it stands between the braces: `call`, or `call as call$1`. */
  readonly name: string;
  readonly from: string;
  readonly typeOnly: boolean;
}

export function importLines(names: Iterable<ImportedName>): string[] {
  const byModule = new Map<string, Map<string, boolean>>();
  for (const { name, from, typeOnly } of names) {
    const module = byModule.get(from) ?? new Map<string, boolean>();
    module.set(name, (module.get(name) ?? true) && typeOnly);
    byModule.set(from, module);
  }
  return [...byModule.keys()].sort(compareModules).map((from) => importLine(from, byModule.get(from)!));
}

function importLine(from: string, names: Map<string, boolean>): string {
  const sorted = [...names.entries()].sort(([a], [b]) => compareNames(a, b));
  const typeOnly = sorted.every(([, type]) => type);
  const specs = sorted.map(([name, type]) => (type && !typeOnly ? `type ${name}` : name));
  const keyword = typeOnly ? "import type" : "import";
  const line = `${keyword} { ${specs.join(", ")} } from "${from}";`;
  if (line.length <= LINE_WIDTH) return line;
  return [`${keyword} {`, ...specs.map((spec) => `  ${spec},`), `} from "${from}";`].join("\n");
}

/** Case-insensitive, so `createClient` sorts before `Transport`; ties broken by code unit. */
export function compareNames(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `node:` built-ins first, then packages, then relative paths; each group alphabetical. */
export function compareModules(a: string, b: string): number {
  const rank = (from: string) => (from.startsWith("node:") ? 0 : from.startsWith(".") ? 2 : 1);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}
