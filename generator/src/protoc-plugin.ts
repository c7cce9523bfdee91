/**
 * What protoc-gen-concord (in @concordkit/cli) needs from the generator, and nothing more: the
 * protoplugin plugin `concord generate` runs in process on the request it builds from buf's
 * output, so `buf generate` writes the same files. Importing this entry loads neither the OpenAPI
 * nor the AsyncAPI pipeline nor buf's runner.
 */
export { protocGenConcord, runConcordPlugin, type ConcordPluginOptions } from "./proto/plugin.js";
export { servicesOf, type MethodModel, type ServiceModel } from "./proto/model.js";
export { ContractError, formatProblem, type ContractProblem } from "./core/contract-error.js";
export { CONCORD_VERSION } from "./core/version.js";
