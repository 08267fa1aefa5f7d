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

test("a line logged under an active span carries its trace_id and span_id, across awaits; a named trace wins", async () => {
  const { AsyncLocalStorageContextManager } = await import("@opentelemetry/context-async-hooks");
  const { context, trace, ROOT_CONTEXT, TraceFlags } = await import("@opentelemetry/api");
  const manager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(manager);
  try {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = createLogger({ service: "test", destination: sink });
    const sc = { traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331", traceFlags: TraceFlags.SAMPLED };
    await context.with(trace.setSpan(ROOT_CONTEXT, trace.wrapSpanContext(sc)), async () => {
      log.info("before");
      await new Promise((r) => setTimeout(r, 5));
      log.info("after an await");
      log.info({ trace_id: "11111111111111111111111111111111" }, "a claim's own trace");
      log.child({ trace_id: "22222222222222222222222222222222" }).info("a child naming its trace");
    });
    log.info("outside");
    const parsed = lines.map((l) => JSON.parse(l) as { msg: string; trace_id?: string; span_id?: string });
    const by = (msg: string) => parsed.find((p) => p.msg === msg)!;
    assert.equal(by("before").trace_id, sc.traceId);
    assert.equal(by("before").span_id, sc.spanId);
    assert.equal(by("after an await").trace_id, sc.traceId);
    assert.equal(by("a claim's own trace").trace_id, "11111111111111111111111111111111");
    assert.equal(lines.find((l) => l.includes("a child naming its trace"))!.match(/"trace_id"/g)?.length, 1, "one trace_id key");
    assert.equal(by("outside").trace_id, undefined);
  } finally {
    context.disable();
  }
});
