export { generate } from "./generate.js";
export type { Formatter } from "./core/format-output.js";
export { CONFIG_FILE, loadConfig, parseConfig, resolveFromConfig, type ConcordConfig, type LoadedConfig } from "./config.js";
export { ContractError, formatProblem, type ContractProblem } from "./core/contract-error.js";
export type { GeneratedFile } from "./core/generated-file.js";
export { writeOutput, findStaleFiles, isClean, type StaleReport, type WriteReport } from "./core/write-output.js";
export { lintProtos, type LintFinding } from "./proto/lint.js";
export { CONCORD_VERSION } from "./core/version.js";
export { importLines, LINE_WIDTH, type ImportedName } from "./core/imports.js";
export { jsdocLines } from "./core/jsdoc.js";
export { componentRef } from "./openapi/component-ref.js";
export { camelCase, identifier, kebabCase, pascalCase, propertyKey, snakeCase, UniqueNames, upperFirst, words } from "./core/names.js";
export {
  readContractInventory,
  type AsyncApiDocumentInfo,
  type AsyncApiReceiveInfo,
  type AsyncApiSendInfo,
  type AsyncMessageRef,
  type ContractInventory,
  type MessageRef,
  type ModuleRef,
  type RestDocumentInfo,
  type RestGroupInfo,
  type RestOperationInfo,
  type RpcMethodInfo,
  type RpcServiceInfo,
} from "./inventory.js";
