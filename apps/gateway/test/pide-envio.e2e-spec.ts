import { randomUUID } from 'node:crypto';
import { esperar } from '../../integraciones-service/test/institucion-externa';
import { clienteDelPuerto, PideFalso } from '../../integraciones-service/test/pide-falso';
import { Api, SuiteIntegraciones } from './integraciones.support';
import { arrancarPide, esPdf, NUESTRO_RUC, PDF, PNG, ruc, SuitePide } from './pide.support';
import { login, nuevoDocumento } from './support';

/**
 * The PIDE exchange, sending side, and its catalogues: a routing to an entity's RUC goes out as
 * a pide_envio job (CUO from PIDE's CUO service, recepcionarTramite with the PDF and annexes),
 * retried into the DLQ and replayed; the remote cargo lands on the route sheet.
 */
describe('PIDE: sending through the IMGD trámite service, and the catalogues', () => {
  let todo: SuitePide;
  let suite: SuiteIntegraciones;
  let pide: PideFalso;
  let admin: Api;
  let mesa: Api;
  let tokenMesa: string;
  const destino = ruc();

  beforeAll(async () => {
    todo = await arrancarPide();
    ({ suite, pide } = todo);
    ({ admin, mesa } = suite);
    tokenMesa = await login(suite.url, 'mesa');
    const e = await admin('PUT', `/pide/entidades/${destino}`, {
      ruc: destino,
      nombre: 'Gobierno Regional de Prueba',
      endpoint: `${pide.url}/wsiotramite`,
    });
    expect(e.status).toBe(200);
    const t = await admin('PUT', '/pide/tipos-documento/1', { tipoDocumentoId: 1, ccodtipdoc: '01', nombre: 'Oficio' });
    expect(t.status).toBe(200);
  });

  afterAll(() => todo?.cerrar());

  beforeEach(() => {
    pide.modo = { tipo: 'ok' };
  });

  const subir = async (documentoId: string, cuerpo: Buffer, nombre: string) => {
    const form = new FormData();
    form.append('archivo', new Blob([cuerpo]), nombre);
    const r = await fetch(`${suite.url}/api/v1/documentos/${documentoId}/archivos`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokenMesa}` },
      body: form,
    });
    expect(r.status).toBe(201);
  };

  /** A case with its PDF and a PNG annex, routed to the entity: answers the exchange (202). */
  const enviar = async (asunto = `Oficio PIDE ${randomUUID().slice(0, 8)}`) => {
    const d = await mesa('POST', '/documentos', nuevoDocumento({ asunto }));
    expect(d.status).toBe(201);
    await subir(d.body.id, PDF, 'oficio.pdf');
    await subir(d.body.id, PNG, 'plano.png');
    const r = await mesa('POST', '/derivaciones', {
      documentoId: d.body.id,
      entidadRuc: destino,
      instrucciones: 'Para su atención',
    });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ direccion: 'SALIDA', estado: 'E', entidadRuc: destino, documentoId: d.body.id });
    return { documentoId: d.body.id as string, asunto, tramiteId: r.body.id as string };
  };
  const recibidas = (asunto: string) => pide.recepciones.filter((r) => r.vasu === asunto);
  const intentos = (asunto: string) => pide.xml.filter((x) => x.includes('recepcionarTramite') && x.includes(asunto));
  const enDlq = async (tramiteId: string) =>
    ((await admin('GET', '/pide/dlq')).body as any[]).filter((d) => d.tramiteId === tramiteId);

  it('keeps the catalogues for ADMIN only, audited, refusing bad input without writing', async () => {
    const otro = ruc();
    expect((await mesa('PUT', `/pide/entidades/${otro}`, { ruc: otro, nombre: 'X Entidad' })).status).toBe(403);
    const malos = [
      { ruc: ruc(), nombre: 'Distinto RUC' },
      { ruc: otro, nombre: 'Sin esquema', endpoint: 'ftp://pide.example/x' },
      { ruc: otro, nombre: 'X' },
    ];
    for (const b of malos) {
      const r = await admin('PUT', `/pide/entidades/${otro}`, b);
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await admin('GET', '/pide/entidades')).body.map((e: any) => e.ruc)).not.toContain(otro);
    const creada = await admin('PUT', `/pide/entidades/${otro}`, { ruc: otro, nombre: 'Ministerio de Prueba' });
    expect(creada.body).toMatchObject({ ruc: otro, endpoint: null, activa: true });
    expect(
      (await admin('PUT', '/pide/tipos-documento/2', { tipoDocumentoId: 2, ccodtipdoc: '01', nombre: 'Otro' })).body
        .code,
    ).toBe('PIDE_CCODTIPDOC_DUPLICADO');
    expect((await admin('DELETE', `/pide/entidades/${otro}`)).status).toBe(204);
    const { rows } = await suite.db.query(
      `SELECT accion, antes IS NULL AS sin_antes, despues->>'ruc' AS ruc FROM integraciones.pide_auditoria
        WHERE antes->>'ruc' = $1 OR despues->>'ruc' = $1 ORDER BY id`,
      [otro],
    );
    expect(rows).toEqual([
      { accion: 'PIDE_ENTIDAD_CREADA', sin_antes: true, ruc: otro },
      { accion: 'PIDE_ENTIDAD_ELIMINADA', sin_antes: false, ruc: null },
    ]);
  });

  it('sends the document with a CUO from PIDE, its PDF and annex; the remote cargo shows on the route sheet', async () => {
    const cuosAntes = pide.cuosEmitidos;
    const { documentoId, asunto } = await enviar();
    const [m] = await esperar(() => recibidas(asunto));
    expect(pide.cuosEmitidos).toBe(cuosAntes + 1);
    expect(m).toMatchObject({ vrucentrem: NUESTRO_RUC, vrucentrec: destino, ccodtipdoc: '01', snumanx: 1 });
    expect(esPdf(m.bpdfdoc)).toBe(true);
    expect([m.lstanexos].flat()).toEqual([{ vnomdoc: 'plano.png', bdocanx: PNG.toString('base64') }]);

    // The other entity's desk receives it and sends its cargo back through PIDE.
    const puerto = await clienteDelPuerto(todo.puertoUrl, todo.apiKey);
    const [r] = await puerto.cargoTramiteAsync({
      request: {
        vrucentrem: NUESTRO_RUC,
        vrucentrec: destino,
        vcuo: m.vcuo,
        vnumregstd: 'GR-2026-000123',
        vanioregstd: '2026',
        dfecregstd: '2026-12-04T10:00:00Z',
        vuniorgstd: 'Trámite Documentario',
        vusuregstd: 'jperez',
        bcarstd: PDF.toString('base64'),
        cflgest: 'R',
      },
    });
    expect(r.return.vcodres).toBe('0000');
    // derivaciones-service knows the document once its registration event has reached it.
    const hoja = await esperar(async () => {
      const h = await mesa('GET', `/derivaciones/documento/${documentoId}`);
      return h.status === 200 ? h : null;
    });
    expect(hoja.body.pide).toEqual([
      expect.objectContaining({
        cuo: m.vcuo,
        direccion: 'SALIDA',
        estado: 'R',
        cargo: expect.objectContaining({ vnumregstd: 'GR-2026-000123', vusuregstd: 'jperez', cflgest: 'R' }),
      }),
    ]);
    const { rows } = await suite.db.query(`SELECT cargo_storage_key FROM integraciones.pide_tramite WHERE cuo = $1`, [
      m.vcuo,
    ]);
    expect(rows[0].cargo_storage_key).toMatch(/^pide\/cargos\//);
    // A cargo for a CUO we did not send is refused.
    const [otro] = await puerto.cargoTramiteAsync({
      request: { vrucentrem: NUESTRO_RUC, vrucentrec: destino, vcuo: '1234', cflgest: 'R' },
    });
    expect(otro.return.vcodres).toBe('0005');
  });

  it('retries a send PIDE does not take with the same CUO each time, until it goes', async () => {
    const cuosAntes = pide.cuosEmitidos;
    const asunto = `Oficio PIDE ${randomUUID().slice(0, 8)}`;
    pide.fallarPara(asunto, 2);
    await enviar(asunto);
    await esperar(() => recibidas(asunto));
    const veces = intentos(asunto);
    expect(veces).toHaveLength(3);
    const cuos = new Set(veces.map((x) => /<vcuo>([^<]+)<\/vcuo>/.exec(x)?.[1]));
    expect(cuos.size).toBe(1);
    expect(pide.cuosEmitidos).toBe(cuosAntes + 1);
  });

  it('leaves a send that keeps failing in the DLQ after its attempts, and replays it', async () => {
    pide.modo = { tipo: 'caido' };
    const { asunto, tramiteId } = await enviar();
    const [muerto] = await esperar(() => enDlq(tramiteId));
    expect(muerto).toMatchObject({ cola: 'pide_envio', intentos: 3 });
    expect(intentos(asunto)).toHaveLength(3);
    expect(recibidas(asunto)).toEqual([]);

    pide.modo = { tipo: 'ok' };
    const r = await admin('POST', '/pide/dlq/reintentar', { jobId: muerto.jobId });
    expect(r.status).toBe(200);
    await esperar(() => recibidas(asunto));
    expect(await enDlq(tramiteId)).toEqual([]);
    const otra = await admin('POST', '/pide/dlq/reintentar', { jobId: muerto.jobId });
    expect(otra.status).toBe(409);
  });

  it('dead-letters at once a send the entity refuses with an error code, and after its attempts one that times out', async () => {
    pide.modo = { tipo: 'codigo', vcodres: '0002', vdesres: 'Entidad no habilitada' };
    const rechazado = await enviar();
    const [r] = await esperar(() => enDlq(rechazado.tramiteId));
    expect(r.intentos).toBe(1);
    expect(r.motivo).toContain('0002');

    pide.modo = { tipo: 'colgado' };
    const colgado = await enviar();
    const [c] = await esperar(() => enDlq(colgado.tramiteId));
    expect(c.intentos).toBe(3);
    expect(c.motivo).toContain('Tiempo');
  });

  it('refuses a routing to an unknown entity, one without endpoint, or to an office and an entity at once', async () => {
    const d = await mesa('POST', '/documentos', nuevoDocumento());
    const sinEndpoint = ruc();
    await admin('PUT', `/pide/entidades/${sinEndpoint}`, { ruc: sinEndpoint, nombre: 'Sin Endpoint' });
    const casos: [Record<string, unknown>, number, string][] = [
      [{ entidadRuc: ruc() }, 404, 'PIDE_ENTIDAD_NOT_FOUND'],
      [{ entidadRuc: sinEndpoint }, 422, 'PIDE_ENVIO_NO_POSIBLE'],
      [{ entidadRuc: destino, areaDestinoId: 2 }, 400, 'VALIDATION_FAILED'],
      [{ entidadRuc: '123' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [over, status, code] of casos) {
      const r = await mesa('POST', '/derivaciones', { documentoId: d.body.id, instrucciones: 'Atender', ...over });
      expect([r.status, r.body.code]).toEqual([status, code]);
    }
    const { rows } = await suite.db.query(
      `SELECT count(*)::int AS n FROM integraciones.pide_tramite WHERE documento_id = $1`,
      [d.body.id],
    );
    expect(rows[0].n).toBe(0);
  });

  it('sent every message to PIDE valid against the WSDL schema', () => {
    expect(pide.validados).toBeGreaterThan(5);
    expect(pide.invalidos).toEqual([]);
  });
});
