/**
 * The link's flow control: at most `size` deliveries unanswered. acquire() waits for a free
 * slot; release() frees one; close() wakes every waiter with false.
 */
export class CreditWindow {
  #available: number;
  #closed = false;
  readonly #waiters: ((ok: boolean) => void)[] = [];

  constructor(readonly size: number) {
    this.#available = size;
  }

  acquire(): Promise<boolean> {
    if (this.#closed) return Promise.resolve(false);
    if (this.#available > 0) {
      this.#available -= 1;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  release(): void {
    if (this.#closed) return;
    const next = this.#waiters.shift();
    if (next !== undefined) next(true);
    else this.#available = Math.min(this.size, this.#available + 1);
  }

  close(): void {
    this.#closed = true;
    for (const w of this.#waiters.splice(0)) w(false);
  }

  get available(): number {
    return this.#available;
  }
}
