import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import type { ConcordConfig } from "./config.js";
import { ContractError } from "./core/contract-error.js";
import { formatFiles } from "./core/format-output.js";
import { sortFiles, type GeneratedFile } from "./core/generated-file.js";
import { contractKinds, type KindEntry } from "./kinds.js";

/**
 * Load → validate → model → emit for every contract kind present in `contractsDir`, then the
 * project's formatter when the config names one (`root` is the project, where it is installed).
 * Writes nothing: the caller writes or checks the files.
 *
 * The kinds share nothing, so they run concurrently: the proto kind's buf child process compiles
 * while the OpenAPI and AsyncAPI kinds load their modules and parse. When several kinds fail, the
 * error is the first kind's in `contractKinds` order, the one a run kind after kind would throw.
 */
export async function generate(contractsDir: string, config: ConcordConfig = {}, root = process.cwd()): Promise<GeneratedFile[]> {
  if (!existsSync(contractsDir) || !statSync(contractsDir).isDirectory()) {
    throw new ContractError({ file: contractsDir, rule: "contracts-folder-missing", message: "no such folder" });
  }
  const present = contractKinds.filter((kind) => existsSync(join(contractsDir, kind.folder)));
  const results = await Promise.allSettled(present.map((kind) => generateKind(kind, join(contractsDir, kind.folder), config)));
  const files: GeneratedFile[] = [];
  for (const result of results) {
    if (result.status === "rejected") throw result.reason;
    files.push(...result.value);
  }
  return sortFiles(config.format ? await formatFiles(files, config.format, root) : files);
}

async function generateKind(entry: KindEntry, dir: string, config: ConcordConfig): Promise<GeneratedFile[]> {
  const kind = await entry.pipeline();
  const model = await kind.load(dir, config);
  return (await kind.emit(model, config)).map((file) => ({ path: `${entry.folder}/${file.path}`, content: file.content }));
}
