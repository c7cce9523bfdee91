import { create } from "@bufbuild/protobuf";
import { CodeGeneratorRequestSchema, type CodeGeneratorRequest } from "@bufbuild/protobuf/wkt";
import type { LoadedProtos } from "./load.js";

/** The options every plugin's files follow: TypeScript, `.js` import extensions (ESM), like the rest of generated/. */
export const ES_PARAMETER = "target=ts,import_extension=js";

/** The CodeGeneratorRequest `buf generate` would hand a plugin for the compiled contracts. */
export function codeGeneratorRequest(loaded: LoadedProtos, parameter = ES_PARAMETER): CodeGeneratorRequest {
  return create(CodeGeneratorRequestSchema, { fileToGenerate: loaded.filesToGenerate, parameter, protoFile: loaded.set.file });
}

/** The same request with other plugin options. */
export function withParameter(request: CodeGeneratorRequest, parameter: string): CodeGeneratorRequest {
  return { ...request, parameter };
}
