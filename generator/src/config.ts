import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ContractError } from "./core/contract-error.js";

export const CONFIG_FILE = "concord.config.json";

/**
 * The repository's `concord.config.json`. Every key is optional; each contract kind owns the
 * section named after it and reads it with its own type.
 */
export interface ConcordConfig {
  contracts?: string;
  out?: string;
  openapi?: Record<string, unknown>;
  proto?: Record<string, unknown>;
  asyncapi?: Record<string, unknown>;
  breaking?: Record<string, unknown>;
}

export interface LoadedConfig {
  /** Folder the config was read from (the repository root); paths in it are relative to it. */
  root: string;
  file?: string;
  config: ConcordConfig;
}

export function loadConfig(root = process.cwd()): LoadedConfig {
  const file = join(root, CONFIG_FILE);
  if (!existsSync(file)) return { root, config: {} };
  try {
    const config = JSON.parse(readFileSync(file, "utf8")) as unknown;
    if (typeof config !== "object" || config === null || Array.isArray(config)) {
      throw new Error("the top level must be an object");
    }
    return { root, file, config: config as ConcordConfig };
  } catch (error) {
    throw new ContractError({ file, rule: "config-invalid", message: (error as Error).message });
  }
}

export function resolveFromConfig(loaded: LoadedConfig, key: "contracts" | "out", fallback: string): string {
  return resolve(loaded.root, loaded.config[key] ?? fallback);
}
