import { create } from "@bufbuild/protobuf";
import type { ChannelCredentials, Client } from "@grpc/grpc-js";
import { formatFenAsYuan, PROVINCES, provinceByCode } from "@tongxing/domain";
import { ClaimGateway, ClaimStatus, SettleClaimRequestSchema } from "@tongxing/proto";
import { callUnary, createGrpcClient } from "@tongxing/proto/grpc";
import { FUND_INCLUDES_ACCT_PROVINCES } from "@tongxing/routing";
import { buildNhsaSettleMessage, type ClaimSpec } from "../claims/claim-factory.js";

/** Options for {@link startDemoTraffic}. */
export interface DemoTrafficOptions {
  readonly address: string;
  /** Pause between claims. Default 1,500 ms. */
  readonly intervalMs?: number;
  /** One line per settled claim. */
  readonly say: (line: string) => void;
  /**
   * Each treatment platform's mTLS credentials (client certificate). Absent: plaintext with the
   * x-tongxing-platform header (a hub behind the development identity switch).
   */
  readonly credentialsFor?: (platform: string) => ChannelCredentials;
}

const KINDS: readonly ClaimSpec["kind"][] = ["outpatient", "outpatient", "outpatient", "pharmacy", "pharmacy", "inpatient"];

/** An amount as the demo prints it; one the adjudication does not state shows as such. */
const yuan = (fen: bigint | undefined): string => (fen === undefined ? "(not stated)" : `¥${formatFenAsYuan(fen)}`);

/**
 * A settled claim's amounts as the demo prints them. Some insured provinces count the personal
 * account inside the fund's total (DOMAIN.md, I2–I4): then the account shows as part of the fund,
 * so the line adds up as the insured platform's convention does.
 */
export function settledAmounts(a: { medfeeSumamt?: bigint; fundPaySumamt?: bigint; acctPay?: bigint; psnCashPay?: bigint }, insuredCode: string): string {
  const account = FUND_INCLUDES_ACCT_PROVINCES.has(insuredCode) ? ` (incl. account ${yuan(a.acctPay)})` : `  account ${yuan(a.acctPay)}`;
  return `total ${yuan(a.medfeeSumamt)}  fund ${yuan(a.fundPaySumamt)}${account}  cash ${yuan(a.psnCashPay)}`;
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)] as T;
}

/**
 * A slow stream of realistic cross-province claims, each sent by its treatment province's
 * platform through SettleClaim, printing the outcome as a counter clerk would see it.
 */
export function startDemoTraffic(options: DemoTrafficOptions): { stop(): void } {
  // One channel per treatment platform: a channel carries one client certificate.
  const clients = new Map<string, Client>();
  const clientOf = (platform: string): Client => {
    let c = clients.get(platform);
    if (c === undefined) {
      c = createGrpcClient(ClaimGateway, options.address, options.credentialsFor === undefined ? {} : { credentials: options.credentialsFor(platform) });
      clients.set(platform, c);
    }
    return c;
  };
  let seq = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  async function once(): Promise<void> {
    seq += 1;
    const treatment = pick(PROVINCES);
    const insured = pick(PROVINCES.filter((p) => p.code !== treatment.code));
    const kind = pick(KINDS);
    const message = buildNhsaSettleMessage({
      kind,
      treatmentAdmdvs: treatment.capitalAdmdvs.slice(0, 4) + "02",
      insuredAdmdvs: insured.capitalAdmdvs,
      seq: (Date.now() % 100_000) * 10 + (seq % 10),
      seed: Date.now() + seq,
    });
    const started = performance.now();
    try {
      const res = await callUnary(
        clientOf(treatment.code),
        ClaimGateway.method.settleClaim,
        create(SettleClaimRequestSchema, { dialect: "nhsa-json", payload: message.payload }),
        { metadata: { "x-tongxing-platform": treatment.code }, timeoutMs: 15_000 },
      );
      const ms = Math.round(performance.now() - started);
      const a = res.settlement?.adjudication;
      const route = `${treatment.name}→${provinceByCode(insured.code)?.name ?? insured.code}`;
      const outcome =
        res.status === ClaimStatus.SETTLED && a !== undefined
          ? `SETTLED  ${settledAmounts(a, insured.code)}`
          : `${ClaimStatus[res.status]}  ${res.settlement?.refusal?.message ?? res.settlement?.verdict?.findings.map((f) => f.ruleId).join(",") ?? ""}`;
      options.say(`[demo] ${kind.padEnd(10)} ${route.padEnd(8)} ${res.claimId}  ${outcome}  (${ms} ms)`);
    } catch (err) {
      options.say(`[demo] claim ${seq} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  const loop = () => {
    if (stopped) return;
    void once().finally(() => {
      if (!stopped) timer = setTimeout(loop, options.intervalMs ?? 1_500);
    });
  };
  loop();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      for (const c of clients.values()) c.close();
    },
  };
}
