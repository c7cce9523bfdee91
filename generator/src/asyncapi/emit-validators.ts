import { generatedHeader } from "../core/header.js";
import type { GeneratedFile } from "../core/generated-file.js";
import { standaloneValidators, UNCHECKED } from "../schema/validators.js";
import type { ChannelModel } from "./model.js";
import { EMITTER, validatorFile, validatorName } from "./paths.js";
import { runtime } from "../core/runtime-symbols.js";
import { importLines } from "../core/imports.js";

/**
 * Validators compiled ahead of time with ajv's standalone code: a module with one
 * `validate<Message>(value): ValidationResult` per message. Nothing compiles a schema at run time;
 * the module loads only ajv's and ajv-formats' small helpers. It is TypeScript so that a project's
 * own `tsc` emits it with the rest; ajv's code in it is left unchecked (`@ts-nocheck`).
 */
export function emitValidators(channel: ChannelModel): GeneratedFile[] {
  const source = channel.sources.join(", ");
  return [{ path: validatorFile(channel), content: validatorModule(channel, source) }];
}

function validatorModule(channel: ChannelModel, source: string): string {
  const exports: Record<string, string> = {};
  const schemas = channel.messages.map((message) => {
    const id = `concord:${channel.address}/${message.name}`;
    exports[checkName(validatorName(message))] = id;
    return { id, schema: typeof message.payload === "object" ? { ...message.payload, $id: id } : message.payload };
  });
  const compiled = standaloneValidators({ dialect: "draft-07", file: source }, schemas, exports).replace(
    /^export const (check\w+) =/gm,
    "const $1 =",
  );
  const wrappers = channel.messages.flatMap((message) => [
    `/** Checks one ${message.name} payload against the contract's schema. */`,
    `export function ${validatorName(message)}(value: unknown): ${runtime.kafka.ValidationResult.name} {`,
    `  return result(${checkName(validatorName(message))}, value);`,
    "}",
    "",
  ]);
  return [
    generatedHeader(EMITTER, source).trimEnd(),
    UNCHECKED,
    ...importLines([runtime.kafka.ValidationResult]),
    compiled.trim(),
    "",
    ...wrappers,
    "function result(check, value) {",
    "  if (check(value)) return { valid: true };",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: this is the generated code's template literal
    '  const errors = (check.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? error.keyword}`);',
    "  return { valid: false, errors };",
    "}",
    "",
  ].join("\n");
}

function checkName(validator: string): string {
  return validator.replace(/^validate/, "check");
}
