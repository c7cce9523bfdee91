/**
 * protoc-gen-concord: Concord's Connect wrappers (`*_service_client.ts`, `*_service_server.ts`)
 * from a CodeGeneratorRequest — the generator's protoplugin plugin, the one `concord generate`
 * runs in process, so both write the same files. Options and errors: see the generator's
 * proto/plugin.ts.
 */
export { protocGenConcord, type ConcordPluginOptions } from "@concordkit/generator/protoc-plugin";
