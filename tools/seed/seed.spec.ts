import { createHmac, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { verifyPassword } from '@mesa/shared/auth';
import { CODIGO_SEGUIMIENTO_ALFABETO, codigoCoincide, feriadosNacionales, hashCodigo } from '@mesa/shared/domain';
import { suspenderIndicesYClaves } from './carga-masiva';
import { aniosDeFeriados } from './catalogos.seed';
import { padsHmac } from './documentos.seed';
import { seed, Summary } from './seed';

const password = 'demo-pass-1';
/** Not the development default: the seed must use the secret it is given. */
const trackingCodeSecret = 'seed-spec-tracking-secret-of-32-chars-or-more';

/** A database of its own on the test server; the seed creates it (migrateDatabase does). */
function scratchDatabase(): { url: string; drop(): Promise<void> } {
  const base = process.env.DATABASE_URL as string;
  const name = `${process.env.MESA_TEST_DATABASE ?? 'mesa_test'}_seed_${randomBytes(3).toString('hex')}`;
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const admin = new Client({ connectionString: base });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).finally(() => admin.end());
    },
  };
}

/**
 * The app's derivation (documentos-service codigo-seguimiento.ts), restated: the first 80 bits
 * of HMAC-SHA256(secret, lowercase id), 5 bits per symbol. The gateway's end-to-end suite checks
 * the app itself prints receipts of seeded documents.
 */
function derivarCodigoSeguimiento(secret: string, id: string): string {
  const bits = [...createHmac('sha256', secret).update(id.toLowerCase()).digest().subarray(0, 10)]
    .map((b) => b.toString(2).padStart(8, '0'))
    .join('');
  return Array.from({ length: 16 }, (_, k) => CODIGO_SEGUIMIENTO_ALFABETO[parseInt(bits.slice(5 * k, 5 * k + 5), 2)]).join('');
}

