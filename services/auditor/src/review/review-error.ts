/** A regulator's decision as the API received it. */
export interface ReviewInput {
  readonly claimId: string;
  readonly reviewer: string;
  readonly approve: boolean;
  readonly reason: string;
}

/** Why a decision could not be taken; `status` is the HTTP status to answer with. */
export class ReviewError extends Error {
  override readonly name = "ReviewError";
  constructor(
    readonly status: 404 | 409 | 503,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

