import type { Finding } from "../../core/finding.js";
import { pairDocuments } from "../../source/document-pairs.js";
import { isAsyncApiDocument } from "../../source/contract-folder.js";
import { compareAsyncApi } from "./compare-asyncapi.js";
import type { Compatibility } from "./compatibility.js";

/** Every change between the `asyncapi/` folders of two contract trees. */
export function compareAsyncApiFolders(baseRoot: string, headRoot: string, compatibility: Compatibility = "FULL"): Finding[] {
  const { pairs, findings } = pairDocuments(baseRoot, headRoot, "asyncapi", isAsyncApiDocument, "AsyncAPI");
  for (const pair of pairs) findings.push(...compareAsyncApi(pair, compatibility));
  return findings;
}
