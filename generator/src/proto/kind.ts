import { join } from "node:path";
import type { ContractKind } from "../contract-kind.js";
import { ContractError } from "../core/contract-error.js";
import type { GeneratedFile } from "../core/generated-file.js";
import { shownPath } from "../source/shown-path.js";
import { readProtoSettings } from "./config.js";
import { withParameter } from "./request.js";
import { loadProtos } from "./load.js";
import type { ProtoModel } from "./model.js";

/**
 * `contracts/proto/` → `generated/proto/`: protoc-gen-es messages and service descriptors
 * (`*_pb.ts`), and per service a typed client (`*_client.ts`) and server skeleton (`*_server.ts`)
 * from protoc-gen-concord, both plugins run on one CodeGeneratorRequest built from buf's output.
 *
 * This module loads little (buf's runner and protobuf's descriptors): buf starts compiling at once,
 * and the model and the emitters (@bufbuild/protoplugin and its TypeScript) load while it runs.
 */
export const protoKind: ContractKind<ProtoModel> = {
  folder: "proto",
  async load(dir, config) {
    readProtoSettings(config);
    const [compiled, { buildModel }] = await Promise.all([loadProtos(dir), import("./model.js")]);
    return buildModel(compiled);
  },
  async emit(model, config) {
    const settings = readProtoSettings(config);
    const { dir } = model.loaded;
    const [{ runConcordPlugin }, { emitProtobufEs, emitTsProto }] = await Promise.all([
      import("./plugin.js"),
      import("./plugin-packages.js"),
    ]);
    // protoc-gen-es runs in its own process meanwhile.
    const pending = [emitProtobufEs(model.request, dir)];
    if (settings.plugin === "ts-proto") pending.push(emitTsProto(model.request, dir, settings.tsProtoOptions));
    const parameter = settings.defaultDeadlineMs !== undefined ? `default_deadline_ms=${settings.defaultDeadlineMs}` : "";
    let concord: GeneratedFile[];
    try {
      concord = runConcordPlugin(withParameter(model.request, parameter)).file.map((file) => ({ path: file.name, content: file.content }));
    } catch (error) {
      await Promise.allSettled(pending);
      throw inContractsFolder(error, dir);
    }
    const [es, tsProto = []] = await Promise.all(pending);
    return [...es!, ...concord, ...tsProto];
  },
};

/** The plugin names proto files as buf does (`shop/v1/shop.proto`); messages name them under the contracts folder. */
function inContractsFolder(error: unknown, dir: string): unknown {
  if (!(error instanceof ContractError)) return error;
  return new ContractError(error.problems.map((problem) => ({ ...problem, file: shownPath(join(dir, problem.file)) })));
}
