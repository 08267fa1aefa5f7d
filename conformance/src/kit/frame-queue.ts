/** Thrown by {@link FrameQueue.next} when nothing came in time. */
export class FrameTimeoutError extends Error {
  override readonly name = "FrameTimeoutError";
}

/** An async queue: producers push, one consumer awaits the next item with a deadline. */
export class FrameQueue<T> {
  readonly #items: T[] = [];
  #waiter: ((item: T) => void) | undefined;

  push(item: T): void {
    const w = this.#waiter;
    if (w !== undefined) {
      this.#waiter = undefined;
      w(item);
    } else this.#items.push(item);
  }

  /** The next item, or FrameTimeoutError after `timeoutMs`. */
  next(timeoutMs: number): Promise<T> {
    const first = this.#items.shift();
    if (first !== undefined) return Promise.resolve(first);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiter = undefined;
        reject(new FrameTimeoutError(`nothing within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiter = (item) => {
        clearTimeout(timer);
        resolve(item);
      };
    });
  }

  /** Drops everything queued. */
  clear(): void {
    this.#items.length = 0;
  }
}
