import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { Queues } from '@mesa/shared/contracts';

/** The queues this app works (sincronizar_documento_externo is integraciones-service's). */
export const COLAS_REPORTES = [
  Queues.GENERAR_REPORTE_EXCEL,
  Queues.GENERAR_REPORTE_PDF,
  Queues.PROCESAR_ARCHIVO_ADJUNTO,
  Queues.ENVIAR_NOTIFICACIONES_MASIVAS,
];

/** While the queue Redis is down every connection retries; one line per source every 30 s is enough. */
const INTERVALO_AVISO_MS = 30_000;

/** Logs `mensaje` for `fuente` unless it logged for it within the interval. */
export function avisoLimitado(log: Logger): (fuente: string, mensaje: string) => void {
  const ultimo = new Map<string, number>();
  return (fuente, mensaje) => {
    const ahora = Date.now();
    if (ahora - (ultimo.get(fuente) ?? 0) < INTERVALO_AVISO_MS) return;
    ultimo.set(fuente, ahora);
    log.warn(`${fuente}: ${mensaje}`);
  };
}

/**
 * Listens for the producers' connection errors (an EventEmitter 'error' without a listener is
 * printed as an unhandled error); readiness is what reports the queue Redis down.
 */
@Injectable()
export class ErroresDeColas implements OnApplicationBootstrap {
  private readonly avisar = avisoLimitado(new Logger('Colas'));

  constructor(private readonly moduleRef: ModuleRef) {}

  onApplicationBootstrap(): void {
    for (const nombre of COLAS_REPORTES) {
      const cola = this.moduleRef.get<Queue>(getQueueToken(nombre), { strict: false });
      cola.on('error', (err: Error) => this.avisar(`queue ${nombre}`, err.message));
    }
  }
}
