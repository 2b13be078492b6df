import { randomInt } from 'node:crypto';
import { Client } from 'pg';
import { api, login, nuevoDocumento, seedDemo, startSuite, Suite } from './support';

/** A word no other document carries, so full-text hits can be told apart from other suites'. */
const palabra = (n = 9) => Array.from({ length: n }, () => 'bcdfghjklmnpqrstvwxz'[randomInt(20)]).join('');
/** The fields the tests read from list items. */
interface Item {
  id: string;
  numeroExpediente: string;
  areaActualId: number | null;
  fechaLimite: string;
  vencido?: boolean;
  diasVencido?: number;
  diasRestantes?: number;
}
const limaHoy = () => new Date(Date.now() - 5 * 3600_000).toISOString().slice(0, 10);

describe('search, case lookup, statistics and overdue through the gateway', () => {
  let suite: Suite;
  let pg: Client;
  let mesa: ReturnType<typeof api>;
  let area1: ReturnType<typeof api>;
  let area2: ReturnType<typeof api>;
  let mp: number;
  let dg: number;

  const registrar = async (over: Record<string, unknown>) => {
    const res = await mesa('POST', '/documentos', nuevoDocumento(over));
    expect(res.status).toBe(201);
    return res.body as { id: string; numeroExpediente: string };
  };
  const ids = (body: { items: { id: string }[] }) => body.items.map((d) => d.id);
  /** Every page of a keyset list, following nextCursor. */
  const todas = async (client: ReturnType<typeof api>, path: string) => {
    const items: Item[] = [];
    let cursor: string | null = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const res = await client('GET', `${path}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return items;
  };

  beforeAll(async () => {
    await seedDemo();
    pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    const areas = (await pg.query(`SELECT id, codigo FROM documentos.area WHERE codigo IN ('MP', 'DG')`)).rows;
    mp = areas.find((a) => a.codigo === 'MP').id;
    dg = areas.find((a) => a.codigo === 'DG').id;
    suite = await startSuite('in-process');
    const url = suite.gatewayUrl;
    [mesa, area1, area2] = await Promise.all(['mesa', 'area1', 'area2'].map(async (u) => api(url, await login(url, u))));
  });

  afterAll(async () => {
    await suite?.close();
    await pg?.end();
  });

  describe('GET /documentos/buscar', () => {
    it('folds accents both ways: "resolucion" finds "resolución" and "información" finds "informacion"', async () => {
      const a = palabra();
      const b = palabra();
      const conTilde = await registrar({ asunto: `Resolución directoral sobre ${a}` });
      const sinTilde = await registrar({ asunto: `Pide informacion del expediente ${b}` });

      const r1 = await mesa('GET', `/documentos/buscar?q=${encodeURIComponent(`resolucion ${a}`)}`);
      expect(r1.status).toBe(200);
      expect(ids(r1.body)).toEqual([conTilde.id]);
      expect(r1.body.nextCursor).toBeNull();

      const r2 = await mesa('GET', `/documentos/buscar?q=${encodeURIComponent(`información ${b}`)}`);
      expect(ids(r2.body)).toEqual([sinTilde.id]);
    });

    it('ranks matches in the subject above matches in the sender, and pages by cursor', async () => {
      const w = palabra();
      const enRemitente = await registrar({ remitente: `Empresa ${w} SAC`, asunto: 'Solicita copia certificada' });
      const enAsunto = await registrar({ asunto: `Reclamo ${w} por demora` });
      const p1 = await mesa('GET', `/documentos/buscar?q=${w}&limit=1`);
      expect(ids(p1.body)).toEqual([enAsunto.id]);
      expect(p1.body.nextCursor).toEqual(expect.any(String));
      const p2 = await mesa('GET', `/documentos/buscar?q=${w}&limit=1&cursor=${p1.body.nextCursor}`);
      expect(ids(p2.body)).toEqual([enRemitente.id]);
      const p3 = await mesa('GET', `/documentos/buscar?q=${w}&limit=1&cursor=${p2.body.nextCursor}`);
      expect(p3.body).toEqual({ items: [], nextCursor: null });
    });

    it('finds partial case numbers through the trigram index', async () => {
      const doc = await registrar({ asunto: 'Solicita constancia de no adeudo' });
      const [, anio, correlativo] = doc.numeroExpediente.split('-');
      for (const q of [`${anio}-${correlativo}`, correlativo, doc.numeroExpediente.toLowerCase()]) {
        const found = await todas(mesa, `/documentos/buscar?q=${encodeURIComponent(q)}&limit=100`);
        expect(found.map((d) => d.id)).toContain(doc.id);
        expect(found.every((d) => d.numeroExpediente.includes(q.toUpperCase()))).toBe(true);
      }
    });

    it('finds part of a sender name (inside a word, where full text cannot)', async () => {
      const apellido = palabra(10);
      const doc = await registrar({ remitente: `Rosa ${apellido[0].toUpperCase()}${apellido.slice(1)} Huamán` });
      const res = await mesa('GET', `/documentos/buscar?q=${apellido.slice(2, 8)}`);
      expect(ids(res.body)).toEqual([doc.id]);
    });

    it('shows AREA users only their office’s documents', async () => {
      const w = palabra();
      const enMp = await registrar({ asunto: `Oficio ${w}`, areaActualId: mp });
      const enDg = await registrar({ asunto: `Oficio ${w}`, areaActualId: dg });
      expect(ids((await area1('GET', `/documentos/buscar?q=${w}`)).body)).toEqual([enMp.id]);
      expect(ids((await area2('GET', `/documentos/buscar?q=${w}`)).body)).toEqual([enDg.id]);
      expect(ids((await mesa('GET', `/documentos/buscar?q=${w}`)).body).sort()).toEqual([enMp.id, enDg.id].sort());
    });

    it('registration invalidates cached searches', async () => {
      const w = palabra();
      expect((await mesa('GET', `/documentos/buscar?q=${w}`)).body.items).toEqual([]);
      const doc = await registrar({ asunto: `Queja ${w}` });
      expect(ids((await mesa('GET', `/documentos/buscar?q=${w}`)).body)).toEqual([doc.id]);
    });

    it('rejects a missing or one-letter q and a forged cursor with 400', async () => {
      expect((await mesa('GET', '/documentos/buscar')).status).toBe(400);
      expect((await mesa('GET', '/documentos/buscar?q=a')).status).toBe(400);
      const res = await mesa('GET', '/documentos/buscar?q=oficio&cursor=bm90LWEtY3Vyc29y');
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('CURSOR_INVALIDO');
    });
  });

  describe('GET /documentos/expediente/:numeroExpediente', () => {
    it('finds one case by number (any case), 404 when unknown or in another office, 400 when malformed', async () => {
      const doc = await registrar({ areaActualId: dg });
      const ok = await mesa('GET', `/documentos/expediente/${doc.numeroExpediente}`);
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ id: doc.id, numeroExpediente: doc.numeroExpediente });
      expect((await mesa('GET', `/documentos/expediente/${doc.numeroExpediente.toLowerCase()}`)).body.id).toBe(doc.id);
      expect((await area2('GET', `/documentos/expediente/${doc.numeroExpediente}`)).status).toBe(200);

      const otraOficina = await area1('GET', `/documentos/expediente/${doc.numeroExpediente}`);
      expect(otraOficina.status).toBe(404);
      expect(otraOficina.body.code).toBe('DOCUMENTO_NOT_FOUND');
      const desconocido = await mesa('GET', '/documentos/expediente/EXP-2099-999999');
      expect(desconocido.status).toBe(404);
      expect(desconocido.body.code).toBe('DOCUMENTO_NOT_FOUND');
      const malo = await mesa('GET', '/documentos/expediente/EXP-26-1');
      expect(malo.status).toBe(400);
      expect(malo.body.code).toBe('NUMERO_EXPEDIENTE_INVALIDO');
    });
  });

  describe('GET /documentos/estadisticas', () => {
    // Days of a year no other suite writes to: the figures are exactly what this test inserted.
    const anio = 1950 + randomInt(40);
    const dia1 = `${anio}-03-06`;
    const dia2 = `${anio}-03-07`;
    const insertar = (dia: string, estado: string, prioridad: string, area: number, tipo: number, limite: string) =>
      pg.query(
        `INSERT INTO documentos.documento (numero_expediente, tipo_documento_id, remitente, asunto, prioridad, estado,
           fecha_presentacion, fecha_recepcion, fecha_limite, area_actual_id, codigo_seguimiento_hash)
         VALUES ('EXP-' || $1 || '-' || lpad((floor(random() * 999999) + 1)::text, 6, '0'), $2, 'Remitente de prueba',
           'Estadística de prueba', $3, $4, ($5::date + time '10:00') AT TIME ZONE 'America/Lima',
           ($5::date + time '10:00') AT TIME ZONE 'America/Lima', $6::timestamptz, $7, md5(random()::text) || md5(random()::text))`,
        [anio, tipo, prioridad, estado, dia, limite, area],
      );
    const abiertosVencidos = async (area?: number) =>
      Number(
        (
          await pg.query(
            `SELECT count(*) FROM documentos.documento WHERE estado IN ('REGISTRADO', 'EN_PROCESO', 'OBSERVADO')
               AND fecha_limite < now() AND ($1::int IS NULL OR area_actual_id = $1)`,
            [area ?? null],
          )
        ).rows[0].count,
      );

    it('counts exactly what was received in the range, by estado, prioridad, office, type and day', async () => {
      const tipos = (await pg.query('SELECT id FROM documentos.tipo_documento ORDER BY id LIMIT 2')).rows.map((r) => r.id);
      await insertar(dia1, 'REGISTRADO', 'NORMAL', mp, tipos[0], `${dia1}T23:00:00Z`);
      await insertar(dia1, 'EN_PROCESO', 'ALTA', mp, tipos[0], `${dia2}T23:00:00Z`);
      await insertar(dia1, 'ATENDIDO', 'URGENTE', mp, tipos[1], `${dia2}T23:00:00Z`);
      await insertar(dia2, 'EN_PROCESO', 'NORMAL', dg, tipos[1], `${dia2}T23:00:00Z`);
      await insertar(dia2, 'ARCHIVADO', 'NORMAL', dg, tipos[1], `${dia2}T23:00:00Z`);

      const vencidosAntes = await abiertosVencidos();
      const res = await mesa('GET', `/documentos/estadisticas?fechaDesde=${dia1}&fechaHasta=${anio}-03-08`);
      const vencidosDespues = await abiertosVencidos();
      expect(res.status).toBe(200);
      const s = res.body;
      expect(s).toMatchObject({ fechaDesde: dia1, fechaHasta: `${anio}-03-08`, areaId: null, total: 5 });
      const mapa = (xs: { clave: unknown; total: number }[]) => Object.fromEntries(xs.map((x) => [String(x.clave), x.total]));
      expect(mapa(s.porEstado)).toEqual({ REGISTRADO: 1, EN_PROCESO: 2, ATENDIDO: 1, ARCHIVADO: 1 });
      expect(mapa(s.porPrioridad)).toEqual({ NORMAL: 3, ALTA: 1, URGENTE: 1 });
      expect(mapa(s.porArea)).toEqual({ [mp]: 3, [dg]: 2 });
      expect(mapa(s.porTipo)).toEqual({ [tipos[0]]: 2, [tipos[1]]: 3 });
      expect(s.porDia).toEqual([
        { fecha: dia1, total: 3 },
        { fecha: dia2, total: 2 },
        { fecha: `${anio}-03-08`, total: 0 },
      ]);
      // Overdue counts open documents now, whenever received: the 3 open ones inserted here are.
      expect(vencidosAntes).toBeGreaterThanOrEqual(3);
      if (vencidosAntes === vencidosDespues) expect(s.vencidos).toBe(vencidosAntes);
      expect(s.porVencer).toBeGreaterThanOrEqual(0);

      const oficina = await area1('GET', `/documentos/estadisticas?fechaDesde=${dia1}&fechaHasta=${anio}-03-08`);
      expect(oficina.body).toMatchObject({ areaId: mp, total: 3 });
      expect(mapa(oficina.body.porArea)).toEqual({ [mp]: 3 });
      expect(mapa(oficina.body.porEstado)).toEqual({ REGISTRADO: 1, EN_PROCESO: 1, ATENDIDO: 1 });
      const mpVencidos = await abiertosVencidos(mp);
      if (mpVencidos === (await abiertosVencidos(mp))) expect(oficina.body.vencidos).toBeLessThanOrEqual(s.vencidos);
    });

    it('defaults to the last 30 days up to today', async () => {
      const res = await mesa('GET', '/documentos/estadisticas');
      expect(res.status).toBe(200);
      expect(res.body.fechaHasta).toBe(limaHoy());
      expect(res.body.porDia).toHaveLength(30);
      expect(res.body.porDia[29].fecha).toBe(limaHoy());
    });

    it('is invalidated by a registration', async () => {
      // Filed on a weekend or after the cutoff, a document counts on the next business day.
      const primero = await mesa('GET', `/documentos/${(await registrar({ asunto: 'Fija el día legal' })).id}`);
      const dia = new Date(new Date(primero.body.fechaRecepcion).getTime() - 5 * 3600_000).toISOString().slice(0, 10);
      const ruta = `/documentos/estadisticas?fechaDesde=${dia}&fechaHasta=${dia}`;
      const antes = await mesa('GET', ruta);
      expect(antes.body.total).toBeGreaterThanOrEqual(1);
      await registrar({ asunto: 'Cuenta en las estadísticas' });
      const despues = await mesa('GET', ruta);
      expect(despues.body.total).toBeGreaterThan(antes.body.total);
      expect(despues.body.porDia[0].total).toBe(despues.body.total);
    });

    it('rejects a reversed, malformed or too long range with 400', async () => {
      const invertido = await mesa('GET', '/documentos/estadisticas?fechaDesde=2026-03-10&fechaHasta=2026-03-01');
      expect(invertido.status).toBe(400);
      expect(invertido.body.code).toBe('RANGO_FECHAS_INVALIDO');
      expect((await mesa('GET', '/documentos/estadisticas?fechaDesde=2020-01-01&fechaHasta=2026-01-01')).body.code).toBe(
        'RANGO_FECHAS_INVALIDO',
      );
      expect((await mesa('GET', '/documentos/estadisticas?fechaDesde=ayer')).status).toBe(400);
    });
  });

  describe('GET /documentos/vencidos', () => {
    it('lists overdue and due-soon documents of an office with business days, not later ones', async () => {
      const vencido = await registrar({ areaActualId: dg, asunto: 'Vencido' });
      const pronto = await registrar({ areaActualId: dg, asunto: 'Vence pronto' });
      const lejano = await registrar({ areaActualId: dg, asunto: 'Vence en dos meses' });
      await pg.query(`UPDATE documentos.documento SET fecha_limite = now() - interval '20 days' WHERE id = $1`, [vencido.id]);
      await pg.query(`UPDATE documentos.documento SET fecha_limite = now() + interval '1 minute' WHERE id = $1`, [pronto.id]);
      await pg.query(`UPDATE documentos.documento SET fecha_limite = now() + interval '60 days' WHERE id = $1`, [lejano.id]);

      const lista = await todas(area2, '/documentos/vencidos?limit=2');
      const porId = new Map(lista.map((d) => [d.id, d]));
      expect(new Set(lista.map((d) => d.id)).size).toBe(lista.length);
      expect(lista.every((d) => d.areaActualId === dg)).toBe(true);
      const limites = lista.map((d) => d.fechaLimite);
      expect([...limites].sort()).toEqual(limites);
      // 20 calendar days hold at least 10 business days whatever the holidays.
      expect(porId.get(vencido.id)).toMatchObject({ vencido: true });
      expect(porId.get(vencido.id)?.diasVencido).toBeGreaterThanOrEqual(10);
      expect(porId.get(vencido.id)?.diasRestantes).toBeUndefined();
      expect(porId.get(pronto.id)).toMatchObject({ vencido: false });
      expect(porId.get(pronto.id)?.diasRestantes).toBeLessThanOrEqual(1);
      expect(porId.has(lejano.id)).toBe(false);

      const comoMesa = await todas(mesa, `/documentos/vencidos?areaId=${dg}&limit=100`);
      expect(comoMesa.map((d) => d.id)).toEqual(expect.arrayContaining([vencido.id, pronto.id]));
      const otraOficina = await todas(area1, '/documentos/vencidos?limit=100');
      expect(otraOficina.map((d) => d.id)).not.toContain(vencido.id);
      expect((await area1('GET', `/documentos/vencidos?areaId=${dg}`)).body).toEqual({ items: [], nextCursor: null });
    });
  });
});
