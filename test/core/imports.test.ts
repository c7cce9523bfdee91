/** Import lines, as generated code and scaffolded code print them (generator/src/core/imports.ts). */
import { describe, expect, it } from "vitest";
import { importLines, LINE_WIDTH } from "../../generator/src/core/imports.js";

describe("importLines", () => {
  it("orders built-ins, packages, then relative paths, and names without regard to case", () => {
    const lines = importLines([
      { name: "Order", from: "./types.js", typeOnly: true },
      { name: "Transport", from: "@connectrpc/connect", typeOnly: true },
      { name: "createClient", from: "@connectrpc/connect", typeOnly: false },
      { name: "strict as assert", from: "node:assert", typeOnly: false },
    ]);
    expect(lines).toEqual([
      'import { strict as assert } from "node:assert";',
      'import { createClient, type Transport } from "@connectrpc/connect";',
      'import type { Order } from "./types.js";',
    ]);
  });

  it("makes a name a value import once any use of it is a value", () => {
    expect(
      importLines([
        { name: "Code", from: "x", typeOnly: true },
        { name: "Code", from: "x", typeOnly: false },
      ]),
    ).toEqual(['import { Code } from "x";']);
  });

  it(`puts one name per line when the line would pass ${LINE_WIDTH} characters`, () => {
    const names = ["ConcordProducer", "createProducer", "Kafka", "ProducerOptions", "SendMetadata", "SentMessage", "OtherThing"];
    const [line] = importLines(names.map((name) => ({ name, from: "@concordkit/runtime/kafka", typeOnly: name !== "createProducer" })));
    expect(line).toBe(
      [
        "import {",
        "  type ConcordProducer,",
        "  createProducer,",
        "  type Kafka,",
        "  type OtherThing,",
        "  type ProducerOptions,",
        "  type SendMetadata,",
        "  type SentMessage,",
        '} from "@concordkit/runtime/kafka";',
      ].join("\n"),
    );
    expect(line!.split("\n").every((l) => l.length <= LINE_WIDTH)).toBe(true);
  });
});
