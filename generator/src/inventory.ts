/**
 * What the contracts offer to implement, with the names `concord generate` gives the code: the
 * Connect services, the REST operation groups and the AsyncAPI documents with their operations.
 * `concord scaffold service` reads it to write a service skeleton against the generated code.
 *
 * Each contract is read once, by its kind's own loader (the one `concord generate` uses); names
 * come from the same functions the emitters use, so they match the generated modules.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { ConcordConfig } from "./config.js";
import { ContractError } from "./core/contract-error.js";

/** A module the generated code lives in: a path under the output folder, or an npm package. */
export type ModuleRef = { readonly generated: string } | { readonly package: string };

export interface ContractInventory {
  readonly rpc: readonly RpcServiceInfo[];
  readonly rest: readonly RestDocumentInfo[];
  readonly asyncapi: readonly AsyncApiDocumentInfo[];
}

export interface RpcServiceInfo {
  /** `payment.v1.PaymentService`. */
  readonly typeName: string;
  /** `payment.v1` ("" when the file has no package). */
  readonly package: string;
  /** `PaymentService`. */
  readonly name: string;
  /** The proto file, relative to the proto folder: `payment/v1/payment.proto`. */
  readonly file: string;
  readonly doc?: string;
  /** `proto/payment/v1/payment_service_server.ts` under the output folder. */
  readonly serverModule: string;
  /** `proto/payment/v1/payment_service_client.ts` under the output folder. */
  readonly clientModule: string;
  /** Exported by the server module: the handler interface, `mountX`, `serveX`. */
  readonly handlerType: string;
  readonly mountFunction: string;
  readonly serveFunction: string;
  /** Exported by the client module: `createXClient`. */
  readonly clientFunction: string;
  readonly methods: readonly RpcMethodInfo[];
}

export interface RpcMethodInfo {
  /** As in the contract: `Charge`. */
  readonly name: string;
  /** On handlers and clients: `charge`. */
  readonly localName: string;
  readonly kind: "unary" | "server_streaming" | "client_streaming" | "bidi_streaming";
  readonly doc?: string;
  readonly deprecated: boolean;
  readonly input: MessageRef;
  readonly output: MessageRef;
}

export interface MessageRef {
  /** The message type: `ChargeRequest`. */
  readonly type: string;
  /** Its descriptor constant: `ChargeRequestSchema`. */
  readonly schema: string;
  readonly module: ModuleRef;
}

export interface RestDocumentInfo {
  /** From the file name: `gateway.yaml` → `gateway`. */
  readonly name: string;
  readonly title: string;
  readonly source: string;
  /** Path of the first server URL (`/api/v1`), or "". */
  readonly basePath: string;
  /** `openapi/gateway/server/index.ts` under the output folder: it exports every name below. */
  readonly serverModule: string;
  readonly handlersType: string;
  readonly routerFunction: string;
  readonly contractConst: string;
  /** The SDK's grouping: one group per first tag (`default` for untagged), sorted by name. */
  readonly groups: readonly RestGroupInfo[];
  readonly securitySchemes: Readonly<
    Record<string, { readonly type: string; readonly scheme?: string; readonly name?: string; readonly in?: string }>
  >;
  /** `components.schemas`, for following a parameter's `$ref`. */
  readonly schemas: Readonly<Record<string, unknown>>;
}

export interface RestGroupInfo {
  /** The SDK file's name: `orders` (`sdk/orders.ts`). */
  readonly name: string;
  /** The tag as written; undefined for the `default` group. */
  readonly tag?: string;
  readonly operations: readonly RestOperationInfo[];
}

export interface RestOperationInfo {
  readonly operationId: string;
  /** Stem of its types in the server module: `CreateOrder` → `CreateOrderInput`, `CreateOrderResult`. */
  readonly typeName: string;
  /** `GET`, `POST`… */
  readonly method: string;
  /** As written under `paths`, without the base path. */
  readonly path: string;
  readonly summary?: string;
  readonly deprecated: boolean;
  readonly eventStream: boolean;
  readonly parameters: readonly { readonly name: string; readonly in: string; readonly required: boolean; readonly schema: unknown }[];
  readonly bodyRequired: boolean;
  /** Effective security requirements: alternatives of scheme name → scopes; `[]` = none. */
  readonly security: readonly Readonly<Record<string, readonly string[]>>[];
}

