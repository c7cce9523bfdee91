import { join } from "node:path";
import type { ContractKind } from "../contract-kind.js";
import type { GeneratedFile } from "../core/generated-file.js";
import { readProtoSettings } from "./config.js";
import { loadProtos } from "./load.js";
import type { ProtoModel } from "./model.js";

/**
 * `contracts/proto/` → `generated/proto/`: protoc-gen-es messages and service descriptors
 * (`*_pb.ts`), and per service a typed client (`*_client.ts`) and server skeleton (`*_server.ts`).
 *
 * This module loads little (buf's runner and protobuf's descriptors): buf starts compiling at once,
 * and the model and the emitters (protoc-gen-es, @bufbuild/protoplugin and its TypeScript) load
 * while it runs.
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
    const [{ emitServiceFiles }, { emitProtobufEs }] = await Promise.all([import("./emit-services.js"), import("./plugin-es.js")]);
    const files: GeneratedFile[] = emitProtobufEs(model.loaded);
    files.push(...emitServiceFiles(model.services, settings, (file) => join(model.loaded.dir, file)));
    if (settings.plugin === "ts-proto") {
      const { emitTsProto } = await import("./plugin-ts-proto.js");
      files.push(...(await emitTsProto(model.loaded, settings.tsProtoOptions)));
    }
    return files;
  },
};
