import { joinPointer } from "../../core/json-pointer.js";
import type { Finding } from "../../core/finding.js";
import { levelFor, type Direction, type SchemaChange } from "./schema-diff.js";

export interface SchemaContext {
  file: string;
  /** Pointer of the schema root in the head document. */
  pointer: string;
  direction: Direction;
  /** Rule prefix for changes of the schema root (`request-body`) and of its properties (`request-property`). */
  rootRule: string;
  nestedRule: string;
  /** What the schema is, for messages: `POST /orders request body`. */
  label: string;
  line?: (pointer: string) => number | undefined;
}

/** Names each schema change for its context: rule id, level for the direction, pointer, message. */
export function schemaFindings(changes: readonly SchemaChange[], context: SchemaContext): Finding[] {
  return changes.map((change) => {
    const location = joinPointer(context.pointer, ...change.path);
    const prefix = change.path.length === 0 ? context.rootRule : context.nestedRule;
    const where = change.subject ? `${context.label} property \`${change.subject}\`` : context.label;
    const finding: Finding = {
      rule: `${prefix}-${change.what}`,
      level: levelFor(change, context.direction),
      file: context.file,
      location,
      message: `${where}: ${change.detail}`,
    };
    const line = context.line?.(location);
    if (line !== undefined) finding.line = line;
    return finding;
  });
}
