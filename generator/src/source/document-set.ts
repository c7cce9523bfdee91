import { followRefs } from "./refs.js";
import type { SourceSet } from "./source-set.js";

export { refOf } from "./refs.js";

/** A node of a loaded document, with the file it came from (relative `$ref`s resolve against it). */
export interface Located {
  node: unknown;
  file: string;
  /** `file#pointer` of the `$ref` target this node was reached through, for cycle detection. */
  refKey?: string;
}

/**
 * The YAML/JSON documents of one side (baseline or head): the files its contract folders were read
 * into (`readContractFolder`, as `concord generate` reads them), with `$ref` resolution across files.
 */
export class DocumentSet {
  constructor(readonly sources: SourceSet) {}

  load(file: string): unknown {
    return this.sources.get(file).data;
  }

  /** Follows `$ref` chains from `located` to a node that is not a reference. */
  resolve(located: Located): Located {
    const { node, file, key } = followRefs(this.sources, located);
    if (key === undefined) return located;
    return { node, file, refKey: key };
  }

  /** 1-based line of the deepest node of `pointer` that exists in `file`. */
  lineOf(file: string, pointer: string): number | undefined {
    return this.sources.get(file).locate(pointer)?.line;
  }
}

export function asRecord(node: unknown): Record<string, unknown> {
  return typeof node === "object" && node !== null && !Array.isArray(node) ? (node as Record<string, unknown>) : {};
}
