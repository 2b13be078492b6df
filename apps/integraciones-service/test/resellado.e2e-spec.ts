import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { migrateDatabase } from '@mesa/db-entities';
import { RunningApp, startApp } from '@mesa/shared/app';
import { scratchDatabase, ScratchDatabase } from '../../../libs/db-entities/src/testing/scratch-database';
import { integracionesApp } from '../src/app.definition';
import { Cifrador } from '../src/seguridad/cifrado';
import { ReselladoSecretosJob } from '../src/seguridad/resellado.job';
import { SecretosService } from '../src/seguridad/secretos.service';

const clave = () => randomBytes(32).toString('base64');

/**
 * A change of ENCRYPTION_KEY with the old key in ENCRYPTION_KEYS_PREVIOUS: integraciones-service
 * opens the old secrets, moves them to the new key at start, and leaves alone what is already
 * current and what no configured key opens. In a database of its own (the re-sealing covers
 * every integration, and the run's other tests use the development key).
 */
describe('integraciones: re-sealing secrets after a key change', () => {
  const vieja = clave();
  const nueva = clave();
  const ajena = clave();
  const ids = { vieja: randomUUID(), actual: randomUUID(), ajena: randomUUID() };
  const credenciales = { usuario: 'mesa-partes', clave: `clave-${randomUUID()}` };
  const secreto = `whsec-${randomUUID()}`;
  let scratch: ScratchDatabase;
  let db: Client;
  let app: RunningApp;

  const sellar = (key: string, id: string) => {
    const c = new Cifrador(key);
    return [c.cifrar(JSON.stringify(credenciales), `${id}:credenciales`), c.cifrar(secreto, `${id}:webhook`)];
  };
  const blobs = async (id: string): Promise<[string, string]> => {
    const { rows } = await db.query(
      'SELECT credenciales_cifradas AS c, webhook_secret_cifrado AS w FROM integraciones.integracion WHERE id = $1',
      [id],
    );
    return [rows[0].c, rows[0].w];
  };
  const antes: Record<string, [string, string]> = {};

  beforeAll(async () => {
    scratch = scratchDatabase('resellado');
    await migrateDatabase(scratch.url);
    db = new Client({ connectionString: scratch.url });
    await db.connect();
    for (const [nombre, key] of [
      ['vieja', vieja],
      ['actual', nueva],
      ['ajena', ajena],
    ] as const) {
      const [c, w] = sellar(key, ids[nombre]);
      await db.query(
        `INSERT INTO integraciones.integracion (id, codigo, nombre, tipo, tipo_autenticacion, credenciales_cifradas, webhook_secret_cifrado)
         VALUES ($1, $2, $3, 'WEBHOOK', 'BASIC', $4, $5)`,
        [ids[nombre], `KEY-${nombre.toUpperCase()}`, `Clave ${nombre}`, c, w],
      );
      antes[nombre] = [c, w];
    }
    app = await startApp(integracionesApp, {
      ...process.env,
      PORT: '0',
      LOG_LEVEL: 'silent',
      DATABASE_URL: scratch.url,
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX ?? 'test:'}resellado-${randomUUID().slice(0, 8)}:`,
      ENCRYPTION_KEY: nueva,
      ENCRYPTION_KEYS_PREVIOUS: `${clave()},${vieja}`,
    });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.end();
    await scratch?.drop();
  });

  it('moves the old key’s secrets to the new key at start, still bound to their row and field', async () => {
    const idNueva = new Cifrador(nueva).keyId;
    const hasta = Date.now() + 20_000;
    while ((await blobs(ids.vieja))[0].split('.')[1] !== idNueva && Date.now() < hasta) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const [c, w] = await blobs(ids.vieja);
    expect([c.split('.')[1], w.split('.')[1]]).toEqual([idNueva, idNueva]);
    // The new key alone opens them now; the old one no longer does.
    const soloNueva = new Cifrador(nueva);
    expect(JSON.parse(soloNueva.descifrar(c, `${ids.vieja}:credenciales`))).toEqual(credenciales);
    expect(soloNueva.descifrar(w, `${ids.vieja}:webhook`)).toBe(secreto);
    expect(() => new Cifrador(vieja).descifrar(c, `${ids.vieja}:credenciales`)).toThrow('unknown key');
    // And the service reads them as before.
    const secretos = app.app.get(SecretosService);
    expect(secretos.credenciales({ id: ids.vieja, credencialesCifradas: c })).toEqual(credenciales);
  });

  it('leaves current secrets as they are, and those of a key not configured untouched and counted', async () => {
    expect(await blobs(ids.actual)).toEqual(antes.actual);
    expect(await blobs(ids.ajena)).toEqual(antes.ajena);
    // Run again: nothing left to move, the foreign one still reported.
    expect(await app.app.get(ReselladoSecretosJob).resellar()).toEqual({ resellados: 0, ilegibles: 1 });
  });
});
