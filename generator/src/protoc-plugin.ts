/**
 * What protoc-gen-concord (in @concordkit/cli) needs from the generator, and nothing more: the
 * proto model built from descriptors and the emitters of Concord's Connect wrappers — the same
 * two steps `concord generate` runs — so `buf generate` writes the same files. Importing this
 * entry loads neither the OpenAPI nor the AsyncAPI pipeline nor buf's runner.
 */
export { servicesOf, type ExtensionLookup, type MethodModel, type ServiceModel } from "./proto/model.js";
export { emitServiceFiles } from "./proto/emit-services.js";
export type { ClientEmitOptions } from "./proto/emit-client.js";
export { ContractError, formatProblem, type ContractProblem } from "./core/contract-error.js";
export type { GeneratedFile } from "./core/generated-file.js";
export { CONCORD_VERSION } from "./core/version.js";
