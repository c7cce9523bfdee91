import { camelCase, identifier, UniqueNames, upperFirst } from "../core/names.js";
import type { OpenApiModel, OperationModel } from "./model.js";

export interface OperationNames {
  /** The SDK's function: `getOrder`. */
  fn: string;
  /** The stem of the operation's types in the SDK and the stubs: `GetOrder` → `GetOrderInput`. */
  type: string;
}

/**
 * The names of every operation of a document, handed out once in contract order, so the SDK and
 * the server stubs call one operation alike: `2fa-verify` is `_2faVerify` (types `_2faVerify…`),
 * `delete` is `delete_` (types `Delete…`), and of `getOrder` and `get-order` the second is
 * `getOrder2` (types `GetOrder2…`).
 */
export function operationNames(model: OpenApiModel): Map<OperationModel, OperationNames> {
  const functions = new UniqueNames();
  const names = new Map<OperationModel, OperationNames>();
  for (const op of model.operations) {
    const base = camelCase(op.operationId) || "operation";
    const wanted = identifier(base, "operation");
    const fn = functions.claim(wanted);
    const repeat = fn.slice(wanted.length);
    names.set(op, { fn, type: `${identifier(upperFirst(base), "Operation")}${repeat}` });
  }
  return names;
}
