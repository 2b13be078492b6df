import { Client } from 'pg';
import { RunningApp } from '@mesa/shared/app';
import { DocumentoDto, FeriadoDto, HistorialEntradaDto } from '@mesa/shared/contracts';
import {
  CalendarioLaboral,
  Feriado,
  fechaLima,
  finDiaLima,
  inicioDiaLima,
  PlazoCalculator,
  sumarDiasCalendario,
} from '@mesa/shared/domain';
import { NoPresentadoJob } from '../../documentos-service/src/tramite/no-presentado.job';
import { api, boot, documentosApp, gatewayApp, login, nuevoDocumento, seedDemo } from './support';

interface FilaAuditoria {
  accion: string;
  usuario_id: string | null;
  ip: string | null;
  antes: Record<string, unknown> | null;
  despues: Record<string, unknown>;
}

/**
 * Changes, state actions, history and holidays, end to end through the gateway and the bus,
 * against the real PostgreSQL and Redis. Other suites may share the database: every assertion
 * is about documents this file registered.
 */
describe('changes, states, history and holidays', () => {
  let documentos: RunningApp;
  let gateway: RunningApp;
  let pg: Client;
  let mesa: ReturnType<typeof api>;
  let admin: ReturnType<typeof api>;
  let auditor: ReturnType<typeof api>;
  let area1: ReturnType<typeof api>;
  let area2: ReturnType<typeof api>;
  let areaDG: number;
  let mesaUserId: string;
  const marca = `Tramite ${Date.now()}`;

  const registrar = async (over: Record<string, unknown> = {}) => {
    const res = await mesa('POST', '/documentos', nuevoDocumento({ remitente: marca, ...over }));
    expect(res.status).toBe(201);
    return res.body as DocumentoDto & { fechaLimite: string };
  };
  const fila = async (id: string) =>
    (await pg.query('SELECT * FROM documentos.documento WHERE id = $1', [id])).rows[0] as Record<string, unknown>;
  const auditoria = async (id: string) =>
    (
      await pg.query(
        'SELECT accion, usuario_id, host(ip) AS ip, antes, despues FROM documentos.auditoria WHERE documento_id = $1 ORDER BY created_at, id',
        [id],
      )
    ).rows as FilaAuditoria[];
  const calculadora = async () => {
    const { rows } = await pg.query<Feriado>(`SELECT to_char(fecha, 'YYYY-MM-DD') AS fecha, tipo::text AS tipo FROM documentos.feriado`);
    return { calendario: new CalendarioLaboral(rows), plazos: new PlazoCalculator(new CalendarioLaboral(rows)) };
  };

  beforeAll(async () => {
    await seedDemo();
    pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    documentos = await boot(documentosApp);
    gateway = await boot(gatewayApp);
    const url = gateway.url;
    [mesa, admin, auditor, area1, area2] = await Promise.all(
      ['mesa', 'admin', 'auditor', 'area1', 'area2'].map(async (u) => api(url, await login(url, u))),
    );
    areaDG = (await pg.query(`SELECT id FROM documentos.area WHERE codigo = 'DG'`)).rows[0].id;
    mesaUserId = (await pg.query(`SELECT id FROM gateway.usuario WHERE username = 'mesa'`)).rows[0].id;
  });

  afterAll(async () => {
    await gateway?.close();
    await documentos?.close();
    await pg?.end();
  });

  describe('PATCH /documentos/:id', () => {
    it('changes the fields, audits before and after in the same change, and the next read shows it', async () => {
      const doc = await registrar({ asunto: 'Asunto original', etiquetas: ['a'] });
      expect((await mesa('GET', `/documentos/${doc.id}`)).body.asunto).toBe('Asunto original'); // now cached

      // A word only the corrected subject has: searched before (and cached empty), found after.
      const palabra = `zorblax${Date.now()}`;
      const buscados = (await mesa('GET', `/documentos/buscar?q=${palabra}`)).body.items;
      const res = await mesa('PATCH', `/documentos/${doc.id}`, { asunto: `Asunto corregido ${palabra}`, numeroFolios: 9, etiquetas: ['a'] });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ asunto: `Asunto corregido ${palabra}`, numeroFolios: 9, estado: 'REGISTRADO', version: 2 });
      expect(res.headers.get('etag')).toBe('"2"');

      const read = await mesa('GET', `/documentos/${doc.id}`);
      expect(read.body).toMatchObject({ asunto: `Asunto corregido ${palabra}`, numeroFolios: 9 });
      expect(buscados).toEqual([]);
      const encontrados = (await mesa('GET', `/documentos/buscar?q=${palabra}`)).body.items.map((d: DocumentoDto) => d.id);
      expect(encontrados).toEqual([doc.id]);

      const audit = await auditoria(doc.id);
      expect(audit.map((a) => a.accion)).toEqual(['REGISTRO', 'EDICION']);
      // Only what changed: etiquetas was sent unchanged.
      expect(audit[1]).toMatchObject({
        usuario_id: mesaUserId,
        antes: { asunto: 'Asunto original', numeroFolios: 3 },
        despues: { asunto: `Asunto corregido ${palabra}`, numeroFolios: 9 },
      });
      expect(Object.keys(audit[1].despues).sort()).toEqual(['asunto', 'numeroFolios']);
      expect(audit[1].ip).toEqual(expect.any(String));
    });

    it('refuses a change over an older version with 412 (If-Match) and writes nothing', async () => {
      const doc = await registrar();
      expect((await mesa('PATCH', `/documentos/${doc.id}`, { prioridad: 'ALTA' }, { 'if-match': '"1"' })).status).toBe(200);
      const antes = await fila(doc.id);
      const stale = await mesa('PATCH', `/documentos/${doc.id}`, { prioridad: 'URGENTE' }, { 'if-match': '"1"' });
      expect(stale.status).toBe(412);
      expect(stale.body.code).toBe('VERSION_DESACTUALIZADA');
      expect(await fila(doc.id)).toEqual(antes);
      expect((await auditoria(doc.id)).length).toBe(2);
    });

    it('answers 400 to the state, the office or the case number, and changes nothing', async () => {
      const doc = await registrar();
      const antes = await fila(doc.id);
      for (const body of [{ estado: 'ARCHIVADO' }, { areaActualId: areaDG }, { numeroExpediente: 'EXP-2000-000001' }, { asunto: null }, {}]) {
        const res = await mesa('PATCH', `/documentos/${doc.id}`, body);
        expect(res.status).toBe(400);
        expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      }
      const res = await mesa('PATCH', `/documentos/${doc.id}`, { asunto: 'Nuevo asunto', estado: 'ARCHIVADO' });
      expect(res.body.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'estado' })]));
      for (const relacionado of [doc.id, 'a3f1c2d4-0b5e-4c6f-8a7b-9c0d1e2f3a4b']) {
        const rel = await mesa('PATCH', `/documentos/${doc.id}`, { expedienteRelacionadoId: relacionado });
        expect(rel.status).toBe(400);
        expect(rel.body.code).toBe('EXPEDIENTE_RELACIONADO_INVALIDO');
      }
      expect(await fila(doc.id)).toEqual(antes);
    });

    it('AUDITOR → 403; an AREA user edits its own office’s documents and gets 404 for another office’s', async () => {
      const doc = await registrar({ areaActualId: areaDG });
      const audit = await auditor('PATCH', `/documentos/${doc.id}`, { asunto: 'Cambio del auditor' });
      expect(audit.status).toBe(403);
      const ajena = await area1('PATCH', `/documentos/${doc.id}`, { asunto: 'Cambio de otra oficina' });
      expect(ajena.status).toBe(404);
      expect(ajena.body.code).toBe('DOCUMENTO_NOT_FOUND');
      expect((await fila(doc.id)).asunto).toBe(doc.asunto);
      const propia = await area2('PATCH', `/documentos/${doc.id}`, { observaciones: 'Revisado por DG' });
      expect(propia.status).toBe(200);
      expect(propia.body.observaciones).toBe('Revisado por DG');
    });
  });

  describe('state actions', () => {
    it('archiving a document that is not ATENDIDO → 409 with a code; the row and the audit log are untouched', async () => {
      const doc = await registrar();
      const antes = await fila(doc.id);
      const audit = (await auditoria(doc.id)).length;
      const res = await mesa('POST', `/documentos/${doc.id}/archivar`);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('DOCUMENTO_NO_ATENDIDO');
      expect(await fila(doc.id)).toEqual(antes);
      expect((await auditoria(doc.id)).length).toBe(audit);
    });

    it('archives an ATENDIDO document, and an archived one admits no edit', async () => {
      const doc = await registrar();
      await pg.query(`UPDATE documentos.documento SET estado = 'ATENDIDO' WHERE id = $1`, [doc.id]);
      const res = await mesa('POST', `/documentos/${doc.id}/archivar`);
      expect(res.status).toBe(200);
      expect(res.body.estado).toBe('ARCHIVADO');
      expect((await fila(doc.id)).estado).toBe('ARCHIVADO');
      expect((await auditoria(doc.id)).at(-1)).toMatchObject({ accion: 'ARCHIVO', antes: { estado: 'ATENDIDO' }, despues: { estado: 'ARCHIVADO' } });
      const edit = await mesa('PATCH', `/documentos/${doc.id}`, { asunto: 'Tarde' });
      expect(edit.status).toBe(409);
      expect(edit.body.code).toBe('DOCUMENTO_ARCHIVADO');
    });

    it('observar pauses the term with 2 business days to correct; subsanar restores the state and pushes fechaLimite by the paused business days', async () => {
      const doc = await registrar();
      expect((await mesa('POST', `/documentos/${doc.id}/observar`, { observaciones: [] })).status).toBe(400);
      expect((await mesa('POST', `/documentos/${doc.id}/subsanar`)).body.code).toBe('DOCUMENTO_NO_OBSERVADO');

      const obs = await mesa('POST', `/documentos/${doc.id}/observar`, { observaciones: ['Falta la firma', 'Falta copia del DNI'] });
      expect(obs.status).toBe(200);
      expect(obs.body).toMatchObject({
        estado: 'OBSERVADO',
        estadoPrevio: 'REGISTRADO',
        fechaLimite: doc.fechaLimite,
        observaciones: '1. Falta la firma\n2. Falta copia del DNI',
      });
      const { calendario, plazos } = await calculadora();
      expect(obs.body.fechaLimiteSubsanacion).toBe(plazos.vencimientoSubsanacion(new Date(obs.body.plazoPausadoDesde)).toISOString());
      expect((await mesa('GET', `/documentos/${doc.id}`)).body.estado).toBe('OBSERVADO');
      expect((await mesa('POST', `/documentos/${doc.id}/observar`, { observaciones: ['Otra'] })).body.code).toBe('DOCUMENTO_OBSERVADO');

      // Paused since noon Lima of a day with exactly 3 business days after it up to today.
      let dia = fechaLima(new Date());
      for (let habiles = calendario.esDiaHabil(dia) ? 1 : 0; habiles < 3; ) {
        dia = sumarDiasCalendario(dia, -1);
        if (calendario.esDiaHabil(dia)) habiles++;
      }
      const desde = new Date(inicioDiaLima(sumarDiasCalendario(dia, -1)).getTime() + 12 * 3600_000);
      expect(plazos.diasHabilesEntre(desde, new Date())).toBe(3);
      await pg.query('UPDATE documentos.documento SET plazo_pausado_desde = $2 WHERE id = $1', [doc.id, desde]);

      const sub = await mesa('POST', `/documentos/${doc.id}/subsanar`);
      expect(sub.status).toBe(200);
      const esperado = plazos.extenderPorPausa(new Date(doc.fechaLimite), 3);
      expect(sub.body).toMatchObject({
        estado: 'REGISTRADO',
        estadoPrevio: null,
        plazoPausadoDesde: null,
        diasPausados: 3,
        fechaLimite: esperado.toISOString(),
      });
      expect(esperado.getTime()).toBeGreaterThan(new Date(doc.fechaLimite).getTime());
      const read = await mesa('GET', `/documentos/${doc.id}`);
      expect(read.body).toMatchObject({ estado: 'REGISTRADO', fechaLimite: esperado.toISOString() });
      expect((await auditoria(doc.id)).map((a) => a.accion)).toEqual(['REGISTRO', 'OBSERVACION', 'SUBSANACION']);
    });

    it('two clerks observing at once: the row lock lets one through and the other gets 409', async () => {
      const doc = await registrar();
      const [a, b] = await Promise.all([
        mesa('POST', `/documentos/${doc.id}/observar`, { observaciones: ['Primera'] }),
        admin('POST', `/documentos/${doc.id}/observar`, { observaciones: ['Segunda'] }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      expect([a, b].find((r) => r.status === 409)?.body.code).toBe('DOCUMENTO_OBSERVADO');
      expect((await auditoria(doc.id)).map((r) => r.accion)).toEqual(['REGISTRO', 'OBSERVACION']);
      expect((await fila(doc.id)).version).toBe(2);
    });

    it('the job turns an observation past its term into NO_PRESENTADO and leaves a fresh one alone', async () => {
      const vencido = await registrar();
      const fresco = await registrar();
      for (const d of [vencido, fresco]) {
        expect((await mesa('POST', `/documentos/${d.id}/observar`, { observaciones: ['Falta el anexo'] })).status).toBe(200);
        expect((await mesa('GET', `/documentos/${d.id}`)).body.estado).toBe('OBSERVADO'); // now cached
      }
      await pg.query(`UPDATE documentos.documento SET fecha_limite_subsanacion = now() - interval '1 minute' WHERE id = $1`, [vencido.id]);

      const cerrados = await documentos.app.get(NoPresentadoJob).ejecutar({ esperarTurno: true });
      // Another suite's replica may have run first; either way this one must be closed now.
      expect(cerrados).not.toContain(fresco.id);
      expect((await fila(vencido.id)).estado).toBe('NO_PRESENTADO');
      expect((await fila(fresco.id)).estado).toBe('OBSERVADO');
      expect((await mesa('GET', `/documentos/${vencido.id}`)).body.estado).toBe('NO_PRESENTADO');
      expect((await auditoria(vencido.id)).at(-1)).toMatchObject({
        accion: 'NO_PRESENTADO',
        usuario_id: null,
        antes: { estado: 'OBSERVADO' },
        despues: { estado: 'NO_PRESENTADO' },
      });
      const tarde = await mesa('POST', `/documentos/${vencido.id}/subsanar`);
      expect(tarde.status).toBe(409);
      expect(tarde.body.code).toBe('DOCUMENTO_NO_OBSERVADO');
    });
  });

  describe('GET /documentos/:id/historial', () => {
    it('lists registration, edit and state change oldest first, keyset-paginated, with who, when, where, before and after', async () => {
      const doc = await registrar({ areaActualId: areaDG });
      await mesa('GET', `/documentos/${doc.id}`);
      expect((await mesa('PATCH', `/documentos/${doc.id}`, { asunto: 'Asunto del historial' })).status).toBe(200);
      expect((await mesa('POST', `/documentos/${doc.id}/observar`, { observaciones: ['Ilegible'] })).status).toBe(200);

      const todo = await auditor('GET', `/documentos/${doc.id}/historial`);
      expect(todo.status).toBe(200);
      expect(todo.body.items.map((e: HistorialEntradaDto) => e.accion)).toEqual(['REGISTRO', 'EDICION', 'OBSERVACION']);
      expect(todo.body.nextCursor).toBeNull();
      const [registro, edicion, observacion] = todo.body.items as HistorialEntradaDto[];
      expect(registro.despues).toMatchObject({ numeroExpediente: doc.numeroExpediente, estado: 'REGISTRADO' });
      expect(registro.despues?.codigoSeguimientoHash).toBeUndefined();
      expect(edicion).toMatchObject({ usuarioId: mesaUserId, antes: { asunto: doc.asunto }, despues: { asunto: 'Asunto del historial' } });
      expect(edicion.ip).toEqual(expect.any(String));
      expect(observacion).toMatchObject({
        antes: { estado: 'REGISTRADO' },
        despues: { estado: 'OBSERVADO', observacionesSubsanacion: ['Ilegible'] },
      });
      const fechas = todo.body.items.map((e: HistorialEntradaDto) => Date.parse(e.fecha));
      expect([...fechas].sort((a, b) => a - b)).toEqual(fechas);

      const p1 = await mesa('GET', `/documentos/${doc.id}/historial?limit=2`);
      expect(p1.body.items.map((e: HistorialEntradaDto) => e.accion)).toEqual(['REGISTRO', 'EDICION']);
      const p2 = await mesa('GET', `/documentos/${doc.id}/historial?limit=2&cursor=${p1.body.nextCursor}`);
      expect(p2.body.items.map((e: HistorialEntradaDto) => e.accion)).toEqual(['OBSERVACION']);
      expect(p2.body.nextCursor).toBeNull();
      expect((await mesa('GET', `/documentos/${doc.id}/historial?cursor=basura`)).status).toBe(400);

      // The history is read-only through the API.
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        expect((await admin(method, `/documentos/${doc.id}/historial`, method === 'DELETE' ? undefined : {})).status).toBe(404);
      }
      expect((await auditoria(doc.id)).length).toBe(3);

      expect((await area2('GET', `/documentos/${doc.id}/historial`)).status).toBe(200);
      const ajena = await area1('GET', `/documentos/${doc.id}/historial`);
      expect(ajena.status).toBe(404);
      expect(ajena.body.code).toBe('DOCUMENTO_NOT_FOUND');
    });
  });

  describe('/feriados', () => {
    it('ADMIN adds and removes holidays; others read; a holiday added moves a new registration’s fechaLimite', async () => {
      const antes = await registrar();
      const { calendario } = await calculadora();
      // The first business day after the legal reception: inside every term that is not zero.
      const feriado = calendario.siguienteDiaHabil(fechaLima(new Date(antes.fechaRecepcion)));
      const body = { fecha: feriado, descripcion: `Feriado de prueba ${marca}`, tipo: 'INSTITUCIONAL' };

      expect((await mesa('POST', '/feriados', body)).status).toBe(403);
      expect((await admin('POST', '/feriados', { ...body, fecha: '2026-02-30' })).status).toBe(400);
      const creado = await admin('POST', '/feriados', body);
      try {
        expect(creado.status).toBe(201);
        expect(creado.body).toEqual(body);
        const repetido = await admin('POST', '/feriados', body);
        expect(repetido.status).toBe(409);
        expect(repetido.body.code).toBe('FERIADO_EXISTENTE');

        const lista = await mesa('GET', `/feriados?anio=${feriado.slice(0, 4)}`);
        expect(lista.status).toBe(200);
        expect(lista.body.items).toContainEqual(body);
        expect(lista.body.items.every((f: FeriadoDto) => f.fecha.startsWith(feriado.slice(0, 4)))).toBe(true);
        const p1 = await mesa('GET', `/feriados?anio=${feriado.slice(0, 4)}&limit=1`);
        const p2 = await mesa('GET', `/feriados?anio=${feriado.slice(0, 4)}&limit=1&cursor=${p1.body.nextCursor}`);
        expect([...p1.body.items, ...p2.body.items]).toEqual(lista.body.items.slice(0, 2));
        const auditado = await pg.query(
          `SELECT usuario_id FROM documentos.auditoria WHERE accion = 'FERIADO_CREADO' AND despues->>'descripcion' = $1`,
          [body.descripcion],
        );
        expect(auditado.rows).toHaveLength(1);

        const despues = await registrar();
        const conFeriado = new CalendarioLaboral([{ fecha: feriado, tipo: 'INSTITUCIONAL' }, ...(await feriadosSin(feriado))]);
        expect(despues.fechaLimite).toBe(finDiaLima(conFeriado.siguienteDiaHabil(fechaLima(new Date(antes.fechaLimite)))).toISOString());
      } finally {
        expect((await mesa('DELETE', `/feriados/${feriado}`)).status).toBe(403);
        expect((await admin('DELETE', `/feriados/${feriado}`)).status).toBe(204);
      }
      const otra = await admin('DELETE', `/feriados/${feriado}`);
      expect(otra.status).toBe(404);
      expect(otra.body.code).toBe('FERIADO_NOT_FOUND');
      // Removed again: the calendar is back to what it was.
      expect((await registrar()).fechaLimite).toBe(antes.fechaLimite);
      expect((await admin('GET', `/feriados?anio=${feriado.slice(0, 4)}`)).body.items).not.toContainEqual(body);
    });
  });

  async function feriadosSin(fecha: string): Promise<Feriado[]> {
    const { rows } = await pg.query<Feriado>(
      `SELECT to_char(fecha, 'YYYY-MM-DD') AS fecha, tipo::text AS tipo FROM documentos.feriado WHERE fecha <> $1`,
      [fecha],
    );
    return rows;
  }
});
