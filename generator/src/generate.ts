import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import type { ConcordConfig } from "./config.js";
import { ContractError } from "./core/contract-error.js";
import { sortFiles, type GeneratedFile } from "./core/generated-file.js";
import { contractKinds } from "./kinds.js";

/**
 * Load → validate → model → emit for every contract kind present in `contractsDir`.
 * Writes nothing: the caller writes or checks the files.
 */
export async function generate(contractsDir: string, config: ConcordConfig = {}): Promise<GeneratedFile[]> {
  if (!existsSync(contractsDir) || !statSync(contractsDir).isDirectory()) {
    throw new ContractError({ file: contractsDir, rule: "contracts-folder-missing", message: "no such folder" });
  }
  const files: GeneratedFile[] = [];
  for (const kind of contractKinds) {
    const dir = join(contractsDir, kind.folder);
    if (!existsSync(dir)) continue;
    const model = await kind.load(dir, config);
    for (const file of await kind.emit(model, config)) {
      files.push({ path: `${kind.folder}/${file.path}`, content: file.content });
    }
  }
  return sortFiles(files);
}
