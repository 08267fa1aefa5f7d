import { test } from "node:test";
import assert from "node:assert/strict";
import { canonicalToWireDate, isCalendarDate, utcToBeijingTime, wireDateToCanonical } from "./calendar-date.js";

test("calendar dates: leap years, month lengths, years 0001–9999", () => {
  assert.ok(isCalendarDate(2024, 2, 29));
  assert.ok(!isCalendarDate(2023, 2, 29));
  assert.ok(!isCalendarDate(1900, 2, 29));
  assert.ok(isCalendarDate(2000, 2, 29));
  assert.ok(!isCalendarDate(2024, 4, 31));
  assert.ok(!isCalendarDate(0, 1, 1));
  assert.ok(isCalendarDate(9999, 12, 31));
});

test("wire date ↔ canonical time: midnight on reading, time of day dropped on writing", () => {
  assert.equal(wireDateToCanonical("20240301"), "2024-03-01 00:00:00");
  assert.equal(wireDateToCanonical("20241301"), undefined);
  assert.equal(wireDateToCanonical("2024031"), undefined);
  assert.equal(canonicalToWireDate("2024-03-01 23:59:59"), "20240301");
  assert.equal(canonicalToWireDate("2024-03-01 24:00:00"), undefined);
  assert.equal(canonicalToWireDate("2024-03-01T09:00:00"), undefined);
});

test("a verdict's UTC time in Beijing time, across a day, a leap day and a year", () => {
  assert.equal(utcToBeijingTime("2024-03-01 17:30:00.000"), "2024-03-02 01:30:00");
  assert.equal(utcToBeijingTime("2024-02-28 20:00:00"), "2024-02-29 04:00:00");
  assert.equal(utcToBeijingTime("2023-12-31 16:00:00.5"), "2024-01-01 00:00:00");
  assert.equal(utcToBeijingTime("0099-01-01 00:00:00.000"), "0099-01-01 08:00:00");
  assert.equal(utcToBeijingTime("9999-12-31 23:00:00.000"), undefined);
  assert.equal(utcToBeijingTime("2024-02-30 00:00:00.000"), undefined);
  assert.equal(utcToBeijingTime("yesterday"), undefined);
});
