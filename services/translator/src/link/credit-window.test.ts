import assert from "node:assert/strict";
import { test } from "node:test";
import { CreditWindow } from "./credit-window.js";

test("never hands out more than the window; release lets the next one through", async () => {
  const w = new CreditWindow(2);
  assert.equal(await w.acquire(), true);
  assert.equal(await w.acquire(), true);
  let third = false;
  const pending = w.acquire().then((ok) => (third = ok));
  await new Promise((r) => setImmediate(r));
  assert.equal(third, false, "third waits");
  w.release();
  await pending;
  assert.equal(third, true);
});

test("close wakes waiters with false and refuses new ones", async () => {
  const w = new CreditWindow(1);
  await w.acquire();
  const waiting = w.acquire();
  w.close();
  assert.equal(await waiting, false);
  assert.equal(await w.acquire(), false);
});
