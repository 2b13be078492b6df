import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Logger,
  OnModuleInit,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as FileType from 'file-type';
import { createServerless, IServices, Server } from 'soap';
import { APP_CONFIG, BusClient } from '@mesa/shared/app';
import { Public } from '@mesa/shared/auth';
import type { AppConfig } from '@mesa/shared/config';
import {
  ArchivoPide,
  CargoPide,
  ConsultarPideRequest,
  PideCodigos,
  PideErrors,
  PidePatterns,
  RecepcionTramiteDatos,
  RespuestaPide,
  Services,
  WSDL_TRAMITE,
} from '@mesa/shared/contracts';
import { badRequest, DomainException } from '@mesa/shared/errors';
import { nombreSeguro, tipoVerificado } from '../archivos/tipos-archivo';
import { PideAccesoGuard } from './pide-acceso.guard';

/** Where the port is served (under the API prefix). */
const RUTA_PIDE = 'pide/wsiotramite';
const RUTA_COMPLETA = `/api/v1/${RUTA_PIDE}`;
const UBICACION_WSDL = 'http://localhost/api/v1/pide/wsiotramite';
const XML = 'text/xml; charset=utf-8';
const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

type Campos = Record<string, unknown>;

/** A file of the message with the checks of an upload: base64, size, type from the content, name. */
async function archivoVerificado(
  base64: unknown,
  nombre: unknown,
  max: number,
  soloPdf: boolean,
): Promise<ArchivoPide | RespuestaPide> {
  const texto = typeof base64 === 'string' ? base64 : '';
  if (!texto || !BASE64.test(texto))
    return { vcodres: PideCodigos.DATOS_INVALIDOS, vdesres: 'Archivo sin contenido base64' };
  const bytes = Buffer.from(texto, 'base64');
  if (bytes.length > max)
    return { vcodres: PideCodigos.ARCHIVO_NO_ADMITIDO, vdesres: `Archivo mayor que ${max} bytes` };
  const tipo = await FileType.fromBuffer(bytes);
  const nombreDado = typeof nombre === 'string' ? nombre : '';
  try {
    const tipoMime = tipoVerificado(nombreDado, tipo);
    if (soloPdf && tipoMime !== 'application/pdf') throw new Error('no PDF');
    return { nombre: nombreSeguro(nombreDado, tipoMime), tipoMime, base64: bytes.toString('base64') };
  } catch (err) {
    const detalle = err instanceof DomainException ? err.message : 'bpdfdoc no es un PDF';
    return { vcodres: PideCodigos.ARCHIVO_NO_ADMITIDO, vdesres: `${nombreDado || 'archivo'}: ${detalle}` };
  }
}

const texto = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));
const lista = <T>(v: T | T[] | undefined): T[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const fecha = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v ?? ''));

/**
 * The IMGD trámite port for PIDE: SOAP 1.1 with its WSDL (`?wsdl`), parsed and answered by the
 * `soap` library fed from this Fastify route, so the gateway's headers, limits, request ids and
 * metrics apply as to any route. Only PIDE gets here (PideAccesoGuard). The operations call
 * integraciones-service over the bus and answer `vcodres`; a body that is not an envelope of
 * the service is a 400 problem, like any bad input.
 */
@ApiExcludeController()
@Controller(RUTA_PIDE)
@Public()
@UseGuards(PideAccesoGuard)
export class PideSoapController implements OnModuleInit {
  private readonly log = new Logger(PideSoapController.name);
  private servidor!: Server;
  private readonly wsdl: string;

  constructor(
    private readonly bus: BusClient,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.wsdl = WSDL_TRAMITE.replace(UBICACION_WSDL, `${config.PUBLIC_BASE_URL.replace(/\/$/, '')}${RUTA_COMPLETA}`);
  }

  async onModuleInit() {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // A message carries its PDF and annexes in base64: room for a few files of MAX_UPLOAD_BYTES.
    const bodyLimit = Math.ceil((this.config.MAX_UPLOAD_BYTES * 4) / 3) * 4;
    for (const tipo of ['text/xml', 'application/soap+xml']) {
      if (!fastify.hasContentTypeParser(tipo))
        fastify.addContentTypeParser(tipo, { parseAs: 'string', bodyLimit }, (_req, body, done) => done(null, body));
    }
    const port: Record<
      string,
      (args: Campos, cb?: unknown, h?: unknown, req?: { connection?: { remoteAddress?: string } }) => Promise<unknown>
    > = {
      recepcionarTramite: async (args, _cb, _h, req) => ({
        return: await this.recepcionar(args, req?.connection?.remoteAddress),
      }),
      consultarTramite: async (args) => ({ return: await this.consultar(args) }),
      cargoTramite: async (args) => ({ return: await this.cargo(args) }),
      getTipoDocumento: async () => ({ return: await this.bus.send(Services.INTEGRACIONES, PidePatterns.TIPOS, {}) }),
    };
    const services = { wsiotramiteService: { wsiotramitePort: port } } as unknown as IServices;
    this.servidor = await createServerless({ path: RUTA_COMPLETA, services, xml: WSDL_TRAMITE, suppressStack: true });
  }

