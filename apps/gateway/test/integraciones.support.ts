import { Client } from 'pg';
import { RunningApp } from '@mesa/shared/app';
import { integracionesApp } from '../../integraciones-service/src/app.definition';
import { InstitucionExterna } from '../../integraciones-service/test/institucion-externa';
import { api, boot, documentosApp, gatewayApp, login, seedDemo } from './support';

export type Api = ReturnType<typeof api>;

export interface SuiteIntegraciones {
  url: string;
  admin: Api;
  mesa: Api;
  /** The run's database, for what the API does not show (sealed blobs, stored log text). */
  db: Client;
  /** The other institution, on loopback. */
  externa: InstitucionExterna;
  cerrar(): Promise<void>;
}

/**
 * documentos-service, integraciones-service and the gateway in this process, with an ADMIN and
 * a MESA_PARTES client, and the other institution started. `integraciones` is the environment of integraciones-service alone (its
 * outbound policy, say); `todas` that of the three (a key prefix of the test file's own).
 */
export async function arrancarIntegraciones(integraciones: Record<string, string>, todas: Record<string, string> = {}): Promise<SuiteIntegraciones> {
  await seedDemo();
  const externa = await new InstitucionExterna().iniciar();
  const apps: RunningApp[] = [await boot(documentosApp, todas), await boot(integracionesApp, { ...todas, ...integraciones }), await boot(gatewayApp, todas)];
  const url = apps[2].url;
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  return {
    url,
    admin: api(url, await login(url, 'admin')),
    mesa: api(url, await login(url, 'mesa')),
    db,
    externa,
    cerrar: async () => {
      await db.end();
      for (const app of apps.reverse()) await app.close();
      await externa.cerrar();
    },
  };
}
