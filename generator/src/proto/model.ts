import { createRegistry, getOption, type DescExtension, type DescMessage, type DescMethod, type DescService } from "@bufbuild/protobuf";
import type { GeneratedFile, ImportSymbol, Schema } from "@bufbuild/protoplugin";
import { MethodOptions_IdempotencyLevel, type CodeGeneratorRequest } from "@bufbuild/protobuf/wkt";
import { protoplugin } from "./protoplugin.js";
import { codeGeneratorRequest } from "./request.js";
import type { LoadedProtos } from "./load.js";

/** A message type as protoc-gen-es's output names it, and where to import it from. */
export interface TypeRef {
  desc: DescMessage;
  /** The TypeScript type of the message, e.g. `ChargeRequest`. */
  shape: string;
  /** The descriptor constant, e.g. `ChargeRequestSchema`. */
  schema: string;
  /** An npm module (`@bufbuild/protobuf/wkt`) or a path under generated/proto (`payment/v1/payment_pb.js`). */
  from: string;
}

export type MethodKind = DescMethod["methodKind"];
export type Idempotency = "unknown" | "no-side-effects" | "idempotent";

export interface MethodModel {
  desc: DescMethod;
  name: string;
  /** The property name on clients and handlers, e.g. `watchPayment`. */
  localName: string;
  kind: MethodKind;
  doc?: string;
  deprecated: boolean;
  input: TypeRef;
  output: TypeRef;
  idempotency: Idempotency;
  /** From `(concord.v1.deadline_ms)`. */
  deadlineMs?: number;
  /** From `(concord.v1.idempotency_key_required)`. */
  idempotencyKeyRequired: boolean;
}

export interface ServiceModel {
  desc: DescService;
  /** The proto file that declares it, e.g. `payment/v1/payment.proto`. */
  file: string;
  name: string;
  typeName: string;
  doc?: string;
  /** From `(concord.v1.default_deadline_ms)`. */
  defaultDeadlineMs?: number;
  methods: MethodModel[];
  /** Where the service is declared (1-based), when the descriptors carry source info. */
  location?: { line: number; column: number };
}

export interface ProtoModel {
  loaded: LoadedProtos;
  /** The request every plugin (protoc-gen-es, protoc-gen-concord, ts-proto) is run on. */
  request: CodeGeneratorRequest;
  services: ServiceModel[];
}

/** Concord's own options (contracts/proto/concord/v1/options.proto); absent when no file imports them. */
const OPTION_NAMES = {
  serviceDeadline: "concord.v1.default_deadline_ms",
  methodDeadline: "concord.v1.deadline_ms",
  idempotencyKey: "concord.v1.idempotency_key_required",
} as const;

/**
 * The services of the compiled contracts, read by a plugin that writes nothing: the model sees the
 * descriptors, and the names of protoc-gen-es's output, exactly as protoc-gen-concord does.
 */
export function buildModel(loaded: LoadedProtos): ProtoModel {
  const request = codeGeneratorRequest(loaded);
  let services: ServiceModel[] = [];
  const reader = protoplugin.createEcmaScriptPlugin({
    name: "concord-model",
    version: "v1",
    generateTs(schema) {
      services = servicesOf(schema);
    },
  });
  reader.run(request);
  return { loaded, request, services };
}

/** The services declared in the files to generate, in order, with what Concord's options say about them. */
export function servicesOf(schema: Schema<object>): ServiceModel[] {
  const registry = createRegistry(...schema.allFiles);
  // Never printed to, so never written: it only tells the names protoc-gen-es gives each message.
  const names = schema.generateFile("concord-names.ts");
  const option = (name: string) => registry.getExtension(name);
  return schema.files.flatMap((file) => file.services.map((service) => serviceModel(service, names, option)));
}

type OptionLookup = (name: string) => DescExtension | undefined;

function serviceModel(service: DescService, names: GeneratedFile, option: OptionLookup): ServiceModel {
  const defaultDeadlineMs = numberOption(service, option(OPTION_NAMES.serviceDeadline));
  return {
    desc: service,
    file: `${service.file.name}.proto`,
    name: service.name,
    typeName: service.typeName,
    ...doc(service),
    ...(defaultDeadlineMs !== undefined ? { defaultDeadlineMs } : {}),
    methods: service.methods.map((method) => methodModel(method, names, option)),
    ...location(service),
  };
}

/** FileDescriptorProto field 6 is `service`; a location's span starts with its 0-based line and column. */
function location(service: DescService): { location?: { line: number; column: number } } {
  const index = service.file.services.indexOf(service);
  const span = service.file.proto.sourceCodeInfo?.location.find((l) => l.path.length === 2 && l.path[0] === 6 && l.path[1] === index)?.span;
  return span && span.length >= 2 ? { location: { line: span[0]! + 1, column: span[1]! + 1 } } : {};
}

function methodModel(method: DescMethod, names: GeneratedFile, option: OptionLookup): MethodModel {
  const deadlineMs = numberOption(method, option(OPTION_NAMES.methodDeadline));
  return {
    desc: method,
    name: method.name,
    localName: method.localName,
    kind: method.methodKind,
    ...doc(method),
    deprecated: method.deprecated,
    input: typeRef(method.input, names),
    output: typeRef(method.output, names),
    idempotency: idempotencyOf(method),
    ...(deadlineMs !== undefined ? { deadlineMs } : {}),
    idempotencyKeyRequired: booleanOption(method, option(OPTION_NAMES.idempotencyKey)),
  };
}

function idempotencyOf(method: DescMethod): Idempotency {
  switch (method.idempotency) {
    case MethodOptions_IdempotencyLevel.NO_SIDE_EFFECTS:
      return "no-side-effects";
    case MethodOptions_IdempotencyLevel.IDEMPOTENT:
      return "idempotent";
    default:
      return "unknown";
  }
}

function typeRef(message: DescMessage, names: GeneratedFile): TypeRef {
  const shape = names.importShape(message);
  return { desc: message, shape: shape.name, schema: names.importSchema(message).name, from: modulePath(shape) };
}

/** protoplugin names a generated file `./payment/v1/payment_pb.js` (from the output root), a package as it is. */
function modulePath(symbol: ImportSymbol): string {
  return symbol.from.replace(/^\.\//, "");
}

function numberOption(desc: DescService | DescMethod, ext: DescExtension | undefined): number | undefined {
  if (!ext) return undefined;
  const value = readOption(desc, ext);
  return typeof value === "number" && value > 0 ? value : undefined;
}

function booleanOption(desc: DescMethod, ext: DescExtension | undefined): boolean {
  if (!ext) return false;
  return readOption(desc, ext) === true;
}

/** getOption with an extension found by name at generation time, so its value type is unknown. */
const readOption = getOption as unknown as (desc: DescService | DescMethod, ext: DescExtension) => unknown;

function doc(desc: DescService | DescMethod): { doc?: string } {
  const text = protoplugin
    .getComments(desc)
    .leading?.split("\n")
    .map((line) => line.replace(/^ /, "").trimEnd())
    .join("\n")
    .trim();
  return text ? { doc: text } : {};
}
