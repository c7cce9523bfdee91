/**
 * What `concord scaffold service` writes, as data for the templates in templates/scaffold-service/:
 * the base set (main, service, config, context, test, README) once, and a handler file per Connect
 * service (set `rpc`), REST operation group (`rest`) and consumed topic (`kafka`). Names and import
 * paths are decided here; the templates are mostly text.
 */
import { join, posix } from "node:path";
import {
  propertyKey,
  UniqueNames,
  type AsyncApiDocumentInfo,
  type AsyncApiReceiveInfo,
  type ModuleRef,
  type RestGroupInfo,
  type RpcMethodInfo,
  type RpcServiceInfo,
} from "@concordkit/generator";
import type { OwnedRestDocument, Ownership } from "./ownership.js";
import { camel, constant, firstLine, Imports, jsdoc, kebab, relativeSpecifier, wrap } from "./names.js";
import { sampleRequest } from "./sample-request.js";

export interface ScaffoldInput {
  name: string;
  ownership: Ownership;
  /** Absolute folders: where the skeleton goes, and where `concord generate` writes. */
  targetDir: string;
  generatedDir: string;
  /** The target folder as the user sees it (`services/payment`), for comments and the README. */
  shownDir: string;
  /** The command line, for the files' headers. */
  command: string;
}

export interface TemplateJob {
  /** Template set under templates/: `scaffold-service/base`, `…/rpc`, `…/rest`, `…/kafka`. */
  set: string;
  data: Record<string, unknown>;
}

export interface ScaffoldPlan {
  jobs: TemplateJob[];
  /** Generated modules the skeleton imports, relative to the output folder (to tell the user to run `concord generate`). */
  generatedModules: string[];
}

const RUNTIME = "@concordkit/runtime";
const RPC_PORT = 8090;
const HTTP_PORT = 8080;
const OPS_PORT = 9464;

interface HandlerFile {
  path: string;
  what: string;
}

