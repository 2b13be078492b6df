export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * Stops sending commands to a Redis that keeps failing, so a dead cache costs requests nothing.
 * After `openMs` it lets a single probe through: success closes the circuit, failure reopens it.
 */
export class CircuitBreaker {
  private state: CircuitState = 'closed';
  private consecutiveFailures = 0;
  private openedAt = 0;

  constructor(
    private readonly failureThreshold: number,
    private readonly openMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get current(): CircuitState {
    return this.state;
  }

  /** Whether a command may go to Redis now; claims the single probe when the open period is over. */
  tryAcquire(): boolean {
    if (this.state === 'closed') return true;
    if (this.state === 'open' && this.now() - this.openedAt >= this.openMs) {
      this.state = 'half-open';
      return true;
    }
    return false;
  }

  recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.state = 'closed';
  }

  recordFailure(): void {
    // Commands sent before the circuit opened may still fail; they must not prolong the open period.
    if (this.state === 'open') return;
    this.consecutiveFailures += 1;
    if (
      this.state === 'half-open' ||
      this.consecutiveFailures >= this.failureThreshold
    ) {
      this.state = 'open';
      this.openedAt = this.now();
    }
  }
}
