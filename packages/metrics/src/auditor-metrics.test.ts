import assert from "node:assert/strict";
import { test } from "node:test";
import { Registry } from "prom-client";
import { createAuditorMetrics } from "./auditor-metrics.js";

test("decisions are counted by outcome and province pair; findings by rule and severity", async () => {
  const registry = new Registry();
  const metrics = createAuditorMetrics(registry);
  const decided = { treatmentAdmdvs: "370102", insuredAdmdvs: "320100", findings: [], elapsedMs: 12 };
  metrics.claimDecided({ ...decided, status: "SETTLED" });
  metrics.claimDecided({ ...decided, status: "HELD", treatmentAdmdvs: "990000", findings: [{ rule: "R1", severity: "WARNING" }] });
  metrics.claimDecided({ ...decided, status: "CANCELLED" });
  const text = await registry.metrics();
  assert.match(text, /^tongxing_claims_total\{outcome="settled",treatment_province="37",insured_province="32"\} 1$/m);
  assert.match(text, /^tongxing_claims_total\{outcome="held",treatment_province="unknown",insured_province="32"\} 1$/m, "an unknown province is one bounded label value");
  assert.doesNotMatch(text, /outcome="cancelled"/, "only decisions are counted");
  assert.match(text, /^tongxing_audit_findings_total\{rule="R1",severity="warning"\} 1$/m);
  assert.match(text, /^tongxing_audit_decision_duration_seconds_bucket\{le="0.025",outcome="settled"\} 1$/m, "12 ms falls in the 25 ms bucket");
  assert.match(text, /^tongxing_audit_decision_duration_seconds_bucket\{le="0.01",outcome="settled"\} 0$/m);
});