/** The seed writes every service's tables, so it gets a database of its own. */
describe('seed', () => {
  let db: ReturnType<typeof scratchDatabase>;
  let client: Client;
  let primera: Summary;

  beforeAll(async () => {
    db = scratchDatabase();
    primera = await seed({ url: db.url, password, trackingCodeSecret });
    client = new Client({ connectionString: db.url });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await db.drop();
  });

  const filas = async (sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows;

  /** Everything a run could change, as one value per table. */
  async function huella(): Promise<Record<string, string>> {
    const tablas = {
      usuario: 'gateway.usuario ORDER BY username',
      area: 'documentos.area ORDER BY id',
      tipo: 'documentos.tipo_documento ORDER BY id',
      feriado: 'documentos.feriado ORDER BY fecha',
      documento: 'documentos.documento ORDER BY id',
      contador: 'documentos.contador_expediente ORDER BY anio',
      ref: 'derivaciones.documento_ref ORDER BY documento_id',
      derivacion: 'derivaciones.derivacion ORDER BY id',
      contador_derivacion: 'derivaciones.contador_derivacion ORDER BY periodo',
    };
    const result: Record<string, string> = {};
    for (const [nombre, desde] of Object.entries(tablas)) {
      const [alias, orden] = desde.split(' ORDER BY ');
      const [row] = await filas(`SELECT md5(string_agg(t::text, '|' ORDER BY ${orden})) AS h FROM ${alias} t`);
      result[nombre] = row.h;
    }
    return result;
  }

  async function esquema(): Promise<string[]> {
    const rows = await filas(
      `SELECT indexdef AS d FROM pg_indexes WHERE schemaname IN ('documentos', 'derivaciones')
       UNION ALL
       SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
        WHERE connamespace IN ('documentos'::regnamespace, 'derivaciones'::regnamespace)`,
    );
    return rows.map((r) => r.d as string).sort();
  }

  async function contadoresCoherentes(): Promise<void> {
    // Each counter is the number of its year's (month's) documents (derivations), numbered 1..n.
    const anios = await filas(`
      SELECT c.anio, c.ultimo, count(d.*)::int AS n, max(split_part(d.numero_expediente, '-', 3)::int) AS maximo
        FROM documentos.contador_expediente c
        JOIN documentos.documento d ON split_part(d.numero_expediente, '-', 2)::int = c.anio
       GROUP BY c.anio, c.ultimo`);
    expect(anios.length).toBeGreaterThan(0);
    for (const a of anios) expect([a.ultimo, a.maximo]).toEqual([a.n, a.n]);
    const meses = await filas(`
      SELECT c.periodo, c.ultimo, count(v.*)::int AS n, max(split_part(v.numero_derivacion, '-', 3)::int) AS maximo
        FROM derivaciones.contador_derivacion c
        JOIN derivaciones.derivacion v ON split_part(v.numero_derivacion, '-', 2) = c.periodo
       GROUP BY c.periodo, c.ultimo`);
    expect(meses.length).toBeGreaterThan(0);
    for (const m of meses) expect([m.ultimo, m.maximo]).toEqual([m.n, m.n]);
    const [huerfanos] = await filas(`
      SELECT (SELECT count(*) FROM documentos.documento d
               WHERE NOT EXISTS (SELECT 1 FROM documentos.contador_expediente c
                                  WHERE c.anio = split_part(d.numero_expediente, '-', 2)::int))::int AS docs`);
    expect(huerfanos.docs).toBe(0);
  }

  async function rutasCoherentes(): Promise<void> {
    const [r] = await filas(`
      WITH v AS (
        SELECT v.*, lag(area_destino_id) OVER w AS anterior,
               row_number() OVER w AS j, count(*) OVER (PARTITION BY documento_id) AS k
          FROM derivaciones.derivacion v
        WINDOW w AS (PARTITION BY documento_id ORDER BY fecha_derivacion))
      SELECT count(*) FILTER (WHERE j = 1 AND area_origen_id <> (SELECT id FROM documentos.area WHERE codigo = 'MP'))::int AS primera,
             count(*) FILTER (WHERE j > 1 AND area_origen_id <> anterior)::int AS cadena,
             count(*) FILTER (WHERE area_origen_id = area_destino_id)::int AS mismo,
             count(*) FILTER (WHERE j = k AND area_destino_id <> d.area_actual_id)::int AS final,
             count(*) FILTER (WHERE v.fecha_derivacion < d.fecha_recepcion OR v.fecha_derivacion > now())::int AS fechas,
             count(*) FILTER (WHERE j < k AND v.estado <> 'ATENDIDO')::int AS intermedias,
             count(*) FILTER (WHERE j = k AND d.estado = 'EN_PROCESO' AND v.estado NOT IN ('PENDIENTE', 'RECIBIDO'))::int AS abiertas
        FROM v JOIN documentos.documento d ON d.id = v.documento_id`);
    expect(r).toEqual({ primera: 0, cadena: 0, mismo: 0, final: 0, fechas: 0, intermedias: 0, abiertas: 0 });
  }

  it('creates the demo catalogs, users and documents', () => {
    expect(primera).toMatchObject({
      areas: 10,
      tiposDocumento: 10,
      feriados: aniosDeFeriados().flatMap(feriadosNacionales).length,
      usuarios: 6,
      documentos: 300,
      documentosCreados: 300,
      bulk: false,
    });
    expect(primera.derivaciones).toBe(primera.derivacionesCreadas);
    expect(primera.derivaciones / 300).toBeGreaterThan(2.5);
    expect(primera.derivaciones / 300).toBeLessThan(3.5);
  });

  it('gives every role a user whose password verifies, AREA users scoped to the first two offices', async () => {
    const usuarios = await filas(
      `SELECT u.username, u.rol::text, a.codigo AS area, u.password_hash
         FROM gateway.usuario u LEFT JOIN documentos.area a ON a.id = u.area_id ORDER BY u.username`,
    );
    expect(usuarios.map(({ username, rol, area }) => [username, rol, area])).toEqual([
      ['admin', 'ADMIN', null],
      ['area1', 'AREA', 'MP'],
      ['area2', 'AREA', 'DG'],
      ['auditor', 'AUDITOR', null],
      ['mesa', 'MESA_PARTES', 'MP'],
      ['sre', 'SRE', null],
    ]);
    for (const u of usuarios) {
      // At today's scrypt cost (N=2^17), so sign-in has nothing to rehash.
      expect(u.password_hash).toMatch(/^scrypt\$131072\$/);
      expect(await verifyPassword(password, u.password_hash)).toBe(true);
      expect(await verifyPassword('wrong', u.password_hash)).toBe(false);
    }
  });

  it('numbers cases and derivations gap-free and in step with their counters', async () => {
    await contadoresCoherentes();
    const [refs] = await filas(`SELECT count(*)::int AS n FROM derivaciones.documento_ref`);
    expect(refs.n).toBe(300);
  });

  it('routes documents from Mesa de Partes to their current office, in date order', async () => {
    await rutasCoherentes();
  });

  it('stores the hash of the tracking code the app derives from the id and the secret, so receipts work', async () => {
    const docs = await filas(`SELECT id, codigo_seguimiento_hash FROM documentos.documento`);
    expect(docs).toHaveLength(300);
    for (const doc of docs) {
      expect(doc.codigo_seguimiento_hash).toBe(hashCodigo(derivarCodigoSeguimiento(trackingCodeSecret, doc.id)));
      // What the receipt service checks before printing a code.
      expect(codigoCoincide(derivarCodigoSeguimiento(trackingCodeSecret, doc.id), doc.codigo_seguimiento_hash)).toBe(true);
      expect(codigoCoincide(derivarCodigoSeguimiento(`${trackingCodeSecret}x`, doc.id), doc.codigo_seguimiento_hash)).toBe(false);
    }
  });

  it.each([
    ['a short secret', 'seed-spec-tracking-secret-of-32-chars-or-more'],
    ['a secret longer than the HMAC block (hashed first)', 'k'.repeat(100)],
  ])('computes in SQL the same HMAC-SHA256 as node:crypto, for %s', async (_, secret) => {
    const { ipad, opad } = padsHmac(secret);
    const id = '0190f3a2-7c1e-7a4b-9c3d-5e6f7a8b9c0d';
    const [row] = await filas(
      `SELECT encode(sha256($2::bytea || sha256($1::bytea || convert_to($3::text, 'UTF8'))), 'hex') AS mac`,
      [ipad, opad, id],
    );
    expect(row.mac).toBe(createHmac('sha256', secret).update(id).digest('hex'));
  });

  it('changes nothing when run again', async () => {
    const antes = await huella();
    const segunda = await seed({ url: db.url, password: 'another-password' });
    expect(segunda).toMatchObject({ documentosCreados: 0, derivacionesCreadas: 0, documentos: 300, usuarios: 6 });
    expect(await huella()).toEqual(antes);
  });

  it('rebuilds the indexes and keys a crashed bulk load left dropped', async () => {
    const antes = await esquema();
    await suspenderIndicesYClaves(client, 'documentos', 'documento');
    expect((await esquema()).length).toBeLessThan(antes.length);
    await seed({ url: db.url, password });
    expect(await esquema()).toEqual(antes);
    const [pendiente] = await filas(`SELECT to_regclass('public.seed_pending_ddl') AS t`);
    expect(pendiente.t).toBeNull();
  });

  it('tops up to a larger count on the bulk path, leaving the schema and the numbering intact', async () => {
    const antes = await esquema();
    const resumen = await seed({ url: db.url, password, documentos: 20_300 });
    expect(resumen).toMatchObject({ bulk: true, documentos: 20_300, documentosCreados: 20_000 });
    const [n] = await filas(`SELECT count(*)::int AS n FROM documentos.documento`);
    expect(n.n).toBe(20_300);
    expect(resumen.derivacionesCreadas / 20_000).toBeGreaterThan(2.8);
    expect(resumen.derivacionesCreadas / 20_000).toBeLessThan(3.2);
    expect(await esquema()).toEqual(antes);
    await contadoresCoherentes();
    await rutasCoherentes();
    // Left as autovacuum would keep them, so the first plans on a fresh dataset are the later ones.
    const visibles = await filas(
      `SELECT relname, relallvisible::float / greatest(relpages, 1) AS parte FROM pg_class
        WHERE oid IN ('documentos.documento'::regclass, 'derivaciones.derivacion'::regclass, 'derivaciones.documento_ref'::regclass)`,
    );
    expect(visibles).toHaveLength(3);
    expect(Math.min(...visibles.map((t) => t.parte))).toBeGreaterThan(0.95);
  });
});
