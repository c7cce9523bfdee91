/**
 * Which parts of the contracts a service owns, from its name and the command line.
 *
 * - Connect (`--rpc <service…>`): a service's full name (`payment.v1.PaymentService`), its bare name
 *   when only one package has it (`PaymentService`), or a package wildcard (`payment.*`, `payment.v1.*`).
 *   Default: every service whose package starts with the service's name (`payment` → `payment.v1.*`).
 * - REST (`--rest <group…>`): an OpenAPI document (`gateway`: all its operation groups), one group
 *   (`gateway/orders`), or a group's name alone when one document has it. Groups are the SDK's: one
 *   per first tag, `default` for untagged operations. Default: the document named NAME or NAME-service.
 * - AsyncAPI (`--asyncapi <document…>`): the service's own documents, by file name; their `receive`
 *   operations are the topics it consumes, their `send` operations what it produces.
 *   Default: the document named NAME-service or NAME.
 *
 * A flag replaces that kind's default; `--no-rpc`, `--no-rest`, `--no-asyncapi` take none of a kind.
 * Names compare without case and punctuation (`user-profile` matches package `user_profile.v1`).
 */
import type { AsyncApiDocumentInfo, ContractInventory, RestDocumentInfo, RestGroupInfo, RpcServiceInfo } from "@concordkit/generator";

/** A kind's flag: the values given, `false` for `--no-<kind>`, undefined for the default. */
export type KindChoice = readonly string[] | false | undefined;

export interface OwnershipRequest {
  name: string;
  rpc?: KindChoice;
  rest?: KindChoice;
  asyncapi?: KindChoice;
}

export interface OwnedRestDocument {
  document: RestDocumentInfo;
  groups: RestGroupInfo[];
  /** Whether every group of the document is owned (the router then gets the full handler type). */
  whole: boolean;
}

export interface Ownership {
  rpc: RpcServiceInfo[];
  rest: OwnedRestDocument[];
  asyncapi: AsyncApiDocumentInfo[];
  /** Per kind, how it was chosen, for the command's output. */
  reasons: { rpc: string; rest: string; asyncapi: string };
}

/** Names on the command line that match nothing: the command exits 2 listing what exists. */
export class OwnershipError extends Error {
  override name = "OwnershipError";
}

export function resolveOwnership(inventory: ContractInventory, request: OwnershipRequest): Ownership {
  const unknown: string[] = [];
  const rpc = chooseRpc(inventory.rpc, request, unknown);
  const rest = chooseRest(inventory.rest, request, unknown);
  const asyncapi = chooseAsyncApi(inventory.asyncapi, request, unknown);
  if (unknown.length > 0) throw new OwnershipError([...unknown, "", ...describeInventory(inventory)].join("\n"));
  return {
    rpc: rpc.owned,
    rest: rest.owned,
    asyncapi: asyncapi.owned,
    reasons: { rpc: rpc.reason, rest: rest.reason, asyncapi: asyncapi.reason },
  };
}

export function isEmpty(ownership: Ownership): boolean {
  return ownership.rpc.length === 0 && ownership.rest.length === 0 && ownership.asyncapi.length === 0;
}

/** What the contracts offer, one line per kind, for error messages. */
export function describeInventory(inventory: ContractInventory): string[] {
  const list = (items: string[]) => (items.length === 0 ? "(none)" : items.join(", "));
  return [
    `Connect services (--rpc):   ${list(inventory.rpc.map((s) => s.typeName))}`,
    `REST groups (--rest):       ${list(inventory.rest.flatMap((d) => d.groups.map((g) => `${d.name}/${g.name}`)))}`,
    `AsyncAPI documents (--asyncapi): ${list(inventory.asyncapi.map((d) => d.name))}`,
  ];
}

function normal(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, "");
}

function chooseRpc(
  services: readonly RpcServiceInfo[],
  request: OwnershipRequest,
  unknown: string[],
): { owned: RpcServiceInfo[]; reason: string } {
  const choice = request.rpc;
  if (choice === false) return { owned: [], reason: "--no-rpc" };
  if (choice === undefined) {
    const owned = services.filter((s) => normal(s.package.split(".")[0] ?? "") === normal(request.name) && s.package !== "");
    return { owned, reason: `package ${request.name}.*` };
  }
  const owned = new Set<RpcServiceInfo>();
  for (const wanted of choice) {
    const found = matchRpc(services, wanted);
    if (found.length === 0) unknown.push(`--rpc ${wanted}: no such Connect service`);
    else if (found.length > 1 && !wanted.endsWith("*"))
      unknown.push(`--rpc ${wanted}: several services have that name (${found.map((s) => s.typeName).join(", ")}); give the full name`);
    else for (const service of found) owned.add(service);
  }
  return { owned: services.filter((s) => owned.has(s)), reason: `--rpc ${choice.join(" ")}` };
}

