import { randomUUID } from 'node:crypto';
import { DocumentosLoteErrors } from '@mesa/shared/contracts';
import { ManagedProcess } from '@mesa/shared/testing';
import { api } from '../support';

/** One HTTP answer as the client saw it. */
export type Answer = Awaited<ReturnType<ReturnType<typeof api>>>;

export interface KeyedStreamOptions {
  /** How many requests, each with an `Idempotency-Key` of its own. */
  total: number;
  /** How many are in flight at once. */
  concurrency: number;
  /**
   * Sends request `i` with its key: the same key (and body) on every attempt. Rejects on a
   * connection error. `attempt` counts from 0, so a caller with several gateways can move on.
   */
  send(i: number, key: string, attempt: number): Promise<Answer>;
  /** Started, not awaited, when request `at` is first sent; `run()` waits for it at the end. */
  fault?: { at: number; run(): Promise<unknown> };
  /** How long one request may keep being refused before the stream gives up on it. */
  giveUpMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const RETRY_MS = 200;

/**
 * A client that does what the API asks of one: every refused request (409 in progress, honouring
 * Retry-After, 429, 5xx, a connection error) is sent again with the same key until it gets a
 * final answer. The end state, not the path, is what a fault test asserts: every key
 * acknowledged (2xx) and exactly one effect per key.
 */
export class KeyedStream {
  readonly keys: string[];
  /** The final answer of each request (a 2xx, another 4xx, or the last refusal when it gave up). */
  readonly answers: Answer[] = [];
  /** Requests answered 2xx so far (the fault looks at it to time itself). */
  acknowledged = 0;
  attempts = 0;
  /** Why attempts were refused and retried: "504 BUS_TIMEOUT", "connection", … → how many. */
  readonly refusals = new Map<string, number>();
  private readonly giveUpMs: number;

  constructor(private readonly o: KeyedStreamOptions) {
    this.keys = Array.from({ length: o.total }, () => randomUUID());
    this.giveUpMs = o.giveUpMs ?? 60_000;
  }

  async run(): Promise<void> {
    let next = 0;
    let fault: Promise<unknown> | undefined;
    const lane = async () => {
      while (next < this.o.total) {
        const i = next++;
        if (i === this.o.fault?.at) {
          fault = this.o.fault.run();
          // Handled here so that a failing fault waits for the final await instead of crashing the worker.
          fault.catch(() => undefined);
        }
        this.answers[i] = await this.untilFinal(i);
        if (isAcknowledged(this.answers[i])) this.acknowledged++;
      }
    };
    await Promise.all(Array.from({ length: this.o.concurrency }, lane));
    await fault;
  }

  /** Each key once more, as a client that lost the first answer would: the answers to compare. */
  async replay(): Promise<Answer[]> {
    const answers: Answer[] = [];
    let next = 0;
    const lane = async () => {
      while (next < this.o.total) {
        const i = next++;
        answers[i] = await this.untilFinal(i);
      }
    };
    await Promise.all(Array.from({ length: this.o.concurrency }, lane));
    return answers;
  }

  /** The requests that did not end 2xx: index, status and code, for a readable failure. */
  unacknowledged(): Array<{ i: number; status: number; code?: string }> {
    return this.answers.flatMap((a, i) => (isAcknowledged(a) ? [] : [{ i, status: a.status, code: a.body?.code }]));
  }

  /** Figures for a failure message: requests, attempts, refusals by kind. */
  summary(): string {
    const refused = [...this.refusals].map(([why, n]) => `${why} ×${n}`).join(', ') || 'none';
    return `${this.o.total} requests, ${this.acknowledged} acknowledged, ${this.attempts} attempts; refused: ${refused}`;
  }

  private async untilFinal(i: number): Promise<Answer> {
    const giveUpAt = Date.now() + this.giveUpMs;
    for (let attempt = 0; ; attempt++) {
      this.attempts++;
      let answer: Answer | undefined;
      let why: string;
      let waitMs = RETRY_MS;
      try {
        answer = await this.o.send(i, this.keys[i], attempt);
        if (!isRefusal(answer)) return answer;
        why = `${answer.status} ${answer.body?.code ?? ''}`.trim();
        const retryAfter = Number(answer.headers.get('retry-after'));
        if (retryAfter > 0) waitMs = retryAfter * 1000;
      } catch {
        why = 'connection';
      }
      this.refusals.set(why, (this.refusals.get(why) ?? 0) + 1);
      if (Date.now() + waitMs > giveUpAt) {
        return (
          answer ?? {
            status: 0,
            body: { code: `gave up after ${attempt + 1} attempts: ${why}` },
            headers: new Headers(),
          }
        );
      }
      await sleep(waitMs);
    }
  }
}

const isAcknowledged = (a: Answer | undefined) => !!a && a.status >= 200 && a.status < 300;

/** What a client must retry: the request may not have run, or its outcome is not known yet. */
function isRefusal(a: Answer): boolean {
  if (a.status >= 500 || a.status === 429) return true;
  return a.status === 409 && a.body?.code === DocumentosLoteErrors.IDEMPOTENCY_IN_PROGRESS;
}

/**
 * SIGKILLs `proc` at a moment when `inDoubt()` holds, as a crash would strike: work committed
 * whose answer has not reached the client. The process is frozen (SIGSTOP) and given
 * `settleMs` for answers already on their way to arrive; if `inDoubt()` then holds it is
 * killed, else it runs on (SIGCONT) for a moment and is looked at again. Returns true when
 * the kill struck with work in doubt, false when none was seen in `tries` (it is killed anyway).
 */
export async function crashWithWorkInDoubt(
  proc: ManagedProcess,
  inDoubt: () => Promise<boolean>,
  { tries = 60, settleMs = 300 }: { tries?: number; settleMs?: number } = {},
): Promise<boolean> {
  for (let t = 0; t < tries; t++) {
    proc.child.kill('SIGSTOP');
    await sleep(settleMs);
    if (await inDoubt()) {
      await proc.kill();
      return true;
    }
    proc.child.kill('SIGCONT');
    await sleep(20 + Math.random() * 80);
  }
  await proc.kill();
  return false;
}
