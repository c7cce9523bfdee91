import type { Finding, Level } from "../../core/finding.js";
import type { SchemaChange } from "../../schema/diff/schema-diff.js";
import type { DocumentSet, Located } from "../../source/document-set.js";

/** Both sides of one OpenAPI document, and where findings go. */
export class OpenApiContext {
  readonly findings: Finding[] = [];
  /** Schema diffs of component pairs, shared by every operation of the document. */
  readonly schemaMemo = new Map<string, SchemaChange[]>();

  constructor(
    readonly base: DocumentSet,
    readonly head: DocumentSet,
    readonly baseFile: string,
    readonly headFile: string,
    /** The file as findings name it, relative to the contracts folder. */
    readonly display: string,
  ) {}

  report(rule: string, level: Level, location: string, message: string): void {
    const finding: Finding = { rule, level, file: this.display, location, message };
    const line = this.line(location);
    if (line !== undefined) finding.line = line;
    this.findings.push(finding);
  }

  line(pointer: string): number | undefined {
    return this.head.lineOf(this.headFile, pointer);
  }

  baseAt(node: unknown): Located {
    return this.base.resolve({ node, file: this.baseFile });
  }

  headAt(node: unknown): Located {
    return this.head.resolve({ node, file: this.headFile });
  }
}
