import { join, resolve } from "node:path";
import { fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema, type FileDescriptorSet } from "@bufbuild/protobuf/wkt";
import { listContractFiles } from "../source/list-files.js";
import { shownPath } from "../source/shown-path.js";
import { runBuf } from "./buf.js";
import { bufFailure } from "./buf-errors.js";

/** The compiled contracts: every file buf built, imports included, and which of them are ours. */
export interface LoadedProtos {
  dir: string;
  set: FileDescriptorSet;
  /** Proto file names (as buf names them, e.g. `payment/v1/payment.proto`) under `dir`, sorted. */
  filesToGenerate: string[];
}

/**
 * Compiles every `.proto` under `dir` with buf into a FileDescriptorSet (imports and source info
 * included, so comments become JSDoc). Compile errors become one ContractError with file, line
 * and column for each; lint style is not checked here (`concord lint` does that).
 */
export async function loadProtos(dir: string): Promise<LoadedProtos> {
  const local = listContractFiles(dir, [".proto"]);
  if (local.length === 0) return { dir, set: { $typeName: "google.protobuf.FileDescriptorSet", file: [] }, filesToGenerate: [] };
  const result = await runBuf(["build", ".", "--as-file-descriptor-set", "--error-format=json", "-o", "-#format=binpb"], dir);
  if (result.code !== 0) throw bufFailure(result, (path) => shownPath(path ? resolve(dir, path) : join(dir, local[0]!)));
  const set = fromBinary(FileDescriptorSetSchema, result.stdout);
  const filesToGenerate = set.file
    .map((file) => file.name)
    .filter((name) => local.some((path) => path === name || path.endsWith(`/${name}`)))
    .sort();
  return { dir, set, filesToGenerate };
}
