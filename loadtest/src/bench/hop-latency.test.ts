import assert from "node:assert/strict";
import { test } from "node:test";
import { bucketDelta, bucketQuantileMs, histogramBuckets, hopReport } from "./hop-latency.js";

const text = (a: number[], b: number[]) =>
  [
    "# TYPE tongxing_route_duration_seconds histogram",
    ...[0.001, 0.005, 0.025, "+Inf"].map((le, i) => `tongxing_route_duration_seconds_bucket{outcome="routed",le="${le}"} ${a[i]}`),
    ...[0.001, 0.005, 0.025, "+Inf"].map((le, i) => `tongxing_route_duration_seconds_bucket{outcome="deadlettered",le="${le}"} ${b[i]}`),
    'tongxing_route_duration_seconds_sum{outcome="routed"} 1.5',
    'tongxing_route_duration_seconds_count{outcome="routed"} 100',
  ].join("\n");

test("buckets are summed over label sets; sums and counts are not buckets", () => {
  const b = histogramBuckets(text([10, 90, 99, 100], [0, 0, 1, 2]), "tongxing_route_duration_seconds");
  assert.deepEqual([...b], [[0.001, 10], [0.005, 90], [0.025, 100], [Number.POSITIVE_INFINITY, 102]]);
});

test("quantiles are the upper bound of the bucket they fall in, over the delta between two scrapes", () => {
  const before = histogramBuckets(text([10, 20, 20, 20], [0, 0, 0, 0]), "tongxing_route_duration_seconds");
  const after = histogramBuckets(text([10, 110, 118, 120], [0, 0, 0, 0]), "tongxing_route_duration_seconds");
  const d = bucketDelta(before, after);
  assert.deepEqual(bucketQuantileMs(d, 0.5), { count: 100, ms: 5 });
  assert.deepEqual(bucketQuantileMs(d, 0.99), { count: 100, ms: Number.POSITIVE_INFINITY });
  assert.deepEqual(bucketQuantileMs(new Map(), 0.5), { count: 0, ms: Number.NaN });
  const { json } = hopReport([new Map(), before, new Map(), new Map(), new Map()], [new Map(), after, new Map(), new Map(), new Map()]);
  assert.equal(json[1]?.count, 100);
  assert.equal(json[1]?.p50MsAtMost, 5);
});
