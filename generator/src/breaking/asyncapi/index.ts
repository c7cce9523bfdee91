import type { BreakingConfig } from "../config.js";
import type { Finding } from "../finding.js";
import { pairDocuments } from "../source/document-pairs.js";
import { isAsyncApiDocument } from "../../source/contract-folder.js";
import { compareAsyncApi } from "./compare-asyncapi.js";

/** Every change between the `asyncapi/` folders of two contract trees. */
export function compareAsyncApiFolders(baseRoot: string, headRoot: string, config: BreakingConfig): Finding[] {
  const { pairs, findings } = pairDocuments(baseRoot, headRoot, "asyncapi", isAsyncApiDocument, "AsyncAPI");
  for (const pair of pairs) findings.push(...compareAsyncApi(pair, config.asyncapi?.compatibility ?? "FULL"));
  return findings;
}
