import { Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';

/**
 * Hands the handler's original exception to the bus transporter. Without it NestJS's default RPC
 * filter replaces every non-RpcException with `{ status: 'error', message: 'Internal server error' }`
 * before the transporter sees it, and a DomainException would reach the caller as INTERNAL.
 * The transporter then replies DomainExceptions as problems and hides anything else (it logs it).
 *
 * Register it on the microservice: `microservice.useGlobalFilters(new BusExceptionFilter())`.
 */
@Catch()
export class BusExceptionFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
