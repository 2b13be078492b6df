import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Inject, Injectable } from '@nestjs/common';
import { Client, WSDL } from 'soap';
import { APP_CONFIG } from '@mesa/shared/app';
import type { AppConfig } from '@mesa/shared/config';
import { CargoPide, PideCodigos, RespuestaPide, WSDL_CUO, WSDL_TRAMITE } from '@mesa/shared/contracts';
import { DestinoNoPermitido, PoliticaRed } from '../envio/politica-red';

/** A SOAP call to PIDE that did not get a usable answer; `reintentable` says whether trying again may help. */
export class FalloPide extends Error {
  override name = 'FalloPide';
  constructor(
    mensaje: string,
    readonly reintentable: boolean,
  ) {
    super(mensaje);
  }
}

/** The fields of RecepcionTramite as sent (files as base64). */
export type RecepcionSaliente = Record<string, unknown> & { vcuo: string };

async function wsdlListo(xml: string, nombre: string): Promise<WSDL> {
  const wsdl = new WSDL(xml, nombre, {});
  await new Promise<void>((resolve, reject) => wsdl.onReady((err: unknown) => (err ? reject(err) : resolve())));
  return wsdl;
}

/**
 * The client side of PIDE: the CUO service and the IMGD trámite port of another entity, with
 * the WSDLs of this suite (no WSDL is fetched from the network). Every call connects only where
 * the outbound policy allows (the same PoliticaRed as the webhooks), follows no redirect, and is
 * abandoned after PIDE_TIMEOUT_MS. A SOAP fault, an HTTP error or no connection is a FalloPide:
 * retried unless the other side answered 4xx; a `vcodres` other than 0000 is an answer, not a failure.
 */
@Injectable()
export class ClientePide {
  private readonly tramite = wsdlListo(WSDL_TRAMITE, 'wsiotramite.wsdl');
  private readonly cuoWsdl = wsdlListo(WSDL_CUO, 'cuo.wsdl');
  private readonly opciones: Record<string, unknown>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly politica: PoliticaRed,
  ) {
    this.opciones = {
      timeout: config.PIDE_TIMEOUT_MS,
      maxRedirects: 0,
      // A cargo or a document answer carries at most one PDF.
      maxContentLength: config.MAX_UPLOAD_BYTES * 2,
      httpAgent: new HttpAgent({ lookup: politica.lookup } as object),
      httpsAgent: new HttpsAgent({ lookup: politica.lookup } as object),
    };
  }

  /** A new CUO from PIDE's CUO service, for a send from us. */
  async cuo(): Promise<string> {
    const url = this.config.PIDE_CUO_URL;
    if (!url) throw new FalloPide('PIDE_CUO_URL no configurado', false);
    const [r] = (await this.invocar(this.cuoWsdl, url, 'getCUOAsync', {
      ruc: this.config.PIDE_RUC ?? '',
      servicio: this.config.PIDE_SERVICIO,
    })) as [{ return?: string }];
    const cuo = String(r?.return ?? '').trim();
    if (!/^[0-9A-Za-z-]{1,20}$/.test(cuo)) throw new FalloPide('El servicio de CUO no devolvió un CUO', true);
    return cuo;
  }

  async recepcionar(endpoint: string, request: RecepcionSaliente): Promise<RespuestaPide> {
    const [r] = (await this.invocar(this.tramite, endpoint, 'recepcionarTramiteAsync', { request })) as [
      { return?: RespuestaPide },
    ];
    return this.respuesta(r?.return);
  }

  async cargo(endpoint: string, request: CargoPide): Promise<RespuestaPide> {
    const [r] = (await this.invocar(this.tramite, endpoint, 'cargoTramiteAsync', { request })) as [
      { return?: RespuestaPide },
    ];
    return this.respuesta(r?.return);
  }

  private respuesta(r: RespuestaPide | undefined): RespuestaPide {
    if (!r?.vcodres) throw new FalloPide('Respuesta sin vcodres', true);
    return { vcodres: String(r.vcodres), vdesres: String(r.vdesres ?? '') };
  }

  private async invocar(wsdl: Promise<WSDL>, endpoint: string, metodo: string, args: unknown): Promise<unknown> {
    let url: URL;
    try {
      url = new URL(endpoint);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
      this.politica.verificarLiteral(url);
    } catch (err) {
      throw new FalloPide(err instanceof DestinoNoPermitido ? 'Destino no permitido' : 'Endpoint inválido', false);
    }
    const client = new Client(await wsdl, url.href);
    try {
      return await (client[metodo] as (a: unknown, o: unknown) => Promise<unknown>)(args, this.opciones);
    } catch (err) {
      throw clasificar(err);
    }
  }
}

/** What went wrong, without the other side's body (it may hold anyone's data). */
function clasificar(err: unknown): FalloPide {
  const e = err as { code?: string; response?: { status?: number }; root?: unknown; cause?: unknown };
  if (e instanceof DestinoNoPermitido || e.cause instanceof DestinoNoPermitido)
    return new FalloPide('Destino no permitido', false);
  if (e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT') return new FalloPide('Tiempo de espera agotado', true);
  const status = e.response?.status;
  if (status) return new FalloPide(`HTTP ${status}${e.root ? ' (SOAP Fault)' : ''}`, status >= 500 || status === 429);
  return new FalloPide('Sin conexión con PIDE', true);
}

export const esOk = (r: RespuestaPide): boolean => r.vcodres === PideCodigos.OK;
