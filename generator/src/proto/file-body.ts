import type { GeneratedFile, Printable } from "@bufbuild/protoplugin";
import { jsdocLines } from "../core/jsdoc.js";
import { isRuntimeModule, runtimeEntry } from "../core/runtime-entries.js";
import { CONCORD_VERSION } from "../core/version.js";

/**
 * The lines of one of Concord's files, held back until the end: protoplugin's GeneratedFile writes
 * the imports, but the first line (`requireRuntime(…)`, as TsFile prints it) depends on all the rest.
 */
export class FileBody {
  private readonly lines: Printable[][] = [];

  constructor(readonly f: GeneratedFile) {}

  /** Prints one line; call with no arguments for a blank line. */
  print(...parts: Printable[]): void {
    this.lines.push(parts);
  }

  /** A JSDoc block from a contract description, if there is one, as TsFile prints it. */
  jsdoc(text: string | undefined, indent = ""): void {
    for (const line of jsdocLines(text, indent)) this.print(line);
  }

  /**
   * Writes the lines to the file. A file that uses a runtime value first checks that the installed
   * runtime is as new as the Concord that wrote it, as every other generated file does (TsFile).
   */
  end(): void {
    if (this.lines.some(usesRuntimeValue)) {
      this.f.print(this.f.import("requireRuntime", runtimeEntry.root), `("${CONCORD_VERSION}");`);
      this.f.print();
    }
    for (const parts of this.lines) this.f.print(...parts);
  }
}

function usesRuntimeValue(part: Printable): boolean {
  if (Array.isArray(part)) return part.some(usesRuntimeValue);
  return (
    typeof part === "object" && part !== null && "kind" in part && part.kind === "es_symbol" && !part.typeOnly && isRuntimeModule(part.from)
  );
}
