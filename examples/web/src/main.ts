/** The page: wires the form to the Shop (generated SDK) and draws each order's live status list. */
import { paymentOutcomes, Shop, type Account } from "./shop.js";
import type { StreamOrderStatusEvent } from "../../../generated/openapi/gateway/sdk/index.js";

const currency = "EUR";
const shop = new Shop(`${location.origin}/api/v1`);

function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`the page has no #${id}`);
  return found;
}

const username = element("username", HTMLInputElement);
const tokenInput = element("token", HTMLInputElement);
const signUpButton = element("sign-up", HTMLButtonElement);
const who = element("who", HTMLParagraphElement);
const depositAmount = element("deposit-amount", HTMLInputElement);
const depositButton = element("deposit", HTMLButtonElement);
const balance = element("balance", HTMLOutputElement);
const product = element("product", HTMLInputElement);
const price = element("price", HTMLInputElement);
const quantity = element("quantity", HTMLInputElement);
const placeOrderButton = element("place-order", HTMLButtonElement);
const message = element("message", HTMLDivElement);
const orders = element("orders", HTMLOListElement);

username.value = `web-${crypto.randomUUID().slice(0, 8)}`;
const money = new Intl.NumberFormat("en", { style: "currency", currency });

/** The example server's development issuer (not part of the contract: the API has no login route). */
async function devToken(name: string): Promise<string> {
  if (tokenInput.value.trim()) return tokenInput.value.trim();
  const response = await fetch("/dev/token", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: name }),
  });
  if (!response.ok) throw new Error(`no token: the dev issuer answered HTTP ${response.status}; paste a token instead`);
  const { token } = (await response.json()) as { token: string };
  return token;
}

function showAccount(account: Account): void {
  balance.value = money.format(account.balance / 100);
}

function showError(error: unknown, context = ""): void {
  message.textContent = context + (error instanceof Error ? error.message : String(error));
}

/** Runs a button's action with the button disabled, showing any failure in the message box. */
function onClick(button: HTMLButtonElement, action: () => Promise<void>): void {
  button.addEventListener("click", () => {
    button.disabled = true;
    message.textContent = "";
    action()
      .catch(showError)
      .finally(() => {
        button.disabled = false;
      });
  });
}

onClick(signUpButton, async () => {
  await shop.signUp(username.value.trim(), devToken);
  who.textContent = `Signed in as ${username.value.trim()}`;
  depositButton.disabled = placeOrderButton.disabled = false;
  showAccount(await shop.account());
});

onClick(depositButton, async () => {
  showAccount(await shop.deposit(depositAmount.valueAsNumber, currency));
});

onClick(placeOrderButton, async () => {
  const orderId = await shop.placeOrder(product.value.trim(), price.valueAsNumber, quantity.valueAsNumber, currency);
  const statuses = addOrder(orderId);
  // Followed in the background: the button is free for the next order at once.
  void shop
    .followStatus(orderId, (change) => {
      addStatus(statuses, change);
      if (paymentOutcomes.has(change.status)) void shop.account().then(showAccount, showError);
    })
    .catch((error: unknown) => showError(error, `order ${orderId}: `));
});

function addOrder(orderId: number): HTMLOListElement {
  const item = document.createElement("li");
  item.className = "order";
  item.dataset.orderId = String(orderId);
  const title = document.createElement("strong");
  title.textContent = `Order #${orderId}`;
  const statuses = document.createElement("ol");
  statuses.className = "statuses";
  item.append(title, statuses);
  orders.prepend(item);
  return statuses;
}

function addStatus(statuses: HTMLOListElement, change: StreamOrderStatusEvent): void {
  const item = document.createElement("li");
  item.dataset.status = change.status;
  item.textContent = change.status;
  item.title = new Date(change.occurredAt).toISOString();
  statuses.append(item);
}
