import { createServer, IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Client, createServerless, IServices, Server, WSDL } from 'soap';
import { PIDE_NS, WSDL_CUO, WSDL_TRAMITE } from '@mesa/shared/contracts';
import { validarMensaje } from './esquema-pide';

/** How the fake answers recepcionarTramite / cargoTramite / getCUO. */
export type ModoPide =
  | { tipo: 'ok' }
  /** A vcodres other than 0000. */
  | { tipo: 'codigo'; vcodres: string; vdesres: string }
  /** HTTP 503 without a SOAP answer. */
  | { tipo: 'caido' }
  /** A SOAP Fault (HTTP 500). */
  | { tipo: 'fault' }
  /** Never answers (until closed). */
  | { tipo: 'colgado' };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- messages as the SOAP library parses them
type Campos = Record<string, any>;

/**
 * PIDE on loopback, built with the same SOAP library and WSDLs as the suite: it plays the other
 * entity's IMGD port (`/wsiotramite`) and PIDE's CUO service (`/cuo`), records every message it
 * gets (as parsed by the library, and the raw XML) and can fail, hang or answer error codes.
 */
export class PideFalso {
  modo: ModoPide = { tipo: 'ok' };
  modoCuo: ModoPide = { tipo: 'ok' };
  readonly recepciones: Campos[] = [];
  readonly cargos: Campos[] = [];
  readonly xml: string[] = [];
  /** What the messages to the trámite port break of the WSDL's schema (validarMensaje), and how many were checked. */
  readonly invalidos: string[] = [];
  validados = 0;
  cuosEmitidos = 0;
  private fallos: { marca: string; veces: number } | null = null;
  private http?: HttpServer;
  private tramite?: Server;
  private cuo?: Server;
  private readonly colgadas = new Set<ServerResponse>();
  url = '';

  async iniciar(): Promise<this> {
    const respuesta = () =>
      this.modo.tipo === 'codigo'
        ? { vcodres: this.modo.vcodres, vdesres: this.modo.vdesres }
        : { vcodres: '0000', vdesres: 'OK' };
    const tramite = {
      wsiotramiteService: {
        wsiotramitePort: {
          recepcionarTramite: async (args: Campos) => {
            this.recepciones.push(args.request);
            return { return: respuesta() };
          },
          cargoTramite: async (args: Campos) => {
            this.cargos.push(args.request);
            return { return: respuesta() };
          },
          consultarTramite: async (args: Campos) => ({
            return: { vcodres: '0000', vcuo: args.request?.vcuo, cflgest: 'P' },
          }),
          getTipoDocumento: async () => ({ return: [] }),
        },
      },
    } as unknown as IServices;
    const cuo = {
      cuoService: {
        cuoPort: {
          getCUO: async () => {
            this.cuosEmitidos += 1;
            return { return: String(1_000_000_000 + Math.floor(Math.random() * 8_999_999_999)) };
          },
        },
      },
    } as unknown as IServices;
    this.tramite = await createServerless({
      path: '/wsiotramite',
      services: tramite,
      xml: WSDL_TRAMITE,
      suppressStack: true,
    });
    this.cuo = await createServerless({ path: '/cuo', services: cuo, xml: WSDL_CUO, suppressStack: true });
    this.http = createServer((req, res) => void this.atender(req, res));
    const http = this.http;
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
    return this;
  }

  /** The next `veces` messages to the trámite port that contain `marca` answer 503, whatever the mode. */
  fallarPara(marca: string, veces: number): void {
    this.fallos = { marca, veces };
  }

  private async atender(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const partes: Buffer[] = [];
    for await (const p of req) partes.push(p as Buffer);
    const cuerpo = Buffer.concat(partes).toString('utf8');
    const path = (req.url ?? '').split('?')[0];
    const servidor = path === '/cuo' ? this.cuo : path === '/wsiotramite' ? this.tramite : undefined;
    if (!servidor) {
      res.writeHead(404).end();
      return;
    }
    let modo = path === '/cuo' ? this.modoCuo : this.modo;
    if (req.method === 'POST') this.xml.push(cuerpo);
    if (req.method === 'POST' && path === '/wsiotramite') {
      this.validados += 1;
      this.invalidos.push(...(await validarMensaje(cuerpo)));
    }
    if (path === '/wsiotramite' && this.fallos && this.fallos.veces > 0 && cuerpo.includes(this.fallos.marca)) {
      this.fallos.veces -= 1;
      modo = { tipo: 'caido' };
    }
    if (modo.tipo === 'caido') {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable');
      return;
    }
    if (modo.tipo === 'colgado') {
      this.colgadas.add(res);
      res.on('close', () => this.colgadas.delete(res));
      return;
    }
    if (modo.tipo === 'fault') {
      res
        .writeHead(500, { 'content-type': 'text/xml' })
        .end(
          `<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>falla</faultstring></soap:Fault></soap:Body></soap:Envelope>`,
        );
      return;
    }
    const r = await servidor.processRequest(cuerpo, { url: path, headers: { 'content-type': 'text/xml' } });
    res.writeHead(r.statusCode, { 'content-type': 'text/xml; charset=utf-8' }).end(r.body);
  }

  async cerrar(): Promise<void> {
    for (const r of this.colgadas) r.destroy();
    await new Promise<void>((r) => (this.http ? this.http.close(() => r()) : r()));
  }
}

/** A SOAP client of our own port, as PIDE calls it (the suite's WSDL, the API credential). */
export async function clienteDelPuerto(endpoint: string, apiKey?: string): Promise<Client> {
  const wsdl = new WSDL(WSDL_TRAMITE, 'wsiotramite.wsdl', {});
  await new Promise<void>((resolve, reject) => wsdl.onReady((err: unknown) => (err ? reject(err) : resolve())));
  const client = new Client(wsdl, endpoint);
  if (apiKey) client.addHttpHeader('x-api-key', apiKey);
  return client;
}

