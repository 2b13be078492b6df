import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { acotarProblema, DomainException, ErrorCodes, PROBLEM_CONTENT_TYPE, ProblemPayload, problemDocument, titleFor } from '../errors';
import { APP_LOGGER } from './core.module';

const CODE_BY_STATUS: Record<number, string> = {
  400: ErrorCodes.VALIDATION_FAILED,
  401: ErrorCodes.UNAUTHENTICATED,
  403: ErrorCodes.FORBIDDEN,
  404: ErrorCodes.NOT_FOUND,
  413: ErrorCodes.PAYLOAD_TOO_LARGE,
  429: ErrorCodes.RATE_LIMITED,
};

/**
 * The one error shape of every HTTP API of the suite (the gateway's, perf-monitor's): RFC 7807
 * problem JSON with a stable `code`. Domain errors from the services arrive intact over the bus;
 * framework and Fastify errors are mapped here.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(@Inject(APP_LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost) {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const problem = this.toProblem(exception);
    if (problem.status >= 500 && problem.code !== ErrorCodes.BUS_TIMEOUT) {
      this.logger.error({ err: exception }, 'request failed');
    }
    if (problem.status === 429 || (problem.status === 503 && hasRetryAfter(exception))) {
      void reply.header('retry-after', String(retryAfter(exception)));
    }
    void reply
      .status(problem.status)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(problemDocument(acotarProblema(problem)));
  }

  private toProblem(e: unknown): ProblemPayload {
    if (e instanceof DomainException) return e.toProblem();
    if (e instanceof HttpException) {
      const status = e.getStatus();
      // @nestjs/throttler's refusal, in the API's language.
      if (status === 429) return { code: ErrorCodes.RATE_LIMITED, status, title: titleFor(429), detail: 'Demasiadas solicitudes; intente más tarde' };
      const code = status === 404 ? ErrorCodes.ROUTE_NOT_FOUND : (CODE_BY_STATUS[status] ?? (status >= 500 ? ErrorCodes.INTERNAL : `HTTP_${status}`));
      return { code, status, title: titleFor(status), detail: status >= 500 ? 'Error interno' : e.message };
    }
    // Fastify's own errors (body too large, bad JSON, wrong content type) carry a statusCode.
    const fastifyStatus = (e as { statusCode?: number })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      const code = CODE_BY_STATUS[fastifyStatus] ?? `HTTP_${fastifyStatus}`;
      return { code, status: fastifyStatus, title: titleFor(fastifyStatus), detail: (e as Error).message };
    }
    return { code: ErrorCodes.INTERNAL, status: 500, title: titleFor(500), detail: 'Error interno' };
  }
}

const hasRetryAfter = (e: unknown) => typeof (e as { retryAfterSeconds?: number })?.retryAfterSeconds === 'number';

function retryAfter(e: unknown): number {
  const seconds = (e as { retryAfterSeconds?: number })?.retryAfterSeconds;
  return typeof seconds === 'number' && seconds > 0 ? Math.ceil(seconds) : 60;
}
