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

export function needsRuntimeCheck(imports: Iterable<{ readonly from: string; readonly typeOnly: boolean }>): boolean {
  for (const { from, typeOnly } of imports) if (!typeOnly && isRuntimeModule(from)) return true;
  return false;
}
