import { documentosApp } from '../../documentos-service/src/app.definition';
import { gatewayApp } from '../src/app.definition';
import { AppDefinition, RunningApp, startApp } from '@mesa/shared/app';
import { spawnApp } from '@mesa/shared/testing';
import { seed } from '../../../tools/seed/seed';

export const PASSWORD = 'test-password-2026';

/** Boots an app in this process on a free port, with env overrides. */
export function boot(def: AppDefinition, env: Record<string, string> = {}): Promise<RunningApp> {
  return startApp(def, {
    ...process.env,
    PORT: '0',
    LOG_LEVEL: 'warn',
    ...env,
  });
}

let seeded: Promise<unknown> | undefined;
/** Demo data (offices, types, holidays, users) once per test database. */
export function seedDemo(): Promise<unknown> {
  seeded ??= seed({
    url: process.env.DATABASE_URL as string,
    password: PASSWORD,
  });
  return seeded;
}

export async function login(gatewayUrl: string, username: string): Promise<string> {
  const res = await fetch(`${gatewayUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

export function api(gatewayUrl: string, token?: string) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${gatewayUrl}/api/v1${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: res.status, headers: res.headers, body: json };
  };
}

export const nuevoDocumento = (over: Record<string, unknown> = {}) => ({
  tipoDocumentoId: 1,
  remitente: 'María Quispe Mamani',
  asunto: 'Solicita constancia de trámite',
  numeroFolios: 3,
  prioridad: 'NORMAL',
  ...over,
});

export type SuiteMode = 'in-process' | 'replicas';

export interface Suite {
  gatewayUrl: string;
  close(): Promise<void>;
}

const SERVICES = ['documentos-service', 'derivaciones-service', 'integraciones-service', 'reportes-worker'];

/**
 * The apps an end-to-end suite talks to. `in-process`: gateway and documentos-service booted in
 * this process. `replicas`: like `npm start -- --replicas 2`, every app a process from dist and
 * two of each service, so requests are shared by replicas through the bus.
 */
export async function startSuite(mode: SuiteMode): Promise<Suite> {
  if (mode === 'in-process') {
    const documentos = await boot(documentosApp);
    const gateway = await boot(gatewayApp);
    return {
      gatewayUrl: gateway.url,
      close: async () => {
        await gateway.close();
        await documentos.close();
      },
    };
  }
  const env = { LOG_LEVEL: 'warn' };
  const services = await Promise.all(SERVICES.flatMap((app) => [spawnApp(app, env), spawnApp(app, env)]));
  const gateway = await spawnApp('gateway', env);
  return {
    gatewayUrl: gateway.url,
    close: async () => {
      await Promise.all([gateway, ...services].map((p) => p.stop()));
    },
  };
}

export { documentosApp, gatewayApp };

/** Polls until `check` holds (errors count as not yet), or fails after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000, everyMs = 50): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error('condition not reached in time');
}
