/** The one validator compiler under the Kafka validators and the REST stubs (generator/src/schema/validators.ts). */
import { describe, expect, it } from "vitest";
import { ContractError } from "../../generator/src/core/contract-error.js";
import { standaloneValidators } from "../../generator/src/schema/validators.js";

describe("standaloneValidators", () => {
  it("compiles each dialect as its contracts write it", () => {
    const tuple = { id: "concord:t", schema: { $id: "concord:t", type: "array", prefixItems: [{ type: "string" }], items: false } };
    const code2020 = standaloneValidators({ dialect: "2020-12", file: "openapi/a.yaml" }, [tuple], { checkTuple: "concord:t" });
    expect(code2020).toContain("export const checkTuple");
    // draft-07 has no prefixItems: `items: false` then refuses every item.
    const code07 = standaloneValidators({ dialect: "draft-07", file: "asyncapi/a.yaml" }, [tuple], { checkTuple: "concord:t" });
    expect(code07).not.toBe(code2020);
  });

  it("takes ajv's helpers from the runtime's validation entry, not from ajv's internals", () => {
    const schema = { $id: "concord:s", type: "string", format: "email", maxLength: 3 };
    const code = standaloneValidators({ dialect: "2020-12", file: "openapi/a.yaml", openapi: true }, [{ id: "concord:s", schema }], {
      checkS: "concord:s",
    });
    expect(code).toMatch(/^import \{ [^}]*\bucs2length\b[^}]* \} from "@concordkit\/runtime\/validation";/);
    expect(code).not.toContain("require(");
  });

  it("makes a schema ajv cannot compile a contract error naming the file and rule", () => {
    const bad = { id: "concord:bad", schema: { $id: "concord:bad", type: "string", pattern: "([" } };
    for (const dialect of ["draft-07", "2020-12"] as const) {
      const run = () => standaloneValidators({ dialect, file: "asyncapi/bad.yaml" }, [bad], { checkBad: "concord:bad" });
      expect(run).toThrow(ContractError);
      try {
        run();
      } catch (error) {
        expect((error as ContractError).problems[0]).toMatchObject({ file: "asyncapi/bad.yaml", rule: "schema-not-compilable" });
      }
    }
  });
});
