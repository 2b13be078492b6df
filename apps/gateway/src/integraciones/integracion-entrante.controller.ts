import { Transform } from 'node:stream';
import {
  Body,
  CanActivate,
  Controller,
  ExecutionContext,
  Get,
  HttpCode,
  Injectable,
  OnModuleInit,
  Param,
  Post,
  Req,
  UseGuards,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BusClient } from '@mesa/shared/app';
import { Public } from '@mesa/shared/auth';
import {
  DocumentoRecibido,
  FirmaHeaders,
  IntegracionAutenticada,
  IntegracionesErrors,
  IntegracionesPatterns,
  Services,
} from '@mesa/shared/contracts';
import { unauthorized } from '@mesa/shared/errors';
import { ApiProblems } from '../common/problem.schema';
import { DocumentoRecibidoSchema, RecibirDocumentoDto } from './integracion-entrante.dto';

/** Route config of the routes whose raw body is signed (`@RouteConfig(CUERPO_FIRMADO)`). */
const CUERPO_FIRMADO = { cuerpoFirmado: true } as const;

type EntranteRequest = FastifyRequest & { cuerpoCrudo?: string; integracion?: IntegracionAutenticada };

/**
 * The signature covers the body exactly as sent, so it is kept as bytes while Fastify parses
 * it: a pass-through copy on the routes marked with CUERPO_FIRMADO only (Fastify still enforces
 * the body limit on it). Chosen by the matched route, not by the URL: the router decodes the path
 * (`/api/v1/%69ntegracion/…` is the same route), a prefix test would not.
 */
function capturarCuerpoCrudo(fastify: FastifyInstance): void {
  fastify.addHook('preParsing', (req: EntranteRequest, _reply, payload, done) => {
    if ((req.routeOptions.config as Partial<typeof CUERPO_FIRMADO>)?.cuerpoFirmado !== true) return done(null, payload);
    const partes: Buffer[] = [];
    const copia = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        partes.push(chunk);
        cb(null, chunk);
      },
      flush(cb) {
        req.cuerpoCrudo = Buffer.concat(partes).toString('utf8');
        cb();
      },
    });
    payload.on('error', (err) => copia.destroy(err));
    done(null, payload.pipe(copia));
  });
}

const cabecera = (req: FastifyRequest, nombre: string): string | null => {
  const v = req.headers[nombre];
  return typeof v === 'string' ? v : null;
};

/** API key, timestamp window, signature and the integration's rate limit, checked by integraciones-service. */
@Injectable()
class FirmaEntranteGuard implements CanActivate {
  constructor(private readonly bus: BusClient) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<EntranteRequest>();
    // Only GETs sign an empty body: a body that was not kept as sent cannot be checked.
    if (req.method !== 'GET' && req.cuerpoCrudo === undefined) {
      throw unauthorized(IntegracionesErrors.ENTRANTE_NO_AUTENTICADO, 'Clave de integración o firma inválida');
    }
    req.integracion = await this.bus.send<IntegracionAutenticada>(
      Services.INTEGRACIONES,
      IntegracionesPatterns.ENTRANTE_AUTENTICAR,
      {
        apiKey: cabecera(req, FirmaHeaders.API_KEY),
        timestamp: cabecera(req, FirmaHeaders.TIMESTAMP),
        firma: cabecera(req, FirmaHeaders.FIRMA),
        metodo: req.method,
        ruta: req.url,
        cuerpo: req.cuerpoCrudo ?? '',
      },
    );
    return true;
  }
}

const ApiFirma = () => (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
  ApiHeader({ name: FirmaHeaders.API_KEY, required: true, description: "The integration's API key" })(
    target,
    key as string,
    descriptor as PropertyDescriptor,
  );
  ApiHeader({
    name: FirmaHeaders.TIMESTAMP,
    required: true,
    description: 'Unix seconds; refused when more than 5 minutes away',
  })(target, key as string, descriptor as PropertyDescriptor);
  ApiHeader({
    name: FirmaHeaders.FIRMA,
    required: true,
    description:
      'sha256=<hex> of HMAC-SHA256(secret, `${timestamp}.${METHOD}.${path?query}.${body}`): the path and query exactly as sent; body empty for GET',
  })(target, key as string, descriptor as PropertyDescriptor);
};

/**
 * Other state systems send us documents here. No user token: each call carries the
 * integration's API key and an HMAC signature (see FirmaHeaders), verified before anything else.
 */
@ApiTags('integracion (entrante)')
@ApiSecurity('apiKey')
@Controller('integracion')
@Public()
@UseGuards(FirmaEntranteGuard)
export class IntegracionEntranteController implements OnModuleInit {
  constructor(
    private readonly bus: BusClient,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit() {
    capturarCuerpoCrudo(this.adapterHost.httpAdapter.getInstance<FastifyInstance>());
  }

  @Post('recibir-documento')
  @RouteConfig(CUERPO_FIRMADO)
  @HttpCode(200)
  @ApiFirma()
  @ApiOperation({
    summary: 'Register a document from another system; sending the same idExterno again answers the same case',
  })
  @ApiOkResponse({ type: DocumentoRecibidoSchema })
  @ApiProblems(400, 401, 429, 504)
  recibir(@Req() req: EntranteRequest, @Body() body: RecibirDocumentoDto): Promise<DocumentoRecibido> {
    const { integracionId } = req.integracion as IntegracionAutenticada;
    return this.bus.send(Services.INTEGRACIONES, IntegracionesPatterns.ENTRANTE_RECIBIR, {
      integracionId,
      ip: req.ip,
      body,
    });
  }

  @Get('estado/:idExterno')
  @ApiFirma()
  @ApiOperation({ summary: 'State of a document received from this integration' })
  @ApiOkResponse({ type: DocumentoRecibidoSchema })
  @ApiProblems(401, 404, 429, 504)
  estado(@Req() req: EntranteRequest, @Param('idExterno') idExterno: string): Promise<DocumentoRecibido> {
    const { integracionId } = req.integracion as IntegracionAutenticada;
    return this.bus.send(Services.INTEGRACIONES, IntegracionesPatterns.ENTRANTE_ESTADO, { integracionId, idExterno });
  }
}
