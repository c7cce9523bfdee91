import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { CodeGeneratorRequestSchema, CodeGeneratorResponseSchema } from "@bufbuild/protobuf/wkt";
import { ContractError } from "../core/contract-error.js";
import type { GeneratedFile } from "../core/generated-file.js";
import { runTool } from "./buf.js";
import type { LoadedProtos } from "./load.js";
import { filesFromResponse } from "./plugin-es.js";

/** ESM imports with `.js`, bigint for 64-bit integers (as protoc-gen-es), no services (Connect comes from protoc-gen-es). */
const BASE_OPTIONS = ["importSuffix=.js", "esModuleInterop=true", "forceLong=bigint", "outputServices=false", "useExactTypes=false"];

/** ts-proto's plain-interface message types, under `ts-proto/`, by running its protoc plugin on the same request. */
export async function emitTsProto(protos: LoadedProtos, extraOptions: readonly string[]): Promise<GeneratedFile[]> {
  const request = create(CodeGeneratorRequestSchema, {
    fileToGenerate: protos.filesToGenerate,
    parameter: [...BASE_OPTIONS, ...extraOptions].join(","),
    protoFile: protos.set.file,
  });
  const plugin = tsProtoPlugin();
  const result = await runTool(process.execPath, [plugin], protos.dir, Buffer.from(toBinary(CodeGeneratorRequestSchema, request)));
  if (result.code !== 0) {
    throw new ContractError({ file: protos.dir, rule: "proto-plugin", message: `ts-proto failed: ${result.stderr.trim()}` });
  }
  const response = fromBinary(CodeGeneratorResponseSchema, result.stdout);
  return filesFromResponse(response, `ts-proto ${tsProtoVersion()}`, protos.dir).map((file) => ({
    path: `ts-proto/${file.path}`,
    content: file.content,
  }));
}

function tsProtoRoot(): string {
  return dirname(createRequire(import.meta.url).resolve("ts-proto/package.json"));
}

function tsProtoPlugin(): string {
  return join(tsProtoRoot(), "protoc-gen-ts_proto");
}

function tsProtoVersion(): string {
  const pkg = createRequire(import.meta.url)("ts-proto/package.json") as { version: string };
  return `v${pkg.version}`;
}