  @Get()
  wsdlDelServicio(@Query() q: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply): string {
    if (!Object.keys(q).some((k) => k.toLowerCase() === 'wsdl'))
      throw badRequest(PideErrors.PIDE_MENSAJE_INVALIDO, 'Pida el WSDL con ?wsdl o envíe un mensaje SOAP por POST');
    void reply.header('content-type', XML);
    return this.wsdl;
  }

  @Post()
  @HttpCode(200)
  async mensaje(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (typeof req.body !== 'string' || !req.body.includes('Envelope'))
      throw badRequest(PideErrors.PIDE_MENSAJE_INVALIDO, 'Se espera un sobre SOAP 1.1 (text/xml)');
    const r = await this.servidor.processRequest(req.body, {
      url: RUTA_COMPLETA,
      headers: {
        'content-type': XML,
        ...(req.headers.soapaction ? { soapaction: String(req.headers.soapaction) } : {}),
      },
      connection: { remoteAddress: req.ip },
    });
    // The library answers 500 with a bare message (not a Fault) when it cannot read the envelope.
    if (r.statusCode >= 500 && !/:Fault>/.test(r.body))
      throw badRequest(PideErrors.PIDE_MENSAJE_INVALIDO, 'El mensaje no es un sobre SOAP válido del servicio');
    void reply.status(r.statusCode).header('content-type', XML);
    return r.body;
  }

  private async recepcionar(args: Campos, ip?: string): Promise<RespuestaPide> {
    const r = (args.request ?? {}) as Campos;
    const max = this.config.MAX_UPLOAD_BYTES;
    const principal = await archivoVerificado(r.bpdfdoc, r.vnomdoc, max, true);
    if ('vcodres' in principal) return principal;
    const archivos: ArchivoPide[] = [principal];
    const anexosSinContenido: string[] = [];
    for (const a of lista(r.lstanexos as Campos | Campos[])) {
      if (a?.bdocanx === undefined || a.bdocanx === '') {
        anexosSinContenido.push(String(a?.vnomdoc ?? ''));
        continue;
      }
      const v = await archivoVerificado(a.bdocanx, a.vnomdoc, max, false);
      if ('vcodres' in v) return v;
      archivos.push(v);
    }
    const datos: RecepcionTramiteDatos = {
      vrucentrem: String(r.vrucentrem ?? ''),
      vrucentrec: String(r.vrucentrec ?? ''),
      vnomentemi: String(r.vnomentemi ?? ''),
      vuniorgrem: texto(r.vuniorgrem),
      vcuo: String(r.vcuo ?? ''),
      vcuoref: texto(r.vcuoref),
      ccodtipdoc: String(r.ccodtipdoc ?? ''),
      vnumdoc: String(r.vnumdoc ?? ''),
      dfecdoc: fecha(r.dfecdoc),
      vuniorgdst: texto(r.vuniorgdst),
      vnomdst: texto(r.vnomdst),
      vnomcardst: texto(r.vnomcardst),
      vasu: String(r.vasu ?? ''),
      snumanx: Number(r.snumanx),
      snumfol: Number(r.snumfol),
      vnomdoc: principal.nombre,
      vurldocanx: texto(r.vurldocanx),
      ctipdociderem: texto(r.ctipdociderem),
      vnumdociderem: texto(r.vnumdociderem),
      anexosSinContenido,
    };
    return this.llamar<RespuestaPide>(PidePatterns.RECEPCIONAR, { ip, datos, archivos });
  }

  private consultar(args: Campos) {
    const r = (args.request ?? {}) as Campos;
    const req: ConsultarPideRequest = {
      vrucentrem: String(r.vrucentrem ?? ''),
      vrucentrec: String(r.vrucentrec ?? ''),
      vcuo: String(r.vcuo ?? ''),
    };
    return this.llamar(PidePatterns.CONSULTAR, req);
  }

  private cargo(args: Campos) {
    const r = (args.request ?? {}) as Campos;
    const cargo: CargoPide = {
      vrucentrem: String(r.vrucentrem ?? ''),
      vrucentrec: String(r.vrucentrec ?? ''),
      vcuo: String(r.vcuo ?? ''),
      vcuoref: texto(r.vcuoref),
      vnumregstd: texto(r.vnumregstd),
      vanioregstd: texto(r.vanioregstd),
      dfecregstd: r.dfecregstd === undefined ? undefined : fecha(r.dfecregstd),
      vuniorgstd: texto(r.vuniorgstd),
      vusuregstd: texto(r.vusuregstd),
      bcarstd: texto(r.bcarstd),
      vobs: texto(r.vobs),
      cflgest: String(r.cflgest ?? '') as CargoPide['cflgest'],
    };
    if (cargo.bcarstd && !BASE64.test(cargo.bcarstd))
      return { vcodres: PideCodigos.DATOS_INVALIDOS, vdesres: 'bcarstd no es base64' };
    return this.llamar(PidePatterns.CARGO_RECIBIR, cargo);
  }

  /** Our side failing (bus, a service) is an answer too: 9999, and PIDE may send again. */
  private async llamar<T>(patron: string, payload: unknown): Promise<T | RespuestaPide> {
    try {
      return await this.bus.send<T>(Services.INTEGRACIONES, patron, payload);
    } catch (err) {
      this.log.warn(`PIDE ${patron} failed: ${(err as Error).name}`);
      return { vcodres: PideCodigos.ERROR_INTERNO, vdesres: 'Error interno; reintente más tarde' };
    }
  }
}
