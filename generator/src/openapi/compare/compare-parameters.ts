import { joinPointer } from "../../core/json-pointer.js";
import { diffSchemas } from "../../schema/diff/schema-diff.js";
import { schemaFindings } from "../../schema/diff/schema-findings.js";
import { asRecord, type DocumentSet, type Located } from "../../source/document-set.js";
import type { OperationPair, OperationSide } from "./compare-operation.js";
import type { OpenApiContext } from "./context.js";

interface Parameter {
  name: string;
  in: string;
  required: boolean;
  schema: Located;
  pointer: string;
}

export function compareParameters(ctx: OpenApiContext, pair: OperationPair): void {
  const base = parameters(ctx.base, ctx.baseFile, pair.base, pair.pathPointer, pair.pointer);
  const head = parameters(ctx.head, ctx.headFile, pair.head, pair.pathPointer, pair.pointer);
  for (const [key, bp] of base) {
    const hp = head.get(key);
    const what = `${pair.label}: ${bp.in} parameter ${bp.name}`;
    if (!hp) {
      ctx.report("request-parameter-removed", "warning", bp.pointer, `${what} removed`);
      continue;
    }
    if (!bp.required && hp.required) ctx.report("request-parameter-became-required", "error", hp.pointer, `${what} became required`);
    if (bp.required && !hp.required) ctx.report("request-parameter-became-optional", "info", hp.pointer, `${what} became optional`);
    const changes = diffSchemas(bp.schema, hp.schema, { base: ctx.base, head: ctx.head, direction: "request", memo: ctx.schemaMemo });
    ctx.findings.push(
      ...schemaFindings(changes, {
        file: ctx.display,
        pointer: joinPointer(hp.pointer, "schema"),
        direction: "request",
        rootRule: "request-parameter",
        nestedRule: "request-parameter-property",
        label: `${pair.label} ${hp.in} parameter ${hp.name}`,
        line: (p) => ctx.line(p),
      }),
    );
  }
  for (const [key, hp] of head) {
    if (base.has(key)) continue;
    const what = `${pair.label}: new ${hp.required ? "required" : "optional"} ${hp.in} parameter ${hp.name}`;
    if (hp.required) ctx.report("request-parameter-added-required", "error", hp.pointer, what);
    else ctx.report("request-parameter-added", "info", hp.pointer, what);
  }
}

/**
 * The operation's effective parameters (path-level ones overridden by operation-level ones), keyed
 * by location and name; path parameters by their position in the template, so a rename is not a removal.
 */
function parameters(
  docs: DocumentSet,
  file: string,
  side: OperationSide,
  pathPointer: string,
  operationPointer: string,
): Map<string, Parameter> {
  const out = new Map<string, Parameter>();
  const positions = [...side.template.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
  const collect = (list: unknown, pointer: string): void => {
    if (!Array.isArray(list)) return;
    list.forEach((raw, index) => {
      const resolved = docs.resolve({ node: raw, file });
      const p = asRecord(resolved.node);
      const name = String(p["name"] ?? "");
      const where = String(p["in"] ?? "");
      const key = where === "path" ? `path:#${positions.indexOf(name)}` : `${where}:${where === "header" ? name.toLowerCase() : name}`;
      out.set(key, {
        name,
        in: where,
        required: p["required"] === true,
        schema: { node: p["schema"] ?? {}, file: resolved.file },
        pointer: joinPointer(pointer, "parameters", index),
      });
    });
  };
  collect(side.item["parameters"], pathPointer);
  collect(side.operation["parameters"], operationPointer);
  return out;
}
