import { CONCORD_VERSION } from "./version.js";

/**
 * Where generated code finds the runtime: its package and one public entry per concern. Emitters
 * import from these and from nothing deeper, so generated code uses only what the runtime promises.
 */
export const RUNTIME_PACKAGE = "@concordkit/runtime";

export const runtimeEntry = {
  root: RUNTIME_PACKAGE,
  sdk: `${RUNTIME_PACKAGE}/sdk`,
  server: `${RUNTIME_PACKAGE}/server`,
  rpc: `${RUNTIME_PACKAGE}/rpc`,
  rpcNode: `${RUNTIME_PACKAGE}/rpc/node`,
  kafka: `${RUNTIME_PACKAGE}/kafka`,
  validation: `${RUNTIME_PACKAGE}/validation`,
} as const;

export function isRuntimeModule(from: string): boolean {
  return from === RUNTIME_PACKAGE || from.startsWith(`${RUNTIME_PACKAGE}/`);
}

/**
 * A generated file that runs runtime code (imports a runtime value, not only types) first checks
 * that the installed runtime is as new as the Concord that wrote it (connect-go's compile-time
 * version assertion, done at start): otherwise an old runtime would fail later, far from the cause.
 * `call` follows the name the file imported `requireRuntime` under.
 */
export const RUNTIME_CHECK = { name: "requireRuntime", from: runtimeEntry.root, call: `("${CONCORD_VERSION}");` } as const;

export function needsRuntimeCheck(imports: Iterable<{ readonly from: string; readonly typeOnly: boolean }>): boolean {
  for (const { from, typeOnly } of imports) if (!typeOnly && isRuntimeModule(from)) return true;
  return false;
}