export function planScaffold(input: ScaffoldInput): ScaffoldPlan {
  const { ownership } = input;
  const generatedModules = new Set<string>();
  const file = (path: string) => join(input.targetDir, path);
  /** The specifier `fromPath` (relative to the skeleton) imports a module by. */
  const from = (fromPath: string, module: ModuleRef | string): string => {
    if (typeof module !== "string" && "package" in module) return module.package;
    const generated = typeof module === "string" ? module : module.generated;
    generatedModules.add(generated);
    return relativeSpecifier(file(fromPath), join(input.generatedDir, generated));
  };
  const fileNames = new UniqueNames();
  // Identifiers service.ts declares or imports; the handler factories are among them.
  const identifiers = new UniqueNames([
    "log",
    "metrics",
    "health",
    "parts",
    "ops",
    "kafka",
    "context",
    "rpc",
    "urls",
    "config",
    "error",
    "service",
  ]);
  const jobs: TemplateJob[] = [];
  const handlerFiles: HandlerFile[] = [];

  // Connect services: one handler file each.
  const rpcServices = ownership.rpc.map((service) => {
    const base = kebab(service.name);
    const path = `handlers/rpc/${fileNames.claim(ownership.rpc.filter((s) => s.name === service.name).length > 1 ? kebab(`${service.package} ${service.name}`) : base)}.ts`;
    const factory = identifiers.claim(`${camel(service.name)}Handler`);
    jobs.push({ set: "scaffold-service/rpc", data: rpcFileData(service, path, factory, from) });
    handlerFiles.push({
      path,
      what: `Connect ${service.typeName}: ${service.methods.map((m) => m.localName).join(", ")} (Unimplemented until written)`,
    });
    return { service, path, factory };
  });

  // REST: one handler file per owned operation group.
  const severalRestDocuments = ownership.rest.length > 1;
  const restDocs = ownership.rest.map((owned, index) => {
    const { document } = owned;
    const groups = owned.groups.map((group) => {
      const path = `handlers/rest/${fileNames.claim(severalRestDocuments ? `${document.name}-${group.name}` : group.name)}.ts`;
      const factory = identifiers.claim(`${camel(severalRestDocuments ? `${document.name} ${group.name}` : group.name)}Handlers`);
      jobs.push({ set: "scaffold-service/rest", data: restFileData(owned, group, path, factory, from) });
      handlerFiles.push({
        path,
        what: `REST ${document.name}/${group.name}: ${group.operations.map((o) => o.operationId).join(", ")} (501 until written)`,
      });
      return { group, path, factory };
    });
    const prefix = camel(document.name);
    return {
      owned,
      groups,
      portEnv: severalRestDocuments ? `HTTP_PORT_${constant(document.name)}` : "HTTP_PORT",
      portField: severalRestDocuments ? `${prefix}HttpPort` : "httpPort",
      portDefault: HTTP_PORT + index,
      urlKey: severalRestDocuments ? `${prefix}Http` : "http",
      handlersVar: identifiers.claim(`${prefix}Handlers`),
      routerVar: identifiers.claim(`${prefix}Router`),
      serverVar: identifiers.claim(`${prefix}Server`),
    };
  });

  // AsyncAPI: a producer per document that sends, a consumer per document that receives, a handler file per consumed topic.
  const asyncDocs = ownership.asyncapi.map((document) => {
    const byTopic = new Map<string, AsyncApiReceiveInfo[]>();
    for (const receive of document.receives) byTopic.set(receive.topic, [...(byTopic.get(receive.topic) ?? []), receive]);
    const topicFiles = [...byTopic.entries()].map(([topic, receives]) => {
      const several = ownership.asyncapi.filter((d) => d.receives.some((r) => r.topic === topic)).length > 1;
      const path = `handlers/kafka/${fileNames.claim(several ? `${document.name}-${kebab(topic)}` : kebab(topic))}.ts`;
      const factory = identifiers.claim(`${camel(several ? `${document.name} ${topic}` : topic)}Handlers`);
      jobs.push({ set: "scaffold-service/kafka", data: kafkaFileData(document, topic, receives, path, factory, from) });
      handlerFiles.push({ path, what: `Kafka \`${topic}\`: ${receives.map((r) => r.handler).join(", ")} (dead-lettered until written)` });
      return { topic, receives, path, factory };
    });
    const prefix = camel(document.name);
    return {
      document,
      topicFiles,
      producerField: document.producer ? identifiers.claim(`${prefix}Producer`) : undefined,
      consumerVar: document.consumer ? identifiers.claim(`${prefix}Consumer`) : undefined,
    };
  });

  const flags = {
    rpc: rpcServices.length > 0,
    rest: restDocs.length > 0,
    kafka: asyncDocs.length > 0,
    consumers: asyncDocs.some((d) => d.document.consumer),
    producers: asyncDocs.some((d) => d.document.producer),
  };

  // service.ts
  const service = new Imports();
  const serviceFile = "service.ts";
  service
    .value("createHealth", `${RUNTIME}/service`)
    .value("createLogger", `${RUNTIME}/service`)
    .value("createServiceMetrics", `${RUNTIME}/service`);
  service.value("createStopList", `${RUNTIME}/service`).value("serveOps", `${RUNTIME}/service`);
  service.type("ServiceConfig", "./config.js").type("ServiceContext", "./context.js");
  if (flags.kafka) service.value("createKafka", `${RUNTIME}/kafka`);
  if (flags.consumers) service.value("NotImplementedError", `${RUNTIME}/service`).value("withHandlerMetrics", `${RUNTIME}/service`);
  if (flags.rpc) service.value("rpcMetrics", `${RUNTIME}/rpc/node`).value("serveRpc", `${RUNTIME}/rpc/node`);
  if (flags.rest) {
    for (const name of ["notImplementedAnswer", "restOperationOf", "serveHttp", "withHttpMetrics"])
      service.value(name, `${RUNTIME}/service`);
  }
  for (const { service: rpc, path, factory } of rpcServices) {
    service.value(rpc.mountFunction, from(serviceFile, { generated: rpc.serverModule }));
    service.value(factory, `./${path.replace(/\.ts$/, ".js")}`);
  }
  const restData = restDocs.map((doc) => {
    const { document, whole } = doc.owned;
    const module = from(serviceFile, { generated: document.serverModule });
    service.value(document.contractConst, module);
    if (whole) service.value(document.routerFunction, module).type(document.handlersType, module);
    else service.value("createRouter", `${RUNTIME}/server`);
    for (const group of doc.groups) service.value(group.factory, `./${group.path.replace(/\.ts$/, ".js")}`);
    return {
      source: document.source,
      title: document.title,
      whole,
      groupList: doc.owned.groups.map((g) => g.name).join(", "),
      portEnv: doc.portEnv,
      portField: doc.portField,
      portDefault: doc.portDefault,
      handlersVar: doc.handlersVar,
      handlersType: document.handlersType,
      factories: doc.groups.map((g) => g.factory),
      routerVar: doc.routerVar,
      routerCall: whole ? `${document.routerFunction}(` : `createRouter(${document.contractConst}, `,
      contract: document.contractConst,
      serverVar: doc.serverVar,
      label: `REST server (${document.name})`,
    };
  });
  const producers = asyncDocs
    .filter((d) => d.producerField)
    .map((d) => {
      const producer = d.document.producer!;
      service.value(producer.createFunction, from(serviceFile, { generated: producer.module }));
      const sends = d.document.sends.filter((s) => s.method).map((s) => `${s.method} → ${s.topic}`);
      return {
        field: d.producerField!,
        type: producer.type,
        create: producer.createFunction,
        label: `${d.document.name} producer`,
        doc: `${d.document.source}: ${sends.join(", ")}.`,
        module: producer.module,
      };
    });
  const consumers = asyncDocs
    .filter((d) => d.consumerVar)
    .map((d) => {
      const consumer = d.document.consumer!;
      service.value(consumer.startFunction, from(serviceFile, { generated: consumer.module }));
      for (const topic of d.topicFiles) service.value(topic.factory, `./${topic.path.replace(/\.ts$/, ".js")}`);
      const groups = [...new Set(d.document.receives.map((r) => r.group))];
      return {
        var: d.consumerVar!,
        start: consumer.startFunction,
        factories: d.topicFiles.map((t) => t.factory),
        label: `${d.document.name} consumer`,
        doc: `${d.document.source}: ${d.topicFiles.map((t) => t.topic).join(", ")} in group${groups.length > 1 ? "s" : ""} ${groups.join(", ")}.`,
      };
    });
  for (const d of asyncDocs) service.value(d.document.topics.provisionFunction, from(serviceFile, { generated: d.document.topics.module }));

  const urls = [
    ...(flags.rpc ? [{ key: "rpc", value: "rpc.url" }] : []),
    ...restData.map((doc, i) => ({ key: restDocs[i]!.urlKey, value: `${doc.serverVar}.url` })),
    { key: "ops", value: "ops.url" },
  ];

  // context.ts
  const context = new Imports().type("Logger", `${RUNTIME}/service`).type("ServiceConfig", "./config.js");
  for (const producer of producers) context.type(producer.type, from("context.ts", { generated: producer.module }));

  // service.test.ts: one method that must answer "not implemented".
  const test = new Imports().value("strict as assert", "node:assert").value("test", "node:test");
  test.value("loadConfig", "./config.js").value("startService", "./service.js");
  const testCase = chooseTestCase(rpcServices, restDocs, asyncDocs);
  if (testCase.rpc) {
    test
      .value("createNodeTransport", `${RUNTIME}/rpc/node`)
      .value("Code", "@connectrpc/connect")
      .value("ConnectError", "@connectrpc/connect");
    test.value(testCase.rpc.client, from("service.test.ts", { generated: testCase.rpc.clientModule }));
  }
  if (testCase.kafka) {
    test
      .value("NotImplementedError", `${RUNTIME}/service`)
      .value(testCase.kafka.factory, `./${testCase.kafka.path.replace(/\.ts$/, ".js")}`);
  }

  const owns = [
    ...rpcServices.map(({ service: s }) => `Connect: \`${s.typeName}\` (proto/${s.file}), served on RPC_PORT`),
    ...restDocs.map(
      ({ owned, portEnv }) =>
        `REST: ${owned.whole ? "all of" : `the groups ${owned.groups.map((g) => `\`${g.name}\``).join(", ")} of`} ${owned.document.title} (${owned.document.source}), served on ${portEnv}`,
    ),
    ...asyncDocs.map(({ document }) => {
      const consumes = [...new Set(document.receives.map((r) => `\`${r.topic}\``))];
      const produces = [...new Set(document.sends.filter((s) => s.method).map((s) => `\`${s.topic}\``))];
      const parts = [
        consumes.length > 0 ? `consumes ${consumes.join(", ")}` : "",
        produces.length > 0 ? `produces to ${produces.join(", ")}` : "",
      ].filter(Boolean);
      return `Kafka: ${document.title} (${document.source}): ${parts.join("; ") || "no operations"}`;
    }),
  ];

  const summary: string[] = [
    flags.rpc ? `serves ${rpcServices.map((r) => r.service.typeName).join(", ")} over Connect` : "",
    flags.rest
      ? `serves ${restDocs.map((d) => (d.owned.whole ? d.owned.document.title : `${d.owned.groups.map((g) => g.name).join(", ")} of ${d.owned.document.title}`)).join(", ")} over REST`
      : "",
    flags.consumers ? `consumes ${[...new Set(asyncDocs.flatMap((d) => d.topicFiles.map((t) => t.topic)))].join(", ")}` : "",
    flags.producers
      ? `produces to ${[...new Set(asyncDocs.flatMap((d) => d.document.sends.filter((s) => s.method).map((s) => s.topic)))].join(", ")}`
      : "",
  ].filter(Boolean);

  const servers = flags.rpc || flags.rest;
  const stopping = [
    "the ops endpoint reports `stopping`",
    servers ? "the servers stop taking requests and finish those in flight" : "",
    flags.consumers ? "the consumers finish the message in hand, commit and leave their groups" : "",
    flags.producers ? "the producers disconnect" : "",
    "the ops endpoint closes last",
  ].filter(Boolean);
  const testSubject = testCase.rpc
    ? `the Connect method ${testCase.rpc.method}`
    : testCase.rest
      ? `the REST operation ${testCase.rest.operationId}`
      : testCase.kafka
        ? `the message handler ${testCase.kafka.handler}`
        : "nothing else";
  const header = {
    intro: wrap(`The ${input.name} service: ${sentence(summary)}.`, " * "),
    wiring: wrap(
      "startService wires the generated code to the handlers in ./handlers and to the runtime's service parts " +
        `(\`@concordkit/runtime/service\`): GET /healthz${flags.consumers ? " (503 unless every consumer group runs)" : ""} and GET /metrics ` +
        `on the ops port, and a stop in order: ${sentence(stopping)}.`,
      " * ",
    ),
    written: wrap(
      `Written once by \`${input.command}\`; it is yours to change. After a contract change and \`concord generate\`, ` +
        "`tsc` names what no longer matches (a new operation without a handler, a changed request or response).",
      " * ",
    ),
  };
  const testHeader = wrap(
    `The ${input.name} service's first test: it starts on loopback with free ports, /healthz answers 200, and ${testSubject} ` +
      `says it is not implemented. It is a node:test file, so it needs nothing installed: after \`tsc\`, ` +
      `\`node --test <outDir>/${input.shownDir}/service.test.js\`${flags.kafka ? " with KAFKA_BROKERS=host:port of a broker" : ""}.`,
    " * ",
  );

  jobs.unshift({
    set: "scaffold-service/base",
    data: {
      name: input.name,
      dir: input.shownDir,
      command: input.command,
      header,
      ...flags,
      servers,
      rpcPortDefault: RPC_PORT,
      opsPortDefault: OPS_PORT,
      rpcServices: rpcServices.map(({ service: s, factory }) => ({ mount: s.mountFunction, factory })),
      rpcDoc: rpcServices.map(({ service: s }) => s.typeName).join(", "),
      restDocs: restData,
      asyncDocs: asyncDocs.map((d) => ({ provision: d.document.topics.provisionFunction })),
      producers,
      consumers,
      urls,
      urlKeys: urls.map((u) => u.key),
      urlsDoc: urls.map((u) => u.key).join(", "),
      imports: { service: service.lines(), context: context.lines(), test: test.lines() },
      test: testCase,
      testHeader,
      testSubject,
      owns,
      handlerFiles,
    },
  });
  return { jobs, generatedModules: [...generatedModules].sort() };
}

