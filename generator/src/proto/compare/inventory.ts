import { resolve } from "node:path";
import { runBuf } from "../buf.js";
import { bufFailure } from "../buf-errors.js";
import { shownPath } from "../../source/shown-path.js";
import type { Finding } from "../../core/finding.js";

interface Descriptor {
  name?: string;
  number?: number;
  field?: Descriptor[];
  nestedType?: Descriptor[];
  enumType?: Descriptor[];
  value?: Descriptor[];
  method?: Descriptor[];
}

interface FileDescriptor extends Descriptor {
  package?: string;
  messageType?: Descriptor[];
  service?: Descriptor[];
}

/** Every named element of a module (messages, fields, enums, values, services, RPCs) → the file it is in. */
async function elements(dir: string, cwd: string): Promise<Map<string, string>> {
  const run = await runBuf(
    ["build", dir, "--exclude-source-info", "--error-format=json", "--config", '{"version":"v2"}', "-o", "-#format=json"],
    cwd,
  );
  if (run.code !== 0) throw bufFailure(run, (path) => shownPath(resolve(dir, path ?? ".")));
  const image = JSON.parse(run.stdout.toString("utf8")) as { file?: FileDescriptor[] };
  const out = new Map<string, string>();
  for (const file of image.file ?? []) {
    const name = file.name ?? "";
    if (name.startsWith("google/protobuf/")) continue;
    const prefix = file.package ? `${file.package}.` : "";
    const message = (m: Descriptor, scope: string): void => {
      const full = `${scope}${m.name}`;
      out.set(`message ${full}`, name);
      for (const f of m.field ?? []) out.set(`field ${full}.${f.name} = ${f.number}`, name);
      for (const nested of m.nestedType ?? []) message(nested, `${full}.`);
      for (const e of m.enumType ?? []) enumeration(e, `${full}.`);
    };
    const enumeration = (e: Descriptor, scope: string): void => {
      out.set(`enum ${scope}${e.name}`, name);
      for (const v of e.value ?? []) out.set(`enum value ${scope}${e.name}.${v.name} = ${v.number}`, name);
    };
    for (const m of file.messageType ?? []) message(m, prefix);
    for (const e of file.enumType ?? []) enumeration(e, prefix);
    for (const s of file.service ?? []) {
      out.set(`service ${prefix}${s.name}`, name);
      for (const rpc of s.method ?? []) out.set(`rpc ${prefix}${s.name}.${rpc.name}`, name);
    }
  }
  return out;
}

/** Added and removed proto elements, for `concord diff`'s changelog (buf judges what breaks). */
export async function inventoryChanges(baseDir: string, headDir: string, cwd: string): Promise<Finding[]> {
  const [before, after] = await Promise.all([elements(baseDir, cwd), elements(headDir, cwd)]);
  const findings: Finding[] = [];
  for (const [element, file] of after) {
    if (!before.has(element))
      findings.push({ rule: "proto-element-added", level: "info", file: `proto/${file}`, location: element, message: `${element} added` });
  }
  for (const [element, file] of before) {
    if (!after.has(element))
      findings.push({
        rule: "proto-element-removed",
        level: "info",
        file: `proto/${file}`,
        location: element,
        message: `${element} removed`,
      });
  }
  return findings;
}
