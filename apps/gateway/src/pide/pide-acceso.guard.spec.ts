import { createHash } from 'node:crypto';
import { ExecutionContext } from '@nestjs/common';
import { loadConfig } from '@mesa/shared/config';
import { DomainException } from '@mesa/shared/errors';
import { PideAccesoGuard } from './pide-acceso.guard';

const CLAVE = 'clave-de-pide';
const HUELLA = 'AB:CD:EF:01';

const guard = (env: Record<string, string>) =>
  new PideAccesoGuard(loadConfig({ PIDE_API_KEY_SHA256: createHash('sha256').update(CLAVE).digest('hex'), ...env }));

/** A request as Fastify gives it: client address, headers and the socket (TLS or not). */
const contexto = (
  ip: string,
  apiKey?: string,
  cert?: { authorized: boolean; fingerprint256: string },
): ExecutionContext => {
  const socket = cert
    ? { authorized: cert.authorized, getPeerCertificate: () => ({ fingerprint256: cert.fingerprint256 }) }
    : {};
  const req = { ip, headers: apiKey === undefined ? {} : { 'x-api-key': apiKey }, raw: { socket } };
  return { switchToHttp: () => ({ getRequest: () => req }) } as unknown as ExecutionContext;
};

const codigo = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (err) {
    return (err as DomainException).code;
  }
};

describe('PideAccesoGuard', () => {
  it('lets PIDE in from an allowed address with the credential', () => {
    expect(guard({ PIDE_ALLOWED_NETWORKS: '10.20.0.0/16' }).canActivate(contexto('10.20.3.4', CLAVE))).toBe(true);
    // IPv4-mapped IPv6, as a dual-stack socket reports it.
    expect(guard({ PIDE_ALLOWED_NETWORKS: '10.20.0.0/16' }).canActivate(contexto('::ffff:10.20.3.4', CLAVE))).toBe(
      true,
    );
  });

  it('refuses another address (403) before looking at the credential', () => {
    expect(
      codigo(() => guard({ PIDE_ALLOWED_NETWORKS: '10.20.0.0/16' }).canActivate(contexto('10.21.0.1', CLAVE))),
    ).toBe('PIDE_ORIGEN_NO_PERMITIDO');
  });

  it('refuses a missing or wrong credential (401) from an allowed address', () => {
    const g = guard({ PIDE_ALLOWED_NETWORKS: '10.20.0.0/16' });
    expect(codigo(() => g.canActivate(contexto('10.20.3.4')))).toBe('PIDE_NO_AUTENTICADO');
    expect(codigo(() => g.canActivate(contexto('10.20.3.4', 'otra')))).toBe('PIDE_NO_AUTENTICADO');
  });

  it('lets in an authorised client certificate with a listed fingerprint, from any address', () => {
    const g = guard({ PIDE_CLIENT_CERT_SHA256: 'abcdef01' });
    expect(g.canActivate(contexto('203.0.113.9', CLAVE, { authorized: true, fingerprint256: HUELLA }))).toBe(true);
    expect(
      codigo(() => g.canActivate(contexto('203.0.113.9', CLAVE, { authorized: false, fingerprint256: HUELLA }))),
    ).toBe('PIDE_ORIGEN_NO_PERMITIDO');
    expect(
      codigo(() => g.canActivate(contexto('203.0.113.9', CLAVE, { authorized: true, fingerprint256: 'AB:CD' }))),
    ).toBe('PIDE_ORIGEN_NO_PERMITIDO');
  });

  it('lets nobody in when nothing is configured', () => {
    expect(codigo(() => new PideAccesoGuard(loadConfig({})).canActivate(contexto('127.0.0.1', CLAVE)))).toBe(
      'PIDE_ORIGEN_NO_PERMITIDO',
    );
    expect(
      codigo(() =>
        new PideAccesoGuard(loadConfig({ PIDE_ALLOWED_NETWORKS: '127.0.0.0/8' })).canActivate(
          contexto('127.0.0.1', CLAVE),
        ),
      ),
    ).toBe('PIDE_NO_AUTENTICADO');
  });
});
