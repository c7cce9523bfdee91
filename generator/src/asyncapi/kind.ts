import type { ContractKind } from "../contract-kind.js";
import { buildModel } from "./build-model.js";
import { emitAsyncApi } from "./emit.js";
import { loadAsyncApiDocuments } from "./load.js";
import type { AsyncApiModel } from "./model.js";

/** AsyncAPI 2.6 / 3.x documents under `asyncapi/` → typed Kafka producers, consumers and topics. */
export const asyncapiKind: ContractKind<AsyncApiModel> = {
  folder: "asyncapi",
  async load(dir) {
    return buildModel(await loadAsyncApiDocuments(dir));
  },
  emit(model) {
    return emitAsyncApi(model);
  },
};
