import { lookup as dnsLookup } from 'node:dns';
import { createServer } from 'node:net';
import { TipoAutenticacion } from '@mesa/shared/contracts';
import { InstitucionExterna } from '../../test/institucion-externa';
import { Destino, llamar, MAX_RESPUESTA_BYTES } from './cliente-http';
import { PoliticaRed } from './politica-red';

const destino = (url: string, over: Partial<Destino> = {}): Destino => ({
  url,
  tipoAutenticacion: TipoAutenticacion.BEARER,
  credenciales: { token: 'token-secreto' },
  webhookSecret: null,
  timeoutMs: 2000,
  ...over,
});

/** A loopback port nothing listens on. */
async function puertoCerrado(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('outbound calls under the network policy', () => {
  const externa = new InstitucionExterna();
  const porDefecto = new PoliticaRed(undefined);
  const conLoopback = new PoliticaRed('127.0.0.1');

  beforeAll(() => externa.iniciar());
  afterAll(() => externa.cerrar());
  beforeEach(() => {
    externa.modo = { tipo: 'ok' };
    externa.recibidas.length = 0;
  });

  it('by default refuses loopback, private, link-local and metadata addresses, and names that resolve to them, without connecting', async () => {
    const puerto = new URL(externa.url).port;
    for (const url of [
      externa.url,
      `http://localhost:${puerto}/`,
      `http://[::1]:${puerto}/`,
      `http://[::ffff:127.0.0.1]:${puerto}/`,
      `http://0.0.0.0:${puerto}/`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.5/',
      'http://192.168.1.1:3003/',
      'http://[fd00:ec2::254]/',
    ]) {
      const r = await llamar(porDefecto, destino(url), 'POST', '{}');
      expect({ url, desenlace: r.desenlace, codigo: r.codigo, reintentable: r.reintentable, error: r.error }).toEqual({
        url,
        desenlace: 'bloqueado',
        codigo: null,
        reintentable: false,
        error: 'Destino no permitido por la política de red',
      });
      await expect(porDefecto.verificar(url)).rejects.toThrow('destino no permitido');
    }
    expect(externa.recibidas).toEqual([]);
  });

  it('calls the hosts the allow-list names', async () => {
    const r = await llamar(conLoopback, destino(`${externa.url}/recepcion`), 'POST', '{"a":1}');
    expect(r).toMatchObject({ ok: true, desenlace: 'respuesta', codigo: 200 });
    expect(r.idExterno).toMatch(/^EXT-/);
    expect(externa.recibidas.map((x) => [x.method, x.path, x.body, x.headers.authorization])).toEqual([
      ['POST', '/recepcion', '{"a":1}', 'Bearer token-secreto'],
    ]);
    // The list names 127.0.0.1, not every private address.
    expect((await llamar(conLoopback, destino('http://10.0.0.5/'), 'GET', null)).desenlace).toBe('bloqueado');
  });

  it('connects to the address it checked: a name that rebinds to loopback after passing the check is refused at the send', async () => {
    const respuestas = ['93.184.215.14', '127.0.0.1'];
    // A resolver whose answer changes between two queries, as an attacker's DNS server does.
    const rebinding = ((_host: string, _o: unknown, cb: (e: null, a: { address: string; family: number }[]) => void) =>
      cb(null, [{ address: respuestas.shift() ?? '127.0.0.1', family: 4 }])) as unknown as typeof dnsLookup;
    const politica = new PoliticaRed(undefined, rebinding);
    const url = `http://socio.example:${new URL(externa.url).port}/`;
    await expect(politica.verificar(url)).resolves.toBeUndefined();
    expect((await llamar(politica, destino(url), 'POST', '{}')).desenlace).toBe('bloqueado');
    expect(externa.recibidas).toEqual([]);
  });

  it('keeps no body text and no socket error code in what it reports', async () => {
    externa.modo = { tipo: 'status', status: 500 };
    const r = await llamar(conLoopback, destino(externa.url), 'POST', '{}');
    expect(r).toMatchObject({ ok: false, codigo: 500, error: 'HTTP 500', reintentable: true });
    const cerrado = await llamar(conLoopback, destino(`http://127.0.0.1:${await puertoCerrado()}/`), 'GET', null);
    expect(cerrado).toMatchObject({ desenlace: 'conexion', codigo: null, error: 'Sin conexión con el destino', reintentable: true });
  });

  it('stops reading an answer at the size cap', async () => {
    const total = 200 * 1024 * 1024;
    externa.modo = { tipo: 'grande', bytes: total };
    const r = await llamar(conLoopback, destino(externa.url), 'GET', null);
    expect(r).toMatchObject({ ok: true, codigo: 200, idExterno: null });
    // The server got to write what the socket buffers took, not the 200 MB.
    expect(externa.escritosGrande).toBeGreaterThanOrEqual(MAX_RESPUESTA_BYTES);
    expect(externa.escritosGrande).toBeLessThan(total / 4);
  });

  it('refuses an allow-list entry that is not a host, an address or a CIDR', () => {
    expect(() => new PoliticaRed('socio.gob.pe,10.1.0.0/16,[::1]')).not.toThrow();
    expect(() => new PoliticaRed('http://socio.gob.pe')).toThrow('INTEGRATIONS_ALLOWED_HOSTS');
    expect(() => new PoliticaRed('10.0.0.0/40')).toThrow('INTEGRATIONS_ALLOWED_HOSTS');
  });
});
