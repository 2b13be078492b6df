import { ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { throwError } from 'rxjs';

/**
 * Hands a bus handler's original exception to the transporter. Without it NestJS's default RPC
 * filter replaces every non-RpcException with `{ status: 'error', message: 'Internal server error' }`
 * before the transporter sees it, and a DomainException would reach the caller as INTERNAL.
 * The transporter then replies DomainExceptions as problems and hides anything else (it logs it).
 * In a hybrid app (HTTP for health and metrics, the bus for work) HTTP errors keep Nest's default
 * handling.
 *
 * Apps get it from CoreModule; a bare microservice registers it with
 * `microservice.useGlobalFilters(new BusExceptionFilter())`.
 */
@Catch()
export class BusExceptionFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType() === 'rpc') return throwError(() => exception);
    return super.catch(exception, host);
  }
}
