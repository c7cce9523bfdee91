import { joinPointer } from "../../core/json-pointer.js";
import { diffSchemas } from "../../schema/diff/schema-diff.js";
import { schemaFindings } from "../../schema/diff/schema-findings.js";
import { asRecord, type Located } from "../../source/document-set.js";
import { compareParameters } from "./compare-parameters.js";
import { mediaBodySchema } from "./media-schema.js";
import { compareSecurity } from "./compare-security.js";
import type { OpenApiContext } from "./context.js";

export interface OperationSide {
  operation: Record<string, unknown>;
  /** The path item, for path-level parameters. */
  item: Record<string, unknown>;
  root: Record<string, unknown>;
  template: string;
}

export interface OperationPair {
  label: string;
  pointer: string;
  pathPointer: string;
  base: OperationSide;
  head: OperationSide;
}

export function compareOperation(ctx: OpenApiContext, pair: OperationPair): void {
  const { base, head, pointer, label } = pair;
  if (head.operation["deprecated"] === true && base.operation["deprecated"] !== true) {
    ctx.report("api-operation-deprecated", "info", joinPointer(pointer, "deprecated"), `operation ${label} deprecated`);
  }
  const baseId = base.operation["operationId"];
  const headId = head.operation["operationId"];
  if (typeof baseId === "string" && baseId !== headId) {
    ctx.report(
      "api-operation-id-changed",
      "warning",
      joinPointer(pointer, "operationId"),
      `operation ${label}: operationId ${baseId} → ${String(headId ?? "none")} (generated client method names change)`,
    );
  }
  compareParameters(ctx, pair);
  compareRequestBody(ctx, pair);
  compareResponses(ctx, pair);
  compareSecurity(ctx, pair);
}

function compareRequestBody(ctx: OpenApiContext, { base, head, pointer, label }: OperationPair): void {
  const bodyPointer = joinPointer(pointer, "requestBody");
  const baseBody = base.operation["requestBody"] === undefined ? undefined : ctx.baseAt(base.operation["requestBody"]);
  const headBody = head.operation["requestBody"] === undefined ? undefined : ctx.headAt(head.operation["requestBody"]);
  const required = (body: Located | undefined): boolean => asRecord(body?.node)["required"] === true;
  if (!baseBody && !headBody) return;
  if (!baseBody && headBody) {
    if (required(headBody)) ctx.report("request-body-added-required", "error", bodyPointer, `${label}: a required request body was added`);
    else ctx.report("request-body-added", "info", bodyPointer, `${label}: an optional request body was added`);
    return;
  }
  if (baseBody && !headBody) {
    ctx.report("request-body-removed", "warning", bodyPointer, `${label}: the request body was removed`);
    return;
  }
  if (!baseBody || !headBody) return;
  if (!required(baseBody) && required(headBody)) {
    ctx.report("request-body-became-required", "error", joinPointer(bodyPointer, "required"), `${label}: the request body became required`);
  } else if (required(baseBody) && !required(headBody)) {
    ctx.report("request-body-became-optional", "info", joinPointer(bodyPointer, "required"), `${label}: the request body became optional`);
  }
  compareContent(ctx, baseBody, headBody, joinPointer(bodyPointer, "content"), `${label} request body`, "request");
}

function compareResponses(ctx: OpenApiContext, { base, head, pointer, label }: OperationPair): void {
  const baseResponses = asRecord(base.operation["responses"]);
  const headResponses = asRecord(head.operation["responses"]);
  const responsesPointer = joinPointer(pointer, "responses");
  for (const status of Object.keys(baseResponses)) {
    const at = joinPointer(responsesPointer, status);
    if (!(status in headResponses)) {
      const success = /^2/.test(status);
      ctx.report("response-status-removed", success ? "error" : "warning", at, `${label}: response ${status} removed`);
      continue;
    }
    const baseResponse = ctx.baseAt(baseResponses[status]);
    const headResponse = ctx.headAt(headResponses[status]);
    compareContent(ctx, baseResponse, headResponse, joinPointer(at, "content"), `${label} response ${status}`, "response");
    compareResponseHeaders(ctx, baseResponse, headResponse, joinPointer(at, "headers"), `${label} response ${status}`);
  }
  for (const status of Object.keys(headResponses)) {
    if (!(status in baseResponses)) {
      ctx.report("response-status-added", "info", joinPointer(responsesPointer, status), `${label}: response ${status} added`);
    }
  }
}

function compareContent(
  ctx: OpenApiContext,
  base: Located,
  head: Located,
  pointer: string,
  label: string,
  direction: "request" | "response",
): void {
  const baseContent = asRecord(asRecord(base.node)["content"]);
  const headContent = asRecord(asRecord(head.node)["content"]);
  for (const media of Object.keys(baseContent)) {
    const at = joinPointer(pointer, media);
    if (!(media in headContent)) {
      ctx.report(`${direction}-media-type-removed`, "error", at, `${label}: media type ${media} removed`);
      continue;
    }
    const baseSchema = mediaBodySchema(ctx.base, { node: baseContent[media], file: base.file }, media);
    const headSchema = mediaBodySchema(ctx.head, { node: headContent[media], file: head.file }, media);
    if (baseSchema.schema === undefined && headSchema.schema === undefined) continue;
    const changes = diffSchemas(baseSchema.schema ?? { node: {}, file: base.file }, headSchema.schema ?? { node: {}, file: head.file }, {
      base: ctx.base,
      head: ctx.head,
      direction,
      memo: ctx.schemaMemo,
    });
    ctx.findings.push(
      ...schemaFindings(changes, {
        file: ctx.display,
        pointer: joinPointer(at, headSchema.key),
        direction,
        rootRule: `${direction}-body`,
        nestedRule: `${direction}-property`,
        label: `${label} (${media})`,
        line: (p) => ctx.line(p),
      }),
    );
  }
  for (const media of Object.keys(headContent)) {
    if (!(media in baseContent)) {
      ctx.report(`${direction}-media-type-added`, "info", joinPointer(pointer, media), `${label}: media type ${media} added`);
    }
  }
}

function compareResponseHeaders(ctx: OpenApiContext, base: Located, head: Located, pointer: string, label: string): void {
  const baseHeaders = asRecord(asRecord(base.node)["headers"]);
  const headHeaders = asRecord(asRecord(head.node)["headers"]);
  for (const name of Object.keys(baseHeaders)) {
    if (name in headHeaders) continue;
    const required = asRecord(ctx.base.resolve({ node: baseHeaders[name], file: base.file }).node)["required"] === true;
    ctx.report("response-header-removed", required ? "error" : "warning", joinPointer(pointer, name), `${label}: header ${name} removed`);
  }
  for (const name of Object.keys(headHeaders)) {
    if (!(name in baseHeaders)) ctx.report("response-header-added", "info", joinPointer(pointer, name), `${label}: header ${name} added`);
  }
}