function matchRpc(services: readonly RpcServiceInfo[], wanted: string): RpcServiceInfo[] {
  if (wanted.endsWith(".*")) {
    const pkg = wanted.slice(0, -2);
    return services.filter((s) => s.package === pkg || s.package.startsWith(`${pkg}.`));
  }
  const exact = services.filter((s) => s.typeName === wanted);
  return exact.length > 0 ? exact : services.filter((s) => s.name === wanted);
}

function chooseRest(
  documents: readonly RestDocumentInfo[],
  request: OwnershipRequest,
  unknown: string[],
): { owned: OwnedRestDocument[]; reason: string } {
  const choice = request.rest;
  if (choice === false) return { owned: [], reason: "--no-rest" };
  if (choice === undefined) {
    const candidates = [normal(request.name), normal(`${request.name}-service`)];
    const owned = documents
      .filter((d) => candidates.includes(normal(d.name)))
      .map((document) => ({ document, groups: [...document.groups], whole: true }));
    return { owned, reason: `OpenAPI document ${request.name} or ${request.name}-service` };
  }
  const picked = new Map<RestDocumentInfo, Set<RestGroupInfo>>();
  const pick = (document: RestDocumentInfo, groups: readonly RestGroupInfo[]) => {
    const set = picked.get(document) ?? new Set<RestGroupInfo>();
    for (const group of groups) set.add(group);
    picked.set(document, set);
  };
  for (const wanted of choice) {
    const [first, second] = wanted.split("/", 2) as [string, string | undefined];
    if (second !== undefined) {
      const document = documents.find((d) => d.name === first);
      const group = document?.groups.find((g) => g.name === second || g.tag === second);
      if (!document || !group) unknown.push(`--rest ${wanted}: no such operation group`);
      else pick(document, [group]);
      continue;
    }
    const document = documents.find((d) => d.name === wanted);
    if (document) {
      pick(document, document.groups);
      continue;
    }
    const groups = documents.flatMap((d) => d.groups.filter((g) => g.name === wanted || g.tag === wanted).map((g) => ({ d, g })));
    if (groups.length === 0) unknown.push(`--rest ${wanted}: no such OpenAPI document or operation group`);
    else if (groups.length > 1)
      unknown.push(
        `--rest ${wanted}: several documents have that group (${groups.map(({ d }) => `${d.name}/${wanted}`).join(", ")}); give document/group`,
      );
    else pick(groups[0]!.d, [groups[0]!.g]);
  }
  const owned = documents
    .filter((d) => picked.has(d))
    .map((document) => {
      const set = picked.get(document)!;
      const groups = document.groups.filter((g) => set.has(g));
      return { document, groups, whole: groups.length === document.groups.length };
    });
  return { owned, reason: `--rest ${choice.join(" ")}` };
}

function chooseAsyncApi(
  documents: readonly AsyncApiDocumentInfo[],
  request: OwnershipRequest,
  unknown: string[],
): { owned: AsyncApiDocumentInfo[]; reason: string } {
  const choice = request.asyncapi;
  if (choice === false) return { owned: [], reason: "--no-asyncapi" };
  if (choice === undefined) {
    // NAME-service first: `order` owns order-service.yaml even if an `order.yaml` existed too.
    const owned =
      documents.find((d) => normal(d.name) === normal(`${request.name}-service`)) ??
      documents.find((d) => normal(d.name) === normal(request.name));
    return { owned: owned ? [owned] : [], reason: `AsyncAPI document ${request.name}-service or ${request.name}` };
  }
  const owned = new Set<AsyncApiDocumentInfo>();
  for (const wanted of choice) {
    const document = documents.find((d) => d.name === wanted || d.name === wanted.replace(/\.(ya?ml|json)$/, ""));
    if (!document) unknown.push(`--asyncapi ${wanted}: no such AsyncAPI document`);
    else owned.add(document);
  }
  return { owned: documents.filter((d) => owned.has(d)), reason: `--asyncapi ${choice.join(" ")}` };
}
