import { createHash, timingSafeEqual } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG } from '@mesa/shared/app';
import { AppConfig, enRedOperativa, redesOperativas } from '@mesa/shared/config';
import { PideErrors } from '@mesa/shared/contracts';
import { forbidden, unauthorized } from '@mesa/shared/errors';

const huella = (h: string) => h.replace(/:/g, '').trim().toLowerCase();

/**
 * Who may call the SOAP port: PIDE, known by its client certificate (SHA-256 fingerprint, when
 * this process terminates TLS) or by its address (PIDE_ALLOWED_NETWORKS, the client address as
 * TRUSTED_PROXIES resolves it); and in both cases the API credential PIDE was given (x-api-key,
 * compared by its SHA-256). Nothing configured: nobody.
 */
@Injectable()
export class PideAccesoGuard implements CanActivate {
  private readonly huellas: Set<string>;
  private readonly redes;
  private readonly clave: Buffer | null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.huellas = new Set((config.PIDE_CLIENT_CERT_SHA256 ?? '').split(',').map(huella).filter(Boolean));
    this.redes = config.PIDE_ALLOWED_NETWORKS ? redesOperativas(config.PIDE_ALLOWED_NETWORKS) : null;
    this.clave = config.PIDE_API_KEY_SHA256 ? Buffer.from(config.PIDE_API_KEY_SHA256, 'hex') : null;
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    if (!this.certificadoPermitido(req) && !(this.redes && enRedOperativa(this.redes, req.ip))) {
      throw forbidden(PideErrors.PIDE_ORIGEN_NO_PERMITIDO, 'Origen no autorizado para el servicio PIDE');
    }
    const dada = req.headers['x-api-key'];
    const ok =
      this.clave !== null &&
      typeof dada === 'string' &&
      timingSafeEqual(createHash('sha256').update(dada).digest(), this.clave);
    if (!ok) throw unauthorized(PideErrors.PIDE_NO_AUTENTICADO, 'Credencial PIDE ausente o inválida');
    return true;
  }

  private certificadoPermitido(req: FastifyRequest): boolean {
    if (!this.huellas.size) return false;
    const socket = req.raw.socket as Partial<TLSSocket>;
    if (typeof socket.getPeerCertificate !== 'function' || !socket.authorized) return false;
    const cert = socket.getPeerCertificate();
    return !!cert?.fingerprint256 && this.huellas.has(huella(cert.fingerprint256));
  }
}
