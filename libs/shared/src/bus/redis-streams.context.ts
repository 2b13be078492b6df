import { BaseRpcContext } from '@nestjs/microservices';

type ContextArgs = [pattern: string, eventId: string | undefined, headers: Record<string, string>, deliveryCount: number];

/** What a `@Ctx()` parameter gives a bus handler about the message it is handling. */
export class RedisStreamsContext extends BaseRpcContext<ContextArgs> {
  getPattern(): string {
    return this.args[0];
  }

  /** Events only: the event's UUID, stable across redeliveries (use it for idempotency). */
  getEventId(): string | undefined {
    return this.args[1];
  }

  /** `requestId`, and for requests `deadline` (epoch ms). */
  getHeaders(): Record<string, string> {
    return this.args[2];
  }

  /** 1 on the first delivery; more when the entry was claimed from a replica that did not finish it. */
  getDeliveryCount(): number {
    return this.args[3];
  }
}
