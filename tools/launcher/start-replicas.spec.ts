import { startProcess, waitUntil, type ManagedProcess } from '@mesa/shared/testing';
import { join } from 'node:path';
import { Client } from 'pg';
import { childrenByPort, isAlive } from './children.pids';

const GATEWAY = 'http://127.0.0.1:3000';
// start.mjs's plan for --replicas 2: documentos-service-2 takes the first replica port.
const SECOND_DOCUMENTOS_PORT = 3101;
const PASSWORD = 'launcher-spec-2026';

const status = (url: string, init?: RequestInit) =>
  fetch(url, { ...init, signal: AbortSignal.timeout(10_000) }).then(
    async (r) => [r.status, await r.json().catch(() => null)] as const,
    () => [0, null] as const,
  );

async function login(): Promise<string> {
  const [code, body] = await status(`${GATEWAY}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'mesa', password: PASSWORD }),
  });
  expect(code).toBe(200);
  return (body as { accessToken: string }).accessToken;
}

const registrar = (token: string, asunto: string) =>
  status(`${GATEWAY}/api/v1/documentos`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ tipoDocumentoId: 1, remitente: 'María Quispe', asunto, numeroFolios: 2, prioridad: 'NORMAL' }),
  });

/**
 * `npm start -- --replicas 2 --no-build` itself, on the ports it always takes, against a database
 * of its own (it seeds), under this test file's Redis key prefix.
 */
describe('npm start --replicas 2 while a replica is killed', () => {
  const databaseUrl = new URL(process.env.DATABASE_URL as string);
  const database = `${databaseUrl.pathname.slice(1)}_start`;
  databaseUrl.pathname = `/${database}`;
  let launcher: ManagedProcess;

  afterAll(async () => {
    // The launcher stops its apps one grace period at most (10 s) after SIGTERM.
    await launcher?.stop(30_000);
    const admin = new Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL ?? process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it('goes on serving, brings the killed replica back, and stops everything on SIGINT', async () => {
    launcher = startProcess(process.execPath, [join(__dirname, 'start.mjs'), '--replicas', '2', '--no-build'], {
      env: { ...process.env, DATABASE_URL: databaseUrl.toString(), SEED_PASSWORD: PASSWORD, LOG_LEVEL: 'warn' },
    });
    const running = await waitUntil(async () => launcher.output().includes('Mesa de Partes is running:'), {
      timeoutMs: 180_000,
      gaveUp: () => !launcher.isRunning(),
    });
    expect({ running, output: running ? '' : launcher.output() }).toEqual({ running: true, output: '' });

    const children = childrenByPort(launcher.pid);
    // Six apps, the four services twice.
    expect(children.size).toBe(10);
    const killed = children.get(SECOND_DOCUMENTOS_PORT) as number;
    process.kill(killed, 'SIGKILL');

    // The other replica serves every registration meanwhile.
    const token = await login();
    const registered = [];
    for (let i = 0; i < 5; i++) registered.push((await registrar(token, `launcher replica killed ${i}`))[0]);
    expect(registered).toEqual([201, 201, 201, 201, 201]);

    const back = await waitUntil(
      async () => {
        const pid = childrenByPort(launcher.pid).get(SECOND_DOCUMENTOS_PORT);
        const [ready] = await status(`http://127.0.0.1:${SECOND_DOCUMENTOS_PORT}/health/ready`);
        return pid !== undefined && pid !== killed && ready === 200;
      },
      { timeoutMs: 90_000, gaveUp: () => !launcher.isRunning() },
    );
    expect(back).toBe(true);
    expect(launcher.output()).toMatch(/^documentos-service-2 exited \(signal SIGKILL\); restart 1 in 0\.5 s$/m);
    expect((await registrar(token, 'launcher replica back'))[0]).toBe(201);

    const pids = [...childrenByPort(launcher.pid).values()];
    launcher.child.kill('SIGINT');
    expect(await launcher.exited).toEqual({ code: 130, signal: null });
    expect(pids.filter(isAlive)).toEqual([]);
  }, 300_000);
});
