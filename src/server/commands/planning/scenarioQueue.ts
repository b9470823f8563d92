/**
 * The waiting line of scenario runs in one process: at most `maxConcurrent` run at once, the rest wait in
 * arrival order.
 */
export class ScenarioQueue {
  private readonly waiting: (() => void)[] = [];
  private active = 0;

  constructor(private readonly maxConcurrent: number) {}

  /** Runs `task` as soon as a place is free. */
  async schedule(task: () => Promise<void>): Promise<void> {
    if (this.active >= this.maxConcurrent) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  /** Lets every waiting task go at once (on shutdown: they find their run aborted and end). */
  releaseAll(): void {
    for (const release of this.waiting.splice(0)) release();
  }
}
