/**
 * The proto element a buf message talks about, e.g. `OrderService.CreateOrder` or
 * `Order.status (3)`, taken from the quoted names in buf's message.
 */
export function protoElement(message: string): string | undefined {
  const container = /on (?:message|service|enum) "([^"]+)"/.exec(message)?.[1];
  const field = /[Ff]ield "(\d+)"(?: with name "([^"]+)")?/.exec(message);
  const rpc = /RPC "([^"]+)"/.exec(message)?.[1];
  const value = /[Ee]num value "(\d+)"(?: with name "([^"]+)")?/.exec(message);
  let member: string | undefined;
  if (value) member = value[2] ? `${value[2]} (${value[1]})` : `#${value[1]}`;
  else if (field) {
    // "Field "3" on message "X" changed name from "a" to "b"": name it by its new name.
    const name = field[2] ?? /changed name from "[^"]*" to "([^"]+)"/.exec(message)?.[1];
    member = name ? `${name} (${field[1]})` : `#${field[1]}`;
  } else if (rpc) member = rpc;
  if (container) return member ? `${container}.${member}` : container;
  if (member) return member;
  return /(?:message|service|enum|file|package) "([^"]+)"/.exec(message)?.[1];
}
