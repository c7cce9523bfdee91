import { runtimeEntry } from "./runtime-entries.js";
import type { ImportSymbol } from "./ts-file.js";
import { CONCORD_VERSION } from "./version.js";

type Entry = (typeof runtimeEntry)[keyof typeof runtimeEntry];

/** Names the runtime entry `from` exports: values (functions, classes) and types. */
function entry<const V extends string, const T extends string>(
  from: Entry,
  values: readonly V[],
  types: readonly T[],
): { readonly [N in V | T]: ImportSymbol } {
  const table: Record<string, ImportSymbol> = {};
  for (const name of values) table[name] = { kind: "import", name, from, typeOnly: false };
  for (const name of types) table[name] = { kind: "import", name, from, typeOnly: true };
  return table as { readonly [N in V | T]: ImportSymbol };
}

/**
 * Every runtime symbol generated code uses, by entry: emitters print these, never a name and a
 * module string of their own. `test/core/runtime-symbols.test.ts` checks the table against the
 * runtime's entries (each value is exported at run time, each type type-checks), so a rename in
 * the runtime fails there, not in a user's build.
 */
export const runtime = {
  root: entry(runtimeEntry.root, ["requireRuntime"], []),
  sdk: entry(
    runtimeEntry.sdk,
    ["call", "createClient", "subscribe", "SdkError"],
    [
      "ApiResult",
      "CallOptions",
      "Client",
      "ClientOptions",
      "ErrorStatus",
      "Failure",
      "ServerEvent",
      "StatusRange",
      "SubscribeOptions",
      "Success",
      "SuccessStatus",
    ],
  ),
  server: entry(
    runtimeEntry.server,
    ["createRouter"],
    [
      "ClientErrorStatus",
      "CompiledValidator",
      "Credentials",
      "EventWriter",
      "HttpStatus",
      "InformationalStatus",
      "Principal",
      "RedirectStatus",
      "RequestContext",
      "RequestListener",
      "ResponseHeaders",
      "ResponseSchemas",
      "RouterOptions",
      "ServerContract",
      "ServerErrorStatus",
      "ServerSentEvent",
      "SuccessStatus",
      "WithDefaults",
    ],
  ),
  rpc: entry(runtimeEntry.rpc, ["createRpcClient"], ["RpcClientOptions", "RpcTarget", "ServiceReliability"]),
  rpcNode: entry(runtimeEntry.rpcNode, ["mountService", "serveRpc"], ["MountOptions", "RunningServer", "ServeOptions"]),
  kafka: entry(
    runtimeEntry.kafka,
    ["createProducer", "createRequester", "onTopic", "provisionTopics", "replyWith", "runConsumerGroups", "topicParameters"],
    [
      "ConcordProducer",
      "ConsumerOptions",
      "Kafka",
      "MessageHandler",
      "MessageSpec",
      "ProducerOptions",
      "ProvisionOptions",
      "ProvisionReport",
      "ReceivedMessage",
      "Requester",
      "RequesterOptions",
      "RunningConsumer",
      "SendMetadata",
      "SentMessage",
      "TopicSpec",
      "ValidationResult",
    ],
  ),
  validation: entry(runtimeEntry.validation, ["equal", "fullFormats", "ucs2length"], []),
} as const;

/** `export { a, type B } from "<entry>";` for symbols of one entry, as an index file re-exports them. */
export function reexportLine(symbols: readonly ImportSymbol[]): string {
  const from = symbols[0]?.from;
  if (from === undefined || symbols.some((s) => s.from !== from)) throw new Error("reexportLine takes symbols of one entry");
  const sorted = (typeOnly: boolean) =>
    symbols
      .filter((s) => s.typeOnly === typeOnly)
      .map((s) => s.name)
      .sort();
  const values = sorted(false);
  if (values.length === 0) return `export type { ${sorted(true).join(", ")} } from "${from}";`;
  return `export { ${[...values, ...sorted(true).map((name) => `type ${name}`)].join(", ")} } from "${from}";`;
}

/**
 * A generated file that runs runtime code (imports a runtime value, not only types) first checks
 * that the installed runtime is as new as the Concord that wrote it (connect-go's compile-time
 * version assertion, done at start): otherwise an old runtime would fail later, far from the cause.
 * `call` follows the name the file imported `requireRuntime` under.
 */
export const RUNTIME_CHECK = { symbol: runtime.root.requireRuntime, call: `("${CONCORD_VERSION}");` } as const;
