import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Document, Node } from "yaml";
import { ContractError, type ContractProblem } from "../core/contract-error.js";
import { parsePointer } from "../core/json-pointer.js";
import { JsonLocator, jsonDuplicateKeys } from "./json-locator.js";
import { shownPath } from "./shown-path.js";

/**
 * One YAML or JSON contract file, read the one way every command reads it (`generate`, `lint`,
 * `breaking`, `diff`, `scaffold`), and a way back from a JSON pointer in it to a line of its text.
 */
export interface SourceDocument {
  /** The file as messages name it: `contracts/openapi/gateway.yaml`. */
  readonly file: string;
  /** The path it was read from. */
  readonly path: string;
  readonly text: string;
  readonly data: unknown;
  /**
   * Line and column (1-based) of the node at a pointer (`/paths/~1order/post`) or fragment
   * (`#/paths/~1order/post`), or of its nearest parent there is; undefined for a string that is neither.
   */
  locate(pointer: string): { line: number; column: number } | undefined;
}

/** The rules a file that does not read breaks. */
const READ_RULES = {
  unreadable: "file-unreadable",
  yamlSyntax: "yaml-syntax",
  jsonSyntax: "json-syntax",
  duplicateKey: "duplicate-key",
} as const;

/** Reads and parses a contract file; `file` is its name in messages. Throws ContractError. */
export function readSource(path: string, file = shownPath(path)): SourceDocument {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ContractError({ file, rule: READ_RULES.unreadable, message: (error as Error).message });
  }
  return parseSource(text, file, { path });
}

/**
 * Parses the text of a contract: JSON when the file name ends in `.json` (or `json` says so), YAML
 * otherwise. Either way a key given twice in one object is refused (`duplicate-key`), merge keys
 * (`<<: *anchor`) merge and aliases are expanded. JSON takes the fast path (JSON.parse, then a count
 * of keys for repeats); the YAML parser runs for YAML, and for JSON that JSON.parse refuses, to say
 * where it breaks.
 */
export function parseSource(text: string, file: string, options: { path?: string; json?: boolean } = {}): SourceDocument {
  const path = options.path ?? file;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!(options.json ?? /\.json$/i.test(path))) {
    const { doc, locate } = parseYaml(body, file);
    return { file, path, text, data: doc.toJS({ maxAliasCount: -1 }) as unknown, locate };
  }
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    parseYaml(body, file); // throws where YAML sees the problem, with its line
    const syntax = jsonSyntaxMessage((error as Error).message);
    const at = syntax.position === undefined ? {} : new JsonLocator(body).position(syntax.position);
    throw new ContractError({ file, ...at, rule: READ_RULES.jsonSyntax, message: syntax.message });
  }
  let locator: JsonLocator | undefined;
  const located = (): JsonLocator => (locator ??= new JsonLocator(body));
  const duplicates = jsonDuplicateKeys(body, data);
  if (duplicates.length > 0) {
    throw new ContractError(duplicates.map((d) => duplicateKey(file, located().position(d.at), d.key, located().position(d.first).line)));
  }
  return {
    file,
    path,
    text,
    data,
    locate: (pointer) => {
      const tokens = parsePointer(pointer);
      return tokens === undefined ? undefined : located().locate(tokens);
    },
  };
}

/**
 * V8's JSON.parse message without its position (`… in JSON at position 11 (line 3 column 1)`),
 * and the position as an offset when it gives one.
 */
export function jsonSyntaxMessage(message: string): { message: string; position?: number } {
  const at = / in JSON at position (\d+)/.exec(message);
  const text = message.replace(/\s*\(line \d+ column \d+\)/, "").replace(/ in JSON at position \d+/, "");
  return at ? { message: text, position: Number(at[1]) } : { message: text };
}

type Yaml = typeof import("yaml");

const require = createRequire(import.meta.url);
let yaml: Yaml | undefined;

/** The YAML parser, loaded on first use (synchronously): a valid JSON contract never needs it. */
function yamlParser(): Yaml {
  return (yaml ??= require("yaml") as Yaml);
}

interface ParsedYaml {
  doc: Document;
  locate: SourceDocument["locate"];
}

function parseYaml(text: string, file: string): ParsedYaml {
  const parser = yamlParser();
  const lineCounter = new parser.LineCounter();
  const doc = parser.parseDocument(text, { lineCounter, uniqueKeys: false, merge: true, prettyErrors: false });
  const position = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    throw new ContractError(
      doc.errors.map(
        (error): ContractProblem => ({ file, ...position(error.pos[0]), rule: READ_RULES.yamlSyntax, message: firstLine(error.message) }),
      ),
    );
  }
  const duplicates: ContractProblem[] = [];
  parser.visit(doc, {
    Map(_, map) {
      const seen = new Map<string, number>();
      for (const pair of map.items) {
        const key = pair.key;
        // A merge key (`<<`) is a symbol: it merges, it names nothing.
        if (!parser.isScalar(key) || typeof key.value === "symbol" || !key.range) continue;
        const name = String(key.value);
        const first = seen.get(name);
        if (first === undefined) seen.set(name, key.range[0]);
        else duplicates.push(duplicateKey(file, position(key.range[0]), name, position(first).line));
      }
    },
  });
  if (duplicates.length > 0) throw new ContractError(duplicates);
  const locate = (pointer: string) => {
    const tokens = parsePointer(pointer);
    if (tokens === undefined) return undefined;
    const offset = offsetOf(parser, doc.contents, tokens);
    return offset === undefined ? undefined : position(offset);
  };
  return { doc, locate };
}

function duplicateKey(file: string, at: { line: number; column: number }, key: string, firstLine: number): ContractProblem {
  return {
    file,
    ...at,
    rule: READ_RULES.duplicateKey,
    message: `key ${JSON.stringify(key)} is given twice in one mapping (first on line ${firstLine})`,
  };
}

/** Offset of the deepest node on the pointer's path: a map entry points at its key. */
function offsetOf({ isMap, isPair, isScalar, isSeq }: Yaml, root: unknown, tokens: readonly string[]): number | undefined {
  let node: unknown = root;
  let offset = rangeStart(root);
  for (const token of tokens) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === token);
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(token)];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}