/** `a`, `a and b`, `a, b and c`. */
function sentence(parts: readonly string[]): string {
  return parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : (parts[0] ?? "");
}

type From = (fromPath: string, module: ModuleRef | string) => string;

function rpcFileData(service: RpcServiceInfo, path: string, factory: string, from: From): Record<string, unknown> {
  const imports = new Imports()
    .value("Code", "@connectrpc/connect")
    .value("ConnectError", "@connectrpc/connect")
    .type("HandlerContext", "@connectrpc/connect")
    .type(service.handlerType, from(path, { generated: service.serverModule }))
    .type("ServiceContext", "../../context.js");
  if (service.methods.length > 0) imports.type("MessageInitShape", "@bufbuild/protobuf");
  const methods = service.methods.map((method) => {
    imports.type(method.input.type, from(path, method.input.module)).type(method.output.schema, from(path, method.output.module));
    const doc = [method.doc ?? `\`rpc ${method.name}\` (${method.kind.replace("_", " ")}).`, method.deprecated ? "@deprecated" : ""]
      .filter(Boolean)
      .join("\n\n");
    return { jsdoc: jsdoc(doc, "    "), head: rpcHead(method), fullName: `${service.typeName}.${method.name}` };
  });
  const doc = firstLine(service.doc);
  return {
    file: posix.basename(path, ".ts"),
    intro: wrap(`${service.typeName} (proto/${service.file})${doc ? `: ${doc}` : "."}`, " * "),
    handlerType: service.handlerType,
    factory,
    imports: imports.lines(),
    methods,
  };
}

