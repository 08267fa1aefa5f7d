import assert from "node:assert/strict";
import { test } from "node:test";
import { Writable } from "node:stream";
import { createLogger } from "./logger.js";
import { maskIdNumber, maskName } from "./mask.js";

test("ID numbers keep region and last four; names keep the family name", () => {
  assert.equal(maskIdNumber("320102199001011234"), "320102********1234");
  assert.equal(maskIdNumber("12345"), "*****");
  assert.equal(maskName("张三丰"), "张**");
  assert.equal(maskName("𠮷田"), "𠮷*");
});

test("personal identifiers are masked in every logged object", () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const log = createLogger({ service: "test", destination: sink });
  log.info({ claim_id: "C1", person: { certno: "320102199001011234", psn_name: "李四", psn_no: "32000000000000000001" }, fen: 12050n }, "x");
  const line = lines.join("");
  assert.ok(!line.includes("320102199001011234"));
  assert.ok(!line.includes("李四"));
  assert.ok(line.includes("320102********1234"));
  assert.ok(line.includes('"fen":"12050"'), "bigint amounts are logged as exact text");
  assert.ok(line.includes('"claim_id":"C1"'));
});

test("errors keep their message and stack through masking", () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  createLogger({ service: "test", destination: sink }).error({ err: new Error("boom", { cause: new Error("root") }) }, "failed");
  const logged = JSON.parse(lines.join("")) as { err: { message: string; stack: string } };
  assert.equal(logged.err.message, "boom: root", "the cause chain is kept");
  assert.match(logged.err.stack, /Error: boom/);
});
