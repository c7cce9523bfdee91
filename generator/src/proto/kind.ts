import type { ContractKind } from "../contract-kind.js";
import type { GeneratedFile } from "../core/generated-file.js";
import { readProtoSettings } from "./config.js";
import { emitClient } from "./emit-client.js";
import { emitServer } from "./emit-server.js";
import { loadProtos } from "./load.js";
import { buildModel, type ProtoModel } from "./model.js";
import { emitProtobufEs } from "./plugin-es.js";
import { emitTsProto } from "./plugin-ts-proto.js";

/**
 * `contracts/proto/` → `generated/proto/`: protoc-gen-es messages and service descriptors
 * (`*_pb.ts`), and per service a typed client (`*_client.ts`) and server skeleton (`*_server.ts`).
 */
export const protoKind: ContractKind<ProtoModel> = {
  folder: "proto",
  async load(dir, config) {
    readProtoSettings(config);
    return buildModel(await loadProtos(dir));
  },
  async emit(model, config) {
    const settings = readProtoSettings(config);
    const files: GeneratedFile[] = emitProtobufEs(model.loaded);
    for (const service of model.services) {
      files.push(emitClient(service, settings), emitServer(service));
    }
    if (settings.plugin === "ts-proto") files.push(...(await emitTsProto(model.loaded, settings.tsProtoOptions)));
    return files;
  },
};
