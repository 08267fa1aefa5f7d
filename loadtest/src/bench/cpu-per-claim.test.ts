import assert from "node:assert/strict";
import { test } from "node:test";
import { cpuPerClaim, cpuSecondsOfStat, sampleCpu } from "./cpu-per-claim.js";

test("utime and stime are read past a command name that holds spaces and parentheses", () => {
  // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …
  const stat = "4242 (node (tx) a b) S 1 4242 4242 0 -1 4194560 900 0 0 0 1234 566 0 0 20 0 11 0 100 0";
  assert.equal(cpuSecondsOfStat(stat), 18);
});

test("this process and a live child are sampled; a process that is gone reads NaN", () => {
  const s = sampleCpu([{ name: "self", pid: "self" }, { name: "me", pid: process.pid }, { name: "gone", pid: 2 ** 22 + 17 }]);
  assert.ok((s.get("self") ?? -1) > 0);
  assert.ok((s.get("me") ?? -1) > 0);
  assert.ok(Number.isNaN(s.get("gone")));
});

test("per-claim CPU is the delta over the claims; the total adds the processes that were measured", () => {
  const before = new Map([["translator", 10], ["auditor", 5], ["gone", Number.NaN]]);
  const after = new Map([["translator", 12], ["auditor", 6], ["gone", Number.NaN]]);
  const { rows, total } = cpuPerClaim(before, after, 4, 1_000);
  assert.deepEqual(rows.slice(0, 2), [
    { name: "translator", corePercent: 50, usPerClaim: 2_000 },
    { name: "auditor", corePercent: 25, usPerClaim: 1_000 },
  ]);
  assert.deepEqual(total, { name: "all processes", corePercent: 75, usPerClaim: 3_000 });
});
