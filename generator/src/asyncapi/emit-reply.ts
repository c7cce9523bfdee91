import type { Printable, TsFile } from "../core/ts-file.js";
import type { ResolvedOperation } from "./operations.js";
import { channelFile, messageConst, messageTypesFile, payloadType } from "./paths.js";

type Reply = NonNullable<ResolvedOperation["reply"]>;

/** The reply's payload type: the message's, or the union of the messages a replier chooses among. */
export function replyPayload(file: TsFile, reply: Reply): Printable[] {
  return reply.messages.flatMap((message, index) => [
    ...(index > 0 ? [" | "] : []),
    file.importType(payloadType(message), messageTypesFile(message, reply.channel)),
  ]);
}

/** The reply's spec for the runtime: one `MessageSpec`, or the list of them. */
export function replySpecs(file: TsFile, reply: Reply): Printable[] {
  const specs = reply.messages.map((message) => file.import(messageConst(message), channelFile(reply.channel)));
  if (specs.length === 1) return [specs[0]!];
  return ["[", ...specs.flatMap((spec, index) => [...(index > 0 ? [", "] : []), spec]), "]"];
}

/** `UserProfile`, or `Subscribed or Failed`, for the comments. */
export function replyNames(reply: Reply): string {
  return reply.messages.map((message) => message.name).join(" or ");
}
