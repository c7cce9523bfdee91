/** The REST client core the generated SDK calls: fetch with auth, retries and typed results, and SSE. Browser-safe. */
export { call, createClient, type ApiResult, type CallOptions, type Client, type ClientOptions, type RequestInput } from "./client.js";
export type { ErrorStatus, Failure, StatusRange, Success, SuccessStatus } from "./result.js";
export { SdkError, type SdkErrorCode } from "./sdk-error.js";
export { subscribe, type ServerEvent, type SubscribeOptions } from "./sse.js";
