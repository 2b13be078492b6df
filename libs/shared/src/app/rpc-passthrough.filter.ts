import { ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { throwError } from 'rxjs';

/**
 * In a hybrid app (HTTP for health and metrics, the bus for work), hands bus handlers' errors to
 * the transporter untouched, so a DomainException crosses the bus with its code; Nest's default
 * RPC handler would replace it with a generic error. HTTP errors keep Nest's default handling.
 */
@Catch()
export class RpcPassthroughFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType() === 'rpc') return throwError(() => exception);
    return super.catch(exception, host);
  }
}
