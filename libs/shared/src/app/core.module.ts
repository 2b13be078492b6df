import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { HealthModule, ReadinessProbe } from '../health';
import type { AppContext } from './bootstrap';
import { BusExceptionFilter } from '../bus';

export const APP_CONFIG = Symbol('APP_CONFIG');
export const APP_LOGGER = Symbol('APP_LOGGER');

/**
 * What every app imports first: its validated config and root logger as injectables, and the
 * health endpoints with the app's readiness probes.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(ctx: AppContext, extraProbes: ReadinessProbe[] = []): DynamicModule {
    return {
      module: CoreModule,
      imports: [HealthModule.forRoot({ lifecycle: ctx.lifecycle, probes: [...ctx.probes, ...extraProbes] })],
      providers: [
        { provide: APP_CONFIG, useValue: ctx.config },
        { provide: APP_LOGGER, useValue: ctx.logger },
        ...(ctx.busServer ? [{ provide: APP_FILTER, useClass: BusExceptionFilter }] : []),
      ],
      exports: [APP_CONFIG, APP_LOGGER],
    };
  }
}