export interface AsyncApiDocumentInfo {
  /** From the file name: `billing-service`. */
  readonly name: string;
  readonly title: string;
  readonly source: string;
  /** Present when the document has `receive` operations. */
  readonly consumer?: {
    readonly module: string;
    readonly handlersType: string;
    readonly startFunction: string;
    readonly groupsConst: string;
  };
  /** Present when the document has `send` operations without a reply. */
  readonly producer?: { readonly module: string; readonly type: string; readonly createFunction: string };
  readonly topics: { readonly module: string; readonly listConst: string; readonly provisionFunction: string };
  readonly receives: readonly AsyncApiReceiveInfo[];
  readonly sends: readonly AsyncApiSendInfo[];
}

export interface AsyncApiReceiveInfo {
  readonly operationId: string;
  /** The handler's name on the consumer's handler interface: `onOrderCreated`. */
  readonly handler: string;
  readonly summary?: string;
  /** Kafka topic name, and the channel address it comes from. */
  readonly topic: string;
  readonly channel: string;
  readonly group: string;
  readonly messages: readonly AsyncMessageRef[];
  /** For a request/reply responder: what the handler returns. */
  readonly reply?: { readonly topic: string; readonly message: AsyncMessageRef };
}

export interface AsyncApiSendInfo {
  readonly operationId: string;
  /** The producer method (`sendPaymentProcessed`), absent for a request with a reply (a requester). */
  readonly method?: string;
  readonly topic: string;
  readonly messages: readonly AsyncMessageRef[];
}

export interface AsyncMessageRef {
  readonly name: string;
  /** The payload's TypeScript type: `OrderCreated`. */
  readonly type: string;
  /** `asyncapi/channels/orders-created.ts` under the output folder. */
  readonly module: string;
}

/**
 * Reads every contract kind present in `contractsDir` (as `concord generate` does) and lists what
 * can be implemented. Throws ContractError for a contract that does not load.
 */
export async function readContractInventory(contractsDir: string, config: ConcordConfig = {}): Promise<ContractInventory> {
  if (!existsSync(contractsDir)) {
    throw new ContractError({ file: contractsDir, rule: "contracts-folder-missing", message: "no such folder" });
  }
  const dir = (folder: string) => (existsSync(join(contractsDir, folder)) ? join(contractsDir, folder) : undefined);
  const [rpc, rest, asyncapi] = await Promise.all([
    inventoryOf(dir("proto"), async (d) => rpcInventory(await (await import("./proto/kind.js")).protoKind.load(d, config))),
    inventoryOf(dir("openapi"), async (d) => restInventory(await (await import("./openapi/kind.js")).openapiKind.load(d, config))),
    inventoryOf(dir("asyncapi"), async (d) => asyncInventory(await (await import("./asyncapi/kind.js")).asyncapiKind.load(d, config))),
  ]);
  return { rpc, rest, asyncapi };
}

async function inventoryOf<T>(dir: string | undefined, read: (dir: string) => Promise<T[]>): Promise<T[]> {
  return dir === undefined ? [] : read(dir);
}

async function rpcInventory(model: import("./proto/model.js").ProtoModel): Promise<RpcServiceInfo[]> {
  const [{ pascalCase }, { serviceFilePath }] = await Promise.all([import("./core/names.js"), import("./proto/names.js")]);
  const ref = (message: import("./proto/model.js").TypeRef): MessageRef => ({
    type: message.shape,
    schema: message.schema,
    module: message.from.endsWith(".js") ? { generated: `proto/${message.from.replace(/\.js$/, ".ts")}` } : { package: message.from },
  });
  return model.services.map((service) => {
    const base = pascalCase(service.name);
    const pkg = service.typeName.length > service.name.length ? service.typeName.slice(0, -service.name.length - 1) : "";
    return {
      typeName: service.typeName,
      package: pkg,
      name: service.name,
      file: service.file,
      ...(service.doc ? { doc: service.doc } : {}),
      serverModule: `proto/${serviceFilePath(service, "server")}`,
      clientModule: `proto/${serviceFilePath(service, "client")}`,
      handlerType: `${base}Handler`,
      mountFunction: `mount${base}`,
      serveFunction: `serve${base}`,
      clientFunction: `create${base}Client`,
      methods: service.methods.map((method) => ({
        name: method.name,
        localName: method.localName,
        kind: method.kind,
        ...(method.doc ? { doc: method.doc } : {}),
        deprecated: method.deprecated,
        input: ref(method.input),
        output: ref(method.output),
      })),
    };
  });
}

