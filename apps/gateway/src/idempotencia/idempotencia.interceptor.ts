import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { catchError, from, mergeMap, Observable, of, throwError } from 'rxjs';
import { DocumentosLoteErrors } from '@mesa/shared/contracts';
import { DomainException, ErrorCodes } from '@mesa/shared/errors';
import type { AuthedRequest } from '../auth/auth.guard';
import { IdempotenciaStore } from './idempotencia.store';
import { requestHash } from './request-hash';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';
const MAX_KEY_LENGTH = 100;
/** How long a concurrent retry waits for the first request's answer before answering 409. */
const WAIT_MS = 30_000;
const POLL_MS = 50;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `Idempotency-Key` on creating POSTs. The first request with a key claims it (one INSERT that
 * the primary key decides, so of 20 parallel retries exactly one executes) and stores its status
 * and body; the others wait for that answer and replay it with `Idempotent-Replayed: true`.
 * The same key with another body is refused (422). A failed request releases its claim, so a
 * retry executes again. Keys are per user and kept 24 h.
 */
@Injectable()
export class IdempotenciaInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotenciaStore) {}

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = ctx.switchToHttp();
    const req = http.getRequest<AuthedRequest>();
    const reply = http.getResponse<FastifyReply>();
    const header = req.headers[IDEMPOTENCY_HEADER];
    if (header === undefined || !req.actor) return next.handle();
    const key = Array.isArray(header) ? header[0] : header;
    if (key.length < 1 || key.length > MAX_KEY_LENGTH) {
      throw new DomainException(ErrorCodes.VALIDATION_FAILED, 400, 'Idempotency-Key inválida', [
        { field: 'Idempotency-Key', message: `de 1 a ${MAX_KEY_LENGTH} caracteres` },
      ]);
    }
    const userId = req.actor.userId;
    const hash = requestHash(req.method, req.routeOptions.url ?? req.url, req.body);
    const deadline = Date.now() + WAIT_MS;

    for (;;) {
      if (await this.store.claim(key, userId, hash)) {
        return next.handle().pipe(
          mergeMap(async (body) => {
            await this.store.complete(key, userId, reply.statusCode, body);
            return body;
          }),
          catchError((err) => from(this.store.release(key, userId)).pipe(mergeMap(() => throwError(() => err)))),
        );
      }
      const stored = await this.store.read(key, userId);
      if (stored && stored.requestHash !== hash) {
        throw new DomainException(
          ErrorCodes.IDEMPOTENCY_KEY_REUSED,
          422,
          'Esta Idempotency-Key ya se usó con otra solicitud; use una clave nueva',
        );
      }
      if (stored?.statusCode != null) {
        void reply.status(stored.statusCode).header(REPLAYED_HEADER, 'true');
        return of(stored.response);
      }
      if (Date.now() >= deadline) {
        void reply.header('retry-after', '1');
        throw new DomainException(DocumentosLoteErrors.IDEMPOTENCY_IN_PROGRESS, 409, 'La solicitud con esta Idempotency-Key aún se procesa');
      }
      // In flight elsewhere, or released after a failure (the next claim then succeeds).
      await sleep(POLL_MS);
    }
  }
}
