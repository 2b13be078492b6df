import { Client as SoapClient } from 'soap';
import { esperar } from '../../integraciones-service/test/institucion-externa';
import { validarMensaje } from '../../integraciones-service/test/esquema-pide';
import { clienteDelPuerto, PideFalso } from '../../integraciones-service/test/pide-falso';
import { SuiteIntegraciones } from './integraciones.support';
import { arrancarPide, esPdf, NUESTRO_RUC, nuevoCuo, PDF, PNG, ruc, SuitePide } from './pide.support';

/**
 * The PIDE exchange, receiving side, against a fake PIDE on loopback built with the same SOAP
 * library: PIDE calls our port (WSDL, recepcionarTramite, consultarTramite) and gets our cargo
 * of each reception state back at the sender's port.
 */
describe('PIDE: receiving through the IMGD trámite service', () => {
  let todo: SuitePide;
  let suite: SuiteIntegraciones;
  let pide: PideFalso;
  let puerto: SoapClient;
  let url: string;
  let apiKey: string;
  const emisor = ruc();
  /** Every answer of our port, as received. */
  const respuestas: string[] = [];

  beforeAll(async () => {
    todo = await arrancarPide();
    ({ suite, pide, apiKey } = todo);
    url = suite.url;
    await suite.db.query(
      `INSERT INTO integraciones.pide_entidad (ruc, nombre, endpoint) VALUES ($1, 'Municipalidad de Prueba', $2)`,
      [emisor, `${pide.url}/wsiotramite`],
    );
    await suite.db.query(
      `INSERT INTO integraciones.pide_tipo_documento (tipo_documento_id, ccodtipdoc, nombre) VALUES (1, '01', 'Oficio')
       ON CONFLICT DO NOTHING`,
    );
    puerto = await clienteDelPuerto(`${url}/api/v1/pide/wsiotramite`, apiKey);
    puerto.on('response', (body: string) => respuestas.push(body));
  });

  afterAll(() => todo?.cerrar());

  beforeEach(() => {
    pide.modo = { tipo: 'ok' };
  });

  const mensaje = (cuo: string, over: Record<string, unknown> = {}) => ({
    request: {
      vrucentrem: emisor,
      vrucentrec: NUESTRO_RUC,
      vnomentemi: 'Municipalidad de Prueba',
      vuniorgrem: 'Gerencia Municipal',
      vcuo: cuo,
      ccodtipdoc: '01',
      vnumdoc: `OFICIO ${cuo}-2026-MP`,
      dfecdoc: '2026-12-01T10:00:00-05:00',
      vuniorgdst: 'Mesa de Partes',
      vnomdst: 'Ana Torres',
      vnomcardst: 'Jefa',
      vasu: 'Remite expediente para su atención',
      snumanx: 1,
      snumfol: 4,
      bpdfdoc: PDF.toString('base64'),
      vnomdoc: 'oficio.pdf',
      lstanexos: [{ vnomdoc: 'plano.png', bdocanx: PNG.toString('base64') }],
      ctipdociderem: '1',
      vnumdociderem: '44556677',
      ...over,
    },
  });

  const recepcionar = async (m: unknown) => (await puerto.recepcionarTramiteAsync(m))[0].return;
  const casos = async (cuo: string) =>
    (
      await suite.db.query(
        `SELECT d.id, d.numero_expediente, d.remitente, d.numero_documento_externo,
                (SELECT count(*)::int FROM documentos.archivo_adjunto a WHERE a.documento_id = d.id) AS archivos
           FROM documentos.documento d WHERE d.origen_externo = 'PIDE' AND d.id_externo = $1`,
        [cuo],
      )
    ).rows;
  const cargosDe = (cuo: string, estado: string) => pide.cargos.filter((c) => c.vcuo === cuo && c.cflgest === estado);

  it('serves the WSDL to PIDE only, with its credential', async () => {
    const r = await fetch(`${url}/api/v1/pide/wsiotramite?wsdl`, { headers: { 'x-api-key': apiKey } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/xml/);
    const wsdl = await r.text();
    expect(wsdl).toContain('<portType name="wsiotramite">');
    expect(wsdl).toContain(`/api/v1/pide/wsiotramite"`);
    // The gateway's own headers still apply.
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    const sin = await fetch(`${url}/api/v1/pide/wsiotramite?wsdl`);
    expect(sin.status).toBe(401);
    expect(await sin.json()).toMatchObject({ code: 'PIDE_NO_AUTENTICADO' });
    const mala = await fetch(`${url}/api/v1/pide/wsiotramite?wsdl`, { headers: { 'x-api-key': 'otra' } });
    expect(mala.status).toBe(401);
  });

  it('refuses a SOAP call without the credential, registering nothing', async () => {
    const cuo = nuevoCuo();
    const sinClave = await clienteDelPuerto(`${url}/api/v1/pide/wsiotramite`);
    await expect(sinClave.recepcionarTramiteAsync(mensaje(cuo))).rejects.toMatchObject({ response: { status: 401 } });
    expect(await casos(cuo)).toEqual([]);
  });

  it('registers the document with origin PIDE, its CUO, PDF and annex; the same CUO again is the same answer and one case', async () => {
    const cuo = nuevoCuo();
    const r1 = await recepcionar(mensaje(cuo));
    expect(r1.vcodres).toBe('0000');
    const [caso] = await casos(cuo);
    expect(caso).toMatchObject({
      remitente: 'Municipalidad de Prueba',
      numero_documento_externo: `OFICIO ${cuo}-2026-MP`,
      archivos: 2,
    });
    expect(r1.vdesres).toContain(caso.numero_expediente);

    const [r2, r3] = await Promise.all([recepcionar(mensaje(cuo)), recepcionar(mensaje(cuo))]);
    expect(r2).toEqual(r1);
    expect(r3).toEqual(r1);
    expect(await casos(cuo)).toEqual([caso]);
    const { rows } = await suite.db.query(`SELECT estado, direccion FROM integraciones.pide_tramite WHERE cuo = $1`, [
      cuo,
    ]);
    expect(rows).toEqual([{ estado: 'P', direccion: 'ENTRADA' }]);

    // Automatic reception: the cargo P reaches the sender once, with our receipt PDF.
    const [cargo] = await esperar(() => cargosDe(cuo, 'P'));
    expect(cargo).toMatchObject({ vrucentrem: emisor, vrucentrec: NUESTRO_RUC, vnumregstd: caso.numero_expediente });
    expect(esPdf(cargo.bcarstd)).toBe(true);
    expect(cargosDe(cuo, 'P')).toHaveLength(1);
  });

  it('answers an error code and registers nothing for a bad file, an unknown sender, another receiver or an unmapped type', async () => {
    const cuo = nuevoCuo();
    const noPdf = await recepcionar(mensaje(cuo, { bpdfdoc: PNG.toString('base64') }));
    expect(noPdf.vcodres).toBe('0004');
    const exe = await recepcionar(
      mensaje(cuo, { lstanexos: [{ vnomdoc: 'x.exe', bdocanx: Buffer.from('MZ\x90\x00\x03').toString('base64') }] }),
    );
    expect(exe.vcodres).toBe('0004');
    expect((await recepcionar(mensaje(cuo, { vrucentrem: ruc() }))).vcodres).toBe('0002');
    expect((await recepcionar(mensaje(cuo, { vrucentrec: '20000000001' }))).vcodres).toBe('0003');
    expect((await recepcionar(mensaje(cuo, { ccodtipdoc: 'ZZ' }))).vcodres).toBe('0006');
    expect((await recepcionar(mensaje(cuo, { vasu: '' }))).vcodres).toBe('0001');
    expect(await casos(cuo)).toEqual([]);
  });

  it('answers a body that is not a SOAP envelope with a problem', async () => {
    for (const body of [
      '<no-soap/>',
      '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><x:nada xmlns:x="urn:x"/></soap:Body>',
    ]) {
      const r = await fetch(`${url}/api/v1/pide/wsiotramite`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml', 'x-api-key': apiKey },
        body,
      });
      expect(r.status).toBe(400);
      expect(await r.json()).toMatchObject({ code: 'PIDE_MENSAJE_INVALIDO' });
    }
  });

  it('formal reception P → R sends the cargo R; a second reception is refused', async () => {
    const cuo = nuevoCuo();
    expect((await recepcionar(mensaje(cuo))).vcodres).toBe('0000');
    const r = await suite.mesa('POST', `/pide/tramites/${cuo}/recepcion`, { estado: 'R' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ cuo, estado: 'R', direccion: 'ENTRADA', entidadRuc: emisor });
    const [cargo] = await esperar(() => cargosDe(cuo, 'R'));
    expect(cargo.vusuregstd).toBe('mesa');
    expect(esPdf(cargo.bcarstd)).toBe(true);
    await esperar(() => cargosDe(cuo, 'P'));

    const otra = await suite.mesa('POST', `/pide/tramites/${cuo}/recepcion`, {
      estado: 'O',
      observacion: 'Falta firma',
    });
    expect(otra.status).toBe(409);
    expect(otra.body.code).toBe('PIDE_TRAMITE_NO_PENDIENTE');

    const consulta = (
      await puerto.consultarTramiteAsync({ request: { vrucentrem: emisor, vrucentrec: NUESTRO_RUC, vcuo: cuo } })
    )[0].return;
    expect(consulta).toMatchObject({ vcodres: '0000', vcuo: cuo, cflgest: 'R' });
  });

  it('formal reception P → O carries the observation in its cargo; observing needs one', async () => {
    const cuo = nuevoCuo();
    expect((await recepcionar(mensaje(cuo))).vcodres).toBe('0000');
    const sin = await suite.mesa('POST', `/pide/tramites/${cuo}/recepcion`, { estado: 'O' });
    expect(sin.status).toBe(400);
    const r = await suite.mesa('POST', `/pide/tramites/${cuo}/recepcion`, {
      estado: 'O',
      observacion: 'Falta el anexo 2',
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ estado: 'O', observacion: 'Falta el anexo 2' });
    const [cargo] = await esperar(() => cargosDe(cuo, 'O'));
    expect(cargo.vobs).toBe('Falta el anexo 2');
    const consulta = (
      await puerto.consultarTramiteAsync({ request: { vrucentrem: emisor, vrucentrec: NUESTRO_RUC, vcuo: cuo } })
    )[0].return;
    expect(consulta).toMatchObject({ vcodres: '0000', cflgest: 'O', vobs: 'Falta el anexo 2' });
  });

  it('consulting an unknown CUO, or one of another sender, answers 0005', async () => {
    const cuo = nuevoCuo();
    expect((await recepcionar(mensaje(cuo))).vcodres).toBe('0000');
    const otro = (
      await puerto.consultarTramiteAsync({ request: { vrucentrem: ruc(), vrucentrec: NUESTRO_RUC, vcuo: cuo } })
    )[0].return;
    expect(otro.vcodres).toBe('0005');
    const nada = (
      await puerto.consultarTramiteAsync({ request: { vrucentrem: emisor, vrucentrec: NUESTRO_RUC, vcuo: nuevoCuo() } })
    )[0].return;
    expect(nada.vcodres).toBe('0005');
  });

  it('retries a cargo the sender does not take, until it does', async () => {
    const cuo = nuevoCuo();
    pide.fallarPara(`<vcuo>${cuo}</vcuo>`, 2);
    expect((await recepcionar(mensaje(cuo))).vcodres).toBe('0000');
    await esperar(() => cargosDe(cuo, 'P'));
    expect(pide.xml.filter((x) => x.includes('cargoTramite') && x.includes(cuo))).toHaveLength(3);
    const { rows } = await suite.db.query(`SELECT cargo_enviado_en FROM integraciones.pide_tramite WHERE cuo = $1`, [
      cuo,
    ]);
    expect(rows[0].cargo_enviado_en).not.toBeNull();
  });

  it('answered every message valid against the WSDL schema, and the check refuses what is not', async () => {
    expect(respuestas.length).toBeGreaterThan(10);
    for (const r of respuestas) expect(await validarMensaje(r)).toEqual([]);
    // Our own cargos, as PIDE got them.
    expect(pide.validados).toBeGreaterThan(3);
    expect(pide.invalidos).toEqual([]);
    const una = respuestas.find((r) => r.includes('recepcionarTramiteResponse')) as string;
    expect(await validarMensaje(una.replace(/<vcodres>/, '<vcodigo>').replace(/<\/vcodres>/, '</vcodigo>'))).toEqual([
      expect.stringMatching(/Element 'vcodigo': This element is not expected\. Expected is \( vcodres \)/),
    ]);
    const consulta = respuestas.find((r) => r.includes('<cflgest>')) as string;
    expect(await validarMensaje(consulta.replace(/<dfecregstd>[^<]*</, '<dfecregstd>ayer<'))).toEqual([
      expect.stringMatching(/Element 'dfecregstd': 'ayer' is not a valid value of the atomic type 'xs:dateTime'/),
    ]);
    // A body element the service does not declare.
    expect(await validarMensaje(una.replace(/recepcionarTramiteResponse/g, 'otraOperacion'))).toEqual([
      expect.stringMatching(/Element '{http:\/\/ws.wsiotramite.segdi.gob.pe\/}otraOperacion': No matching global element declaration available/),
    ]);
  });
});
