/**
 * What readiness and startup need to know about this process: whether shutdown has begun and
 * whether startup work (migrations seen, bus consumer running) is done.
 */
export class LifecycleState {
  private shuttingDown = false;
  private started = false;

  beginShutdown(): void {
    this.shuttingDown = true;
  }
  isShuttingDown(): boolean {
    return this.shuttingDown;
  }
  markStarted(): void {
    this.started = true;
  }
  isStarted(): boolean {
    return this.started;
  }
}

/** A dependency readiness depends on, reported by its owner (bus server, bus clients, queues). */
export interface ReadinessProbe {
  name: string;
  check(): boolean | Promise<boolean>;
}

export const LIFECYCLE_STATE = Symbol('LIFECYCLE_STATE');
export const READINESS_PROBES = Symbol('READINESS_PROBES');
