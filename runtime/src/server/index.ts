/** The REST server core the generated stubs mount on node:http or node:http2: routing, validation, problem+json. */
export type {
  BodyResult,
  CompiledValidator,
  EventWriter,
  HandlerInput,
  HandlerResult,
  OperationHandler,
  OperationSpec,
  Principal,
  RequestContext,
  ResponseHeaders,
  ServerContract,
  ServerRequest,
  ServerSentEvent,
  StreamResult,
  ValidationError,
  WithDefaults,
} from "./operation.js";
export { PROBLEM_CONTENT_TYPE, problem, type ProblemDetails, type RequestViolation } from "./problem.js";
export { sendProblem, type ServerResponseLike } from "./respond.js";
export type { ResponseSchemas } from "./response-validators.js";
export { createRouter, type ErrorAnswer, type RequestListener, type RouterOptions } from "./router.js";
export type { Credentials } from "./security.js";
export type { ClientErrorStatus, HttpStatus, InformationalStatus, RedirectStatus, ServerErrorStatus, SuccessStatus } from "./status.js";
