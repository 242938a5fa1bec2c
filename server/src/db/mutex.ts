/** A FIFO async mutex: `run` calls execute one at a time, in call order. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    // The next caller waits for this one to settle, whatever the outcome.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