function rpcHead(method: RpcMethodInfo): string {
  const streamsIn = method.kind === "client_streaming" || method.kind === "bidi_streaming";
  const streamsOut = method.kind === "server_streaming" || method.kind === "bidi_streaming";
  const input = streamsIn ? `requests: AsyncIterable<${method.input.type}>` : `request: ${method.input.type}`;
  const output = `MessageInitShape<typeof ${method.output.schema}>`;
  return `async ${streamsOut ? "*" : ""}${method.localName}(${input}, context: HandlerContext): ${streamsOut ? `AsyncIterable<${output}>` : `Promise<${output}>`}`;
}

function restFileData(owned: OwnedRestDocument, group: RestGroupInfo, path: string, factory: string, from: From): Record<string, unknown> {
  const { document } = owned;
  const module = from(path, { generated: document.serverModule });
  const imports = new Imports()
    .value("NotImplementedError", `${RUNTIME}/service`)
    .type(document.handlersType, module)
    .type("ServiceContext", "../../context.js");
  const operations = group.operations.map((operation) => {
    imports.type(`${operation.typeName}Input`, module).type(`${operation.typeName}Result`, module);
    const line = `${operation.method} ${operation.path}`;
    const doc = [
      operation.summary ? `${operation.summary}: \`${line}\`` : `\`${line}\``,
      operation.eventStream ? "Answers an event stream: return `{ status: 200, stream: async (writer) => … }`." : "",
      operation.deprecated ? "@deprecated" : "",
    ]
      .filter(Boolean)
      .join("\n\n");
    return {
      jsdoc: jsdoc(doc, "    "),
      head: `async ${propertyKey(operation.operationId)}(input: ${operation.typeName}Input): Promise<${operation.typeName}Result>`,
      what: `${operation.operationId} (${line})`.replace(/"/g, '\\"'),
    };
  });
  return {
    file: posix.basename(path, ".ts"),
    intro: wrap(
      `${document.title} (${document.source}): the operations ${group.tag === undefined ? "without a tag" : `tagged \`${group.tag}\``}.`,
      " * ",
    ),
    handlersType: document.handlersType,
    keys: group.operations.map((o) => JSON.stringify(o.operationId)).join(" | "),
    factory,
    imports: imports.lines(),
    operations,
  };
}

function kafkaFileData(
  document: AsyncApiDocumentInfo,
  topic: string,
  receives: readonly AsyncApiReceiveInfo[],
  path: string,
  factory: string,
  from: From,
): Record<string, unknown> {
  const consumer = document.consumer!;
  const imports = new Imports()
    .type("ReceivedMessage", `${RUNTIME}/kafka`)
    .value("NotImplementedError", `${RUNTIME}/service`)
    .type(consumer.handlersType, from(path, { generated: consumer.module }))
    .type("ServiceContext", "../../context.js");
  const handlers = receives.map((receive) => {
    for (const message of receive.messages) imports.type(message.type, from(path, { generated: message.module }));
    if (receive.reply) imports.type(receive.reply.message.type, from(path, { generated: receive.reply.message.module }));
    const payload = receive.messages.map((m) => m.type).join(" | ") || "unknown";
    const reads = `Reads ${receive.messages.map((m) => m.name).join(", ")} in group \`${receive.group}\`.`;
    const reply = receive.reply ? ` Returns the ${receive.reply.message.name} sent to \`${receive.reply.topic}\`.` : "";
    return {
      jsdoc: jsdoc([receive.summary, reads + reply].filter(Boolean).join("\n\n"), "    "),
      head: `async ${receive.handler}(message: ReceivedMessage<${payload}>): Promise<${receive.reply ? receive.reply.message.type : "void"}>`,
      what: `${receive.handler} (${topic})`,
    };
  });
  const groups = [...new Set(receives.map((r) => r.group))];
  const groupText = `${groups.length > 1 ? "groups" : "group"} ${groups.map((g) => `\`${g}\``).join(", ")}`;
  return {
    file: posix.basename(path, ".ts"),
    intro: wrap(`Messages from the topic \`${topic}\` (${document.title}, ${document.source}), read in the consumer ${groupText}.`, " * "),
    topic,
    handlersType: consumer.handlersType,
    keys: receives.map((r) => JSON.stringify(r.handler)).join(" | "),
    factory,
    imports: imports.lines(),
    handlers,
  };
}

