import type { Finding } from "../../core/finding.js";
import { pairDocuments } from "../../source/document-pairs.js";
import { isOpenApiDocument } from "../../source/contract-folder.js";
import { compareOpenApi } from "./compare-openapi.js";
import { OpenApiContext } from "./context.js";

/** Every change between the `openapi/` folders of two contract trees. */
export function compareOpenApiFolders(baseRoot: string, headRoot: string): Finding[] {
  const { pairs, findings } = pairDocuments(baseRoot, headRoot, "openapi", isOpenApiDocument, "OpenAPI");
  for (const pair of pairs) {
    const ctx = new OpenApiContext(pair.base, pair.head, pair.baseFile, pair.headFile, pair.display);
    compareOpenApi(ctx);
    findings.push(...ctx.findings);
  }
  return findings;
}