async function restInventory(models: readonly import("./openapi/model.js").OpenApiModel[]): Promise<RestDocumentInfo[]> {
  const [{ sdkGroups }, { planServer, isEventStream }, { contractName }] = await Promise.all([
    import("./openapi/sdk-groups.js"),
    import("./openapi/server/server-plan.js"),
    import("./openapi/server/emit-contract-table.js"),
  ]);
  return models.map((model) => {
    const plan = planServer(model, { responseSchemas: false });
    const typeNames = new Map(plan.operations.map((operation) => [operation.operation, operation.typeName]));
    return {
      name: model.name,
      title: model.title,
      source: model.sourceFile,
      basePath: model.basePath,
      serverModule: `openapi/${model.name}/server/index.ts`,
      handlersType: `${plan.documentName}Handlers`,
      routerFunction: `create${plan.documentName}Router`,
      contractConst: contractName(plan),
      groups: sdkGroups(model).map((group) => ({
        name: group.file,
        ...(group.tag !== undefined ? { tag: group.tag } : {}),
        operations: group.operations.map(({ op }) => ({
          operationId: op.operationId,
          typeName: typeNames.get(op)!,
          method: op.method.toUpperCase(),
          path: op.path,
          ...(op.summary ? { summary: op.summary } : {}),
          deprecated: op.deprecated,
          eventStream: op.responses.some((response) => /^2/.test(response.status) && isEventStream(response)),
          parameters: op.parameters
            .filter((p) => p.in !== "cookie")
            .map((p) => ({ name: p.name, in: p.in, required: p.required, schema: p.schema })),
          bodyRequired: op.requestBody?.required ?? false,
          security: op.security,
        })),
      })),
      securitySchemes: Object.fromEntries(
        Object.entries(model.securitySchemes).map(([name, s]) => [
          name,
          { type: s.type, ...(s.scheme ? { scheme: s.scheme } : {}), ...(s.name ? { name: s.name } : {}), ...(s.in ? { in: s.in } : {}) },
        ]),
      ),
      schemas: model.schemas,
    };
  });
}

async function asyncInventory(model: import("./asyncapi/model.js").AsyncApiModel): Promise<AsyncApiDocumentInfo[]> {
  const [{ groupOf, handlerName, resolveOperations, sendMethodName }, paths, { camelCase, pascalCase }] = await Promise.all([
    import("./asyncapi/operations.js"),
    import("./asyncapi/paths.js"),
    import("./core/names.js"),
  ]);
  return model.documents.map((document) => {
    const service = paths.serviceName(document);
    const resolved = resolveOperations(model, document);
    const message = (
      channel: import("./asyncapi/model.js").ChannelModel,
      m: import("./asyncapi/model.js").MessageModel,
    ): AsyncMessageRef => ({
      name: m.name,
      type: paths.payloadType(m),
      module: `asyncapi/${paths.channelFile(channel)}`,
    });
    const receives = resolved
      .filter((o) => o.operation.action === "receive")
      .map(
        (o): AsyncApiReceiveInfo => ({
          operationId: o.operation.id,
          handler: handlerName(o.operation),
          ...(o.operation.description ? { summary: o.operation.description } : {}),
          topic: o.channel.topic.name,
          channel: o.channel.address,
          group: groupOf(o.operation, document),
          messages: o.messages.map((m) => message(o.channel, m)),
          ...(o.reply ? { reply: { topic: o.reply.channel.topic.name, message: message(o.reply.channel, o.reply.messages[0]!) } } : {}),
        }),
      );
    // The producer's methods: one per send operation without a reply, one per message when it has several.
    const sends = resolved
      .filter((o) => o.operation.action === "send")
      .flatMap((o): AsyncApiSendInfo[] => {
        const base = { operationId: o.operation.id, topic: o.channel.topic.name };
        if (o.reply || o.messages.length <= 1) {
          return [
            {
              ...base,
              ...(o.reply ? {} : { method: sendMethodName(o.operation) }),
              messages: o.messages.map((m) => message(o.channel, m)),
            },
          ];
        }
        return o.messages.map((m) => ({
          ...base,
          method: `${sendMethodName(o.operation)}${pascalCase(m.name)}`,
          messages: [message(o.channel, m)],
        }));
      });
    const module = (file: string) => `asyncapi/${paths.documentFile(document, file)}`;
    const lower = service.charAt(0).toLowerCase() + service.slice(1);
    return {
      name: document.name,
      title: document.title,
      source: document.source,
      ...(receives.length > 0
        ? {
            consumer: {
              module: module("consumer.ts"),
              handlersType: `${service}Handlers`,
              startFunction: `start${service}Consumer`,
              groupsConst: `${lower}ConsumerGroups`,
            },
          }
        : {}),
      ...(sends.some((s) => s.method !== undefined)
        ? { producer: { module: module("producer.ts"), type: `${service}Producer`, createFunction: `create${service}Producer` } }
        : {}),
      topics: { module: module("topics.ts"), listConst: `${camelCase(service)}Topics`, provisionFunction: `provision${service}Topics` },
      receives,
      sends,
    };
  });
}
