import type { ConcordConfig } from "./config.js";
import type { GeneratedFile } from "./core/generated-file.js";

/**
 * One contract kind: a loader (parse + validate, throwing ContractError with file and line)
 * and an emitter (a pure function from the loaded model to files under `<folder>/`).
 */
export interface ContractKind<Model = unknown> {
  /** Sub-folder of the contracts folder, and of the output folder. */
  folder: "openapi" | "proto" | "asyncapi";
  load(dir: string, config: ConcordConfig): Promise<Model>;
  emit(model: Model, config: ConcordConfig): GeneratedFile[] | Promise<GeneratedFile[]>;
}
