import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { APP_LOGGER } from '@mesa/shared/app';
import { DomainException, ErrorCodes, PROBLEM_CONTENT_TYPE, ProblemPayload, problemDocument, titleFor } from '@mesa/shared/errors';

/** perf-monitor's errors in the suite's one shape: RFC 7807 problem JSON with a stable `code`. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(@Inject(APP_LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost) {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const problem = toProblem(exception);
    if (problem.status >= 500) this.logger.error({ err: exception }, 'request failed');
    void reply
      .status(problem.status)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(problemDocument(problem));
  }
}

function toProblem(e: unknown): ProblemPayload {
  if (e instanceof DomainException) return e.toProblem();
  if (e instanceof HttpException) {
    const status = e.getStatus();
    const code = status === 404 ? ErrorCodes.ROUTE_NOT_FOUND : status >= 500 ? ErrorCodes.INTERNAL : `HTTP_${status}`;
    return { code, status, title: titleFor(status), detail: status >= 500 ? 'Error interno' : e.message };
  }
  const fastifyStatus = (e as { statusCode?: number })?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    return {
      code: `HTTP_${fastifyStatus}`,
      status: fastifyStatus,
      title: titleFor(fastifyStatus),
      detail: (e as Error).message,
    };
  }
  return { code: ErrorCodes.INTERNAL, status: 500, title: titleFor(500), detail: 'Error interno' };
}
