import type { GeneratedFile, Printable } from "@bufbuild/protoplugin";
import { jsdocLines } from "../core/jsdoc.js";
import { needsRuntimeCheck } from "../core/runtime-entries.js";
import { RUNTIME_CHECK } from "../core/runtime-symbols.js";
import type { ImportSymbol } from "../core/ts-file.js";

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

  /** A runtime symbol from the typed table (`runtime.rpc.createRpcClient`), as protoplugin imports it. */
  runtime(symbol: ImportSymbol): Printable {
    return this.f.import(symbol.name, symbol.from, symbol.typeOnly);
  }

  /** A JSDoc block from a contract description, if there is one, as TsFile prints it. */
  jsdoc(text: string | undefined, indent = ""): void {
    for (const line of jsdocLines(text, indent)) this.print(line);
  }

  /**
   * Writes the lines to the file, after the runtime check when they use a runtime value (the rule
   * every generated file follows: `needsRuntimeCheck`).
   */
  end(): void {
    if (needsRuntimeCheck(symbolsOf(this.lines))) {
      this.f.print(this.runtime(RUNTIME_CHECK.symbol), RUNTIME_CHECK.call);
      this.f.print();
    }
    for (const parts of this.lines) this.f.print(...parts);
  }
}

function* symbolsOf(parts: readonly Printable[]): Generator<{ from: string; typeOnly: boolean }> {
  for (const part of parts) {
    if (Array.isArray(part)) yield* symbolsOf(part);
    else if (typeof part === "object" && part !== null && "kind" in part && part.kind === "es_symbol") yield part;
  }
}
