/**
 * How the benchmarks' translators identify callers: the development header switch. The load
 * generator sends each claim as its treatment platform over a few shared channels, which mTLS
 * (one certificate per channel) does not allow without one channel set per platform; until the
 * bench opens those, its numbers exclude the TLS cost (docs/performance.md).
 */
export const BENCH_IDENTITY_ENV: Readonly<Record<string, string>> = { DEV_HEADER_IDENTITY: "1" };
