import { ContractError, type ContractProblem } from "../core/contract-error.js";
import { readSource, type SourceDocument } from "./read.js";
import { shownPath } from "./shown-path.js";

/**
 * The contract files one run reads, each read once (by `readSource`) and kept, with the name
 * messages give a file. A file that does not read keeps its problems; they are handed out once.
 */
export class SourceSet {
  readonly #read = new Map<string, SourceDocument | ContractError>();
  readonly #reported = new Set<string>();

  /** `label` names a file (by its absolute path) in messages; by default relative to the working directory. */
  constructor(readonly label: (path: string) => string = shownPath) {}

  /** The document at the absolute `path`; throws the ContractError of a file that does not read. */
  get(path: string): SourceDocument {
    const read = this.#load(path);
    if (read instanceof ContractError) {
      this.#reported.add(path);
      throw read;
    }
    return read;
  }

  /** The document at `path`, or undefined when it does not read (its problems stay to be handed out). */
  peek(path: string): SourceDocument | undefined {
    const read = this.#load(path);
    return read instanceof ContractError ? undefined : read;
  }

  /** The document at `path`, or undefined with its problems added to `problems` (the first time only). */
  read(path: string, problems: ContractProblem[]): SourceDocument | undefined {
    const read = this.#load(path);
    if (!(read instanceof ContractError)) return read;
    if (!this.#reported.has(path)) {
      this.#reported.add(path);
      problems.push(...read.problems);
    }
    return undefined;
  }

  #load(path: string): SourceDocument | ContractError {
    let read = this.#read.get(path);
    if (read === undefined) {
      try {
        read = readSource(path, this.label(path));
      } catch (error) {
        if (!(error instanceof ContractError)) throw error;
        read = error;
      }
      this.#read.set(path, read);
    }
    return read;
  }
}
