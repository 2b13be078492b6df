import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { catchError, from, mergeMap, Observable, of, throwError } from 'rxjs';
import { ClaveIdempotencia, DocumentosLoteErrors } from '@mesa/shared/contracts';
import { claveReutilizada } from '@mesa/shared/database';
import { DomainException, ErrorCodes } from '@mesa/shared/errors';
import type { AuthedRequest } from '../auth/auth.guard';
import { IdempotenciaRepository } from './idempotencia.repository';
import { requestHash } from './request-hash';

const IDEMPOTENCY_HEADER = 'idempotency-key';
const REPLAYED_HEADER = 'idempotent-replayed';
export const MAX_KEY_LENGTH = 100;
/** How long a concurrent retry waits for the first request's answer before answering 409. */
const WAIT_MS = 5_000;
const FIRST_POLL_MS = 25;
const MAX_POLL_MS = 400;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The key of this request, for the service that writes (`@Clave()` hands it to the controller). */
export type IdempotentRequest = AuthedRequest & { idempotencia?: ClaveIdempotencia };

/**
 * A refusal: the request was answered with a client error, so nothing was written and a
 * corrected retry may execute. A timeout, an unavailable bus or a 5xx is not one: the request
 * may have run, so its claim stays until it is answered or its time is over.
 */
function refused(err: unknown): boolean {
  const status = err instanceof DomainException ? err.status : err instanceof HttpException ? err.getStatus() : 500;
  return status >= 400 && status < 500;
}

/**
 * `Idempotency-Key` on creating POSTs, in two places:
 * - here, the first request with a key claims it (one INSERT that the primary key decides, so of
 *   20 parallel retries exactly one goes on) and stores its status and body; the others wait for
 *   that answer and replay it with `Idempotent-Replayed: true`, or get 409 with `Retry-After`;
 * - the service that writes records the key again in the write's own transaction (`unaVez` in
 *   `@mesa/shared/database`), so that a request retried after its claim was taken over (a bus
 *   timeout, a gateway that died) answers the first execution's reply instead of running twice.
 * The same key with another body is refused (422). A refused request (4xx) releases its claim, so
 * a corrected retry executes; a timeout never does. Keys are per user and kept 24 h.
 */
@Injectable()
export class IdempotenciaInterceptor implements NestInterceptor {
  constructor(private readonly repo: IdempotenciaRepository) {}

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = ctx.switchToHttp();
    const req = http.getRequest<IdempotentRequest>();
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
    const waitUntil = Date.now() + WAIT_MS;

    for (let poll = FIRST_POLL_MS; ; poll = Math.min(poll * 2, MAX_POLL_MS)) {
      if (await this.repo.claim(key, userId, hash)) {
        req.idempotencia = { key, requestHash: hash };
        return next.handle().pipe(
          mergeMap(async (body) => {
            await this.repo.complete(key, userId, reply.statusCode, body);
            return body;
          }),
          catchError((err) =>
            refused(err) ? from(this.repo.release(key, userId)).pipe(mergeMap(() => throwError(() => err))) : throwError(() => err),
          ),
        );
      }
      const stored = await this.repo.read(key, userId);
      if (stored && stored.requestHash !== hash) throw claveReutilizada();
      if (stored?.statusCode != null) {
        void reply.status(stored.statusCode).header(REPLAYED_HEADER, 'true');
        return of(stored.response);
      }
      if (stored && Date.now() >= waitUntil) {
        void reply.header('retry-after', String(Math.max(1, Math.ceil(stored.takeoverInMs / 1000))));
        throw new DomainException(DocumentosLoteErrors.IDEMPOTENCY_IN_PROGRESS, 409, 'La solicitud con esta Idempotency-Key aún se procesa');
      }
      // In flight, or gone (released after a refusal, expired): the next claim decides.
      await sleep(stored ? Math.min(poll, stored.takeoverInMs + 1) : 0);
    }
  }
}
