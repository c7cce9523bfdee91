import { describe, expect, it } from "vitest";
import { protoElement } from "../../generator/src/proto/compare/element.js";

describe("protoElement names the element of a buf breaking message", () => {
  it.each([
    ['Previously present field "2" with name "n" on message "A" was deleted.', "A.n (2)"],
    ['Field "3" on message "ChargeRequest" changed name from "currency" to "currency_code".', "ChargeRequest.currency_code (3)"],
    ['Previously present RPC "Refund" on service "PaymentService" was deleted.', "PaymentService.Refund"],
    ['Previously present service "S" was deleted from file.', "S"],
    ['Previously present enum value "2" with name "PAID" on enum "Status" was deleted.', "Status.PAID (2)"],
  ])("%s", (message, element) => {
    expect(protoElement(message)).toBe(element);
  });
});
