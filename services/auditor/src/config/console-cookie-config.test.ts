// The console's session cookie is Secure unless the console listens on loopback (plain-HTTP
// development); CONSOLE_SECURE_COOKIES overrides either way.
import assert from "node:assert/strict";
import { test } from "node:test";
import { resolveAuditorConfig } from "./config.js";

test("the session cookie is Secure off loopback, not on it, and an explicit setting wins", () => {
  const secure = (regulatorApiAddress: string, secureCookies?: boolean) => resolveAuditorConfig({ regulatorApiAddress, ...(secureCookies === undefined ? {} : { secureCookies }) }).console.secureCookies;
  for (const address of ["127.0.0.1:8081", "localhost:8081", "[::1]:8081"]) assert.equal(secure(address), false, address);
  for (const address of ["0.0.0.0:8081", "10.1.2.3:8081", "console.hub.example:443", "[::]:8081", "127.0.0.2:8081"]) assert.equal(secure(address), true, address);
  assert.equal(secure("0.0.0.0:8081", false), false);
  assert.equal(secure("127.0.0.1:8081", true), true);
  assert.equal(resolveAuditorConfig({}).console.secureCookies, false, "the default address is loopback");
});
