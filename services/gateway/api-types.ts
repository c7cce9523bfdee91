/** The gateway's REST shapes, as the generated OpenAPI types define them. */
import type { components, Readable, Writable } from "../../generated/openapi/gateway/types.js";

type Schemas = components["schemas"];

export type Order = Readable<Schemas["Order"]>;
export type OrderInput = Writable<Schemas["Order"]>;
export type OrderStatusChanged = Readable<Schemas["OrderStatusChanged"]>;
export type OrderStatus = Schemas["OrderStatus"];
export type User = Readable<Schemas["User"]>;
export type Account = Readable<Schemas["Account"]>;
export type Report = Readable<Schemas["Report"]>;
export type Problem = Readable<Schemas["Problem"]>;
