import { existsSync, readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from "yaml";
import { ContractError } from "../../core/contract-error.js";
import { pointerSegment } from "../finding.js";
import { scanJsonLines } from "./json-lines.js";

/** A node of a loaded document, with the file it came from (relative `$ref`s resolve against it). */
export interface Located {
  node: unknown;
  file: string;
  /** `file#pointer` of the `$ref` target this node was reached through, for cycle detection. */
  refKey?: string;
}

interface LoadedDocument {
  value: unknown;
  /** 1-based line of the deepest node of a pointer that exists. */
  lineOf(pointer: string): number | undefined;
}

/**
 * The YAML/JSON documents of one side (baseline or head), loaded on demand and cached, with
 * `$ref` resolution across files. `root` is the contracts folder; errors name files relative to it.
 */
export class DocumentSet {
  readonly #documents = new Map<string, LoadedDocument>();

  constructor(readonly root: string) {}

  load(file: string): unknown {
    return this.#document(file).value;
  }

  /** Follows `$ref` chains from `located` to a node that is not a reference. */
  resolve(located: Located): Located {
    let current = located;
    const seen = new Set<string>();
    for (;;) {
      const ref = refOf(current.node);
      if (ref === undefined) return current;
      const [target, pointer] = this.#target(ref, current.file);
      const key = `${target}#${pointer}`;
      if (seen.has(key)) this.#fail(current.file, `circular $ref ${ref}`);
      seen.add(key);
      current = { node: this.#at(target, pointer, ref, current.file), file: target, refKey: key };
    }
  }

  /** 1-based line of the deepest node of `pointer` that exists in `file`. */
  lineOf(file: string, pointer: string): number | undefined {
    return this.#document(file).lineOf(pointer);
  }

  display(file: string): string {
    return relative(this.root, file).split("\\").join("/");
  }

  #target(ref: string, from: string): [string, string] {
    const hash = ref.indexOf("#");
    const filePart = hash === -1 ? ref : ref.slice(0, hash);
    const pointer = hash === -1 ? "" : decodeURIComponent(ref.slice(hash + 1));
    if (/^[a-z]+:\/\//i.test(filePart)) this.#fail(from, `remote $ref ${ref} is not supported`);
    return [filePart === "" ? from : resolve(dirname(from), filePart), pointer];
  }

  #at(file: string, pointer: string, ref: string, from: string): unknown {
    if (!this.#documents.has(file) && !existsSync(file)) this.#fail(from, `$ref ${ref} points to a missing file`);
    let node = this.load(file);
    for (const segment of splitPointer(pointer)) {
      if (typeof node !== "object" || node === null || !(segment in node)) {
        this.#fail(from, `$ref ${ref} does not resolve`);
      }
      node = (node as Record<string, unknown>)[segment];
    }
    return node;
  }

  #document(file: string): LoadedDocument {
    const cached = this.#documents.get(file);
    if (cached) return cached;
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      return this.#fail(file, `cannot read: ${(error as Error).message}`);
    }
    const loaded = file.endsWith(".json") ? this.#parseJson(file, text) : this.#parseYaml(file, text);
    this.#documents.set(file, loaded);
    return loaded;
  }

  #parseJson(file: string, text: string): LoadedDocument {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // Not strict JSON: YAML reads it (JSON is YAML) or reports where it breaks.
      return this.#parseYaml(file, text);
    }
    let lines: Map<string, number> | undefined;
    return {
      value,
      lineOf: (pointer) => {
        lines ??= scanJsonLines(text);
        const segments = splitPointer(pointer);
        for (let n = segments.length; n >= 0; n--) {
          const line = lines.get(segments.slice(0, n).map((s) => `/${pointerSegment(s)}`).join(""));
          if (line !== undefined) return line;
        }
        return undefined;
      },
    };
  }

  #parseYaml(file: string, text: string): LoadedDocument {
    const lines = new LineCounter();
    const yaml = parseDocument(text, { lineCounter: lines, uniqueKeys: false, merge: true });
    const problem = yaml.errors[0];
    if (problem) {
      const pos = problem.linePos?.[0];
      throw new ContractError({
        file: this.display(file),
        line: pos?.line,
        column: pos?.col,
        rule: "contract-unparsable",
        message: problem.message.split("\n")[0] ?? "syntax error",
      });
    }
    return { value: yaml.toJS({ maxAliasCount: -1 }) as unknown, lineOf: (pointer) => yamlLine(yaml, lines, pointer) };
  }

  #fail(file: string, message: string): never {
    throw new ContractError({ file: this.display(file), rule: "contract-unresolvable", message });
  }
}

function yamlLine(yaml: Document, lines: LineCounter, pointer: string): number | undefined {
  let node: unknown = yaml.contents;
  let offset = (yaml.contents as YamlNode | null)?.range?.[0];
  for (const segment of splitPointer(pointer)) {
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((item) => String((item.key as { value?: unknown } | null)?.value) === segment);
      if (!pair) break;
      next = pair.value;
      offset = (pair.key as YamlNode | null)?.range?.[0] ?? offset;
    } else if (isSeq(node)) {
      next = node.items[Number(segment)];
      if (next === undefined) break;
      offset = (next as YamlNode).range?.[0] ?? offset;
    } else break;
    node = next;
  }
  return offset === undefined ? undefined : lines.linePos(offset).line;
}

export function refOf(node: unknown): string | undefined {
  if (typeof node !== "object" || node === null || Array.isArray(node)) return undefined;
  const ref = (node as Record<string, unknown>)["$ref"];
  return typeof ref === "string" ? ref : undefined;
}

export function splitPointer(pointer: string): string[] {
  if (pointer === "" || pointer === "/") return [];
  return pointer
    .replace(/^\//, "")
    .split("/")
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
}

export function asRecord(node: unknown): Record<string, unknown> {
  return typeof node === "object" && node !== null && !Array.isArray(node) ? (node as Record<string, unknown>) : {};
}
