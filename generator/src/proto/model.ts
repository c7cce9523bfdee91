import { createRequire } from "node:module";
import {
  createFileRegistry,
  getOption,
  type DescExtension,
  type DescFile,
  type DescMessage,
  type DescMethod,
  type DescService,
  type Registry,
} from "@bufbuild/protobuf";
import { wktPublicImportPaths } from "@bufbuild/protobuf/codegenv2";
import { MethodOptions_IdempotencyLevel } from "@bufbuild/protobuf/wkt";
import type { LoadedProtos } from "./load.js";

/**
 * @bufbuild/protoplugin's CommonJS build, the one protoc-gen-es (CommonJS only) runs on anyway. Its
 * ES build would be a second copy, and importing it makes Node scan the 9 MB TypeScript it imports
 * (CommonJS) for export names: about 0.2 s of every `concord generate`.
 */
const { getComments, safeIdentifier } = createRequire(import.meta.url)("@bufbuild/protoplugin") as typeof import("@bufbuild/protoplugin");

/** A message type as the protoc-gen-es output names it, and where to import it from. */
export interface TypeRef {
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
  /** The proto file that declares it, e.g. `payment/v1/payment.proto`. */
  file: string;
  name: string;
  typeName: string;
  /** The service descriptor constant protoc-gen-es exports, e.g. `PaymentService`. */
  descriptor: TypeRef;
  doc?: string;
  /** From `(concord.v1.default_deadline_ms)`. */
  defaultDeadlineMs?: number;
  methods: MethodModel[];
  /** Where the service is declared (1-based), when the descriptors carry source info. */
  location?: { line: number; column: number };
}

export interface ProtoModel {
  loaded: LoadedProtos;
  services: ServiceModel[];
}

/** Concord's own options (contracts/proto/concord/v1/options.proto); absent when no file imports them. */
const OPTION_NAMES = {
  serviceDeadline: "concord.v1.default_deadline_ms",
  methodDeadline: "concord.v1.deadline_ms",
  idempotencyKey: "concord.v1.idempotency_key_required",
} as const;

/** Where the model finds Concord's options (by name): a FileRegistry, or protoplugin's files in a Registry. */
export type ExtensionLookup = Pick<Registry, "getExtension">;

export function buildModel(loaded: LoadedProtos): ProtoModel {
  const registry = createFileRegistry(loaded.set);
  const files = loaded.filesToGenerate.flatMap((name) => registry.getFile(name) ?? []);
  return { loaded, services: servicesOf(files, registry) };
}

/**
 * The services declared in `files`, in order, with what Concord's options say about them. Both
 * `concord generate` (files from buf's FileDescriptorSet) and protoc-gen-concord (files from the
 * CodeGeneratorRequest that protoplugin reads) build their services here.
 */
export function servicesOf(files: Iterable<DescFile>, registry: ExtensionLookup): ServiceModel[] {
  const services: ServiceModel[] = [];
  for (const file of files) {
    for (const service of file.services) services.push(serviceModel(service, registry));
  }
  return services;
}

function serviceModel(service: DescService, registry: ExtensionLookup): ServiceModel {
  const defaultDeadlineMs = numberOption(service, registry.getExtension(OPTION_NAMES.serviceDeadline));
  return {
    file: service.file.name + ".proto",
    name: service.name,
    typeName: service.typeName,
    descriptor: { shape: identifier(service), schema: identifier(service), from: pbModule(service.file.name) },
    ...doc(service),
    ...(defaultDeadlineMs !== undefined ? { defaultDeadlineMs } : {}),
    methods: service.methods.map((method) => methodModel(method, registry)),
    ...location(service),
  };
}

/** FileDescriptorProto field 6 is `service`; a location's span starts with its 0-based line and column. */
function location(service: DescService): { location?: { line: number; column: number } } {
  const index = service.file.services.indexOf(service);
  const span = service.file.proto.sourceCodeInfo?.location.find(
    (l) => l.path.length === 2 && l.path[0] === 6 && l.path[1] === index,
  )?.span;
  return span && span.length >= 2 ? { location: { line: span[0]! + 1, column: span[1]! + 1 } } : {};
}

function methodModel(method: DescMethod, registry: ExtensionLookup): MethodModel {
  const deadlineMs = numberOption(method, registry.getExtension(OPTION_NAMES.methodDeadline));
  return {
    name: method.name,
    localName: method.localName,
    kind: method.methodKind,
    ...doc(method),
    deprecated: method.deprecated,
    input: typeRef(method.input),
    output: typeRef(method.output),
    idempotency: idempotencyOf(method),
    ...(deadlineMs !== undefined ? { deadlineMs } : {}),
    idempotencyKeyRequired: booleanOption(method, registry.getExtension(OPTION_NAMES.idempotencyKey)),
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

function typeRef(message: DescMessage): TypeRef {
  const name = identifier(message);
  const wkt = wktPublicImportPaths[message.file.proto.name];
  return { shape: name, schema: safeIdentifier(`${name}Schema`), from: wkt ?? pbModule(message.file.name) };
}

/** protoc-gen-es's naming: the type name without the package, nesting joined with `_`. */
function identifier(desc: DescMessage | DescService): string {
  const pkg = desc.file.proto.package;
  const local = pkg.length > 0 ? desc.typeName.slice(pkg.length + 1) : desc.typeName;
  return safeIdentifier(local.replace(/\./g, "_"));
}

function pbModule(fileNameWithoutExt: string): string {
  return `${fileNameWithoutExt}_pb.js`;
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
  const text = getComments(desc)
    .leading?.split("\n")
    .map((line) => line.replace(/^ /, "").trimEnd())
    .join("\n")
    .trim();
  return text ? { doc: text } : {};
}
