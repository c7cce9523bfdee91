import { create } from "@bufbuild/protobuf";
import { CodeGeneratorRequestSchema, type CodeGeneratorResponse } from "@bufbuild/protobuf/wkt";
import { protocGenEs } from "@bufbuild/protoc-gen-es/dist/cjs/src/protoc-gen-es-plugin.js";
import { ContractError } from "../core/contract-error.js";
import type { GeneratedFile } from "../core/generated-file.js";
import { generatedHeader } from "../core/header.js";
import type { LoadedProtos } from "./load.js";

/** protoc-gen-es options: TypeScript, `.js` import extensions (ESM), like the rest of generated/. */
const PARAMETER = "target=ts,import_extension=js";

/**
 * Messages, enums and service descriptors (`*_pb.ts`) from protoc-gen-es, run in process on a
 * CodeGeneratorRequest built from buf's FileDescriptorSet — the same bytes `buf generate` would
 * hand the plugin. Each file gets Concord's header above protoc-gen-es's own.
 */
export function emitProtobufEs(protos: LoadedProtos): GeneratedFile[] {
  const request = create(CodeGeneratorRequestSchema, {
    fileToGenerate: protos.filesToGenerate,
    parameter: PARAMETER,
    protoFile: protos.set.file,
  });
  return filesFromResponse(protocGenEs.run(request), `protoc-gen-es ${protocGenEs.version}`, protos.dir);
}

/** Converts a plugin's response to files, or its error to a ContractError. */
export function filesFromResponse(response: CodeGeneratorResponse, plugin: string, dir: string): GeneratedFile[] {
  if (response.error) {
    throw new ContractError({ file: dir, rule: "proto-plugin", message: `${plugin}: ${response.error}` });
  }
  return response.file.map((file) => ({
    path: file.name,
    content: `${generatedHeader(plugin, sourceOf(file.name))}${file.content}`,
  }));
}

/** `payment/v1/payment_pb.ts` → `payment/v1/payment.proto`; ts-proto's `payment/v1/payment.ts` too. */
function sourceOf(path: string): string {
  return path.replace(/(_pb)?\.ts$/, ".proto");
}