interface TestCase {
  rpc: { client: string; clientModule: string; method: string; streaming: boolean } | false;
  rest: { url: string; method: string; headers: string; line: string; operationId: string } | false;
  kafka: { factory: string; path: string; handler: string; topic: string } | false;
}

/** A Connect method if there is one (a unary call with an empty request), else a REST operation, else a message handler called directly. */
function chooseTestCase(
  rpc: ReadonlyArray<{ service: RpcServiceInfo }>,
  rest: ReadonlyArray<{ owned: OwnedRestDocument; urlKey: string }>,
  asyncDocs: ReadonlyArray<{
    topicFiles: ReadonlyArray<{ topic: string; receives: readonly AsyncApiReceiveInfo[]; path: string; factory: string }>;
  }>,
): TestCase {
  const none: TestCase = { rpc: false, rest: false, kafka: false };
  for (const kind of ["unary", "server_streaming"] as const) {
    for (const { service } of rpc) {
      const method = service.methods.find((m) => m.kind === kind);
      if (method)
        return {
          ...none,
          rpc: {
            client: service.clientFunction,
            clientModule: service.clientModule,
            method: method.localName,
            streaming: kind !== "unary",
          },
        };
    }
  }
  for (const { owned, urlKey } of rest) {
    const sample = sampleRequest(
      owned.document,
      owned.groups.flatMap((g) => g.operations),
    );
    if (sample) {
      const entries = Object.entries(sample.headers).map(([name, value]) => `${propertyKey(name)}: ${JSON.stringify(value)}`);
      const headers = entries.length > 0 ? `{ ${entries.join(", ")} }` : "";
      const line = `${sample.operation.method} ${sample.operation.path}: ${sample.operation.operationId}, whose stub answers 501`;
      return {
        ...none,
        rest: {
          url: `\`\${service.urls.${urlKey}}${sample.path.replace(/[`\\]/g, "\\$&").replace(/\$\{/g, "\\${")}\``,
          method: sample.method,
          headers,
          line,
          operationId: sample.operation.operationId,
        },
      };
    }
  }
  for (const { topicFiles } of asyncDocs) {
    const first = topicFiles[0];
    if (first)
      return { ...none, kafka: { factory: first.factory, path: first.path, handler: first.receives[0]!.handler, topic: first.topic } };
  }
  return none;
}
