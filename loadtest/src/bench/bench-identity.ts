/**
 * How the benchmarks' translators identify callers: the development header switch, for now. The
 * settle load can call with each platform's certificate (one channel set per platform under
 * mTLS), but the benchmark entry points do not yet create a PKI and hand it to their translators,
 * simulator and load processes; until they do, their numbers exclude the TLS cost
 * (docs/security.md, "Not yet").
 */
export const BENCH_IDENTITY_ENV: Readonly<Record<string, string>> = { DEV_HEADER_IDENTITY: "1" };
