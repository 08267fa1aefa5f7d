/** A requirement a case found broken, and why. */
export interface CaseFailure {
  readonly requirement: string;
  readonly why: string;
}

export const CaseStatus = { PASSED: "passed", FAILED: "failed" } as const;
export type CaseStatus = (typeof CaseStatus)[keyof typeof CaseStatus];

/** What one case did and found. */
export interface CaseOutcome {
  readonly id: string;
  readonly title: string;
  /** Every requirement the case verifies. */
  readonly requirements: readonly string[];
  readonly status: CaseStatus;
  readonly failures: readonly CaseFailure[];
  /** One line per frame the kit sent / received in this case (details in the transcript). */
  readonly sent: readonly string[];
  readonly received: readonly string[];
  readonly durationMs: number;
}

/** Collects a case's failures; a case body adds to it and the runner reads it. */
export class CaseRecorder {
  readonly failures: CaseFailure[] = [];
  readonly sent: string[] = [];
  readonly received: string[] = [];

  constructor(readonly requirements: readonly string[]) {}

  /** Records that `requirement` is broken; the requirement must be one the case declares. */
  fail(requirement: string, why: string): void {
    if (!this.requirements.includes(requirement)) throw new Error(`case does not declare requirement ${requirement}`);
    this.failures.push({ requirement, why });
  }

  /** `fail` unless `ok`. */
  check(ok: boolean, requirement: string, why: string): void {
    if (!ok) this.fail(requirement, why);
  }
}

/** A named, selectable case of one kit mode. */
export interface KitCase<Ctx> {
  readonly id: string;
  readonly title: string;
  readonly requirements: readonly string[];
  /** The case runs only when the kit was given the platform's public key (`--platform-key`). */
  readonly needsPlatformKey?: boolean;
  run(ctx: Ctx, rec: CaseRecorder): Promise<void>;
}
