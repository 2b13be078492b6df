import { DynamicModule, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { gatewayEntities } from '@mesa/db-entities';
import { AppDefinition, BusClientsModule, cacheModuleFor, CoreModule, ProblemDetailsFilter, soloRedOperativa } from '@mesa/shared/app';
import { redesOperativas } from '@mesa/shared/config';
import { Services } from '@mesa/shared/contracts';
import { DatabaseModule } from '@mesa/shared/database';
import { StorageModule } from '@mesa/shared/storage';
import { ArchivosController } from './archivos/archivos.controller';
import { registrarMultipart } from './archivos/multipart';
import { AuthController, AuthGuard, authProviders } from './auth';
import { CatalogosController } from './catalogos/catalogos.controller';
import { cabecerasDeSeguridad } from './common/cabeceras-seguridad';
import { documentarLimites } from './common/limites-openapi';
import { completarDocumento } from './common/respuestas-openapi';
import { validationPipe } from './common/validation';
import { ConsultasController } from './consultas/consultas.controller';
import { DerivacionesController } from './derivaciones/derivaciones.controller';
import { NotificacionesController } from './notificaciones/notificaciones.controller';
import { ComprobanteController } from './comprobante/comprobante.controller';
import { DocumentosController } from './documentos/documentos.controller';
import { LecturasAuditoria } from './lecturas/lecturas.auditoria';
import { LecturasController } from './lecturas/lecturas.controller';
import { TramiteController } from './tramite/tramite.controller';
import { FeriadosController } from './feriados/feriados.controller';
import { ExportarController } from './exportar/exportar.controller';
import { LoteController } from './lote/lote.controller';
import { IdempotenciaInterceptor, IdempotenciaRepository } from './idempotencia';
import { IntegracionEntranteController } from './integraciones/integracion-entrante.controller';
import { IntegracionesController } from './integraciones/integraciones.controller';
import { LimiteGuard, limitesModule } from './rate-limit/rate-limit.module';
import { SeguimientoController } from './publico/seguimiento.controller';
import { PerformanceController } from './performance/performance.controller';
import { PideAccesoGuard } from './pide/pide-acceso.guard';
import { PideSoapController } from './pide/pide-soap.controller';
import { PideController } from './pide/pide.controller';
import { ReportesController } from './reportes/reportes.controller';
import { TareasController } from './tareas/tareas.controller';
import { servirWeb, webRoot } from './web/web-static';

class GatewayModule {}

const CONTROLLERS = [AuthController, CatalogosController, DocumentosController, TramiteController, FeriadosController, LoteController, ExportarController, ConsultasController, ComprobanteController, SeguimientoController, ArchivosController, LecturasController, PerformanceController, DerivacionesController, NotificacionesController, IntegracionesController, IntegracionEntranteController, PideSoapController, PideController, ReportesController, TareasController];

const API_PREFIX = 'api/v1';

/**
 * The API answers JSON and the OpenAPI page loads only its own files: nothing inline, nothing
 * from elsewhere, never framed. (Swagger UI's styles are inline, hence style-src.)
 */
const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};
/** OWASP asks JWT schemes to say they follow the JWT best practices. */
const BEARER = 'Access token of POST /auth/login: an EdDSA-signed JWT of 15 minutes, issued and checked as RFC8725 advises (one algorithm, audience and issuer checked, no key from the token).';
/** The rate limiter's headers (documented on every operation), readable by the web app too. */
const LIMITE_HEADERS = ['limit', 'remaining', 'reset'].flatMap((h) => [`x-ratelimit-${h}`, `x-ratelimit-${h}-publico`]);
const NOT_PREFIXED = ['health/ready', 'health/startup'].map((path) => ({ path, method: RequestMethod.GET }));

/** The gateway: the REST API of the web app; owns users and sessions (schema `gateway`). */
export const gatewayApp: AppDefinition = {
  name: 'gateway',
  defaultPort: 3000,
  module: (ctx): DynamicModule => {
    const bus = BusClientsModule.forRoot(ctx.config, Object.values(Services), ctx.name);
    return {
      module: GatewayModule,
      imports: [
        CoreModule.forRoot(ctx, [bus.probe]),
        DatabaseModule.forRoot({ config: ctx.config, service: ctx.name, entities: gatewayEntities, logger: ctx.logger }),
        bus.module,
        limitesModule(ctx.config),
        // Read-only: details that documentos-service cached are answered without the bus.
        cacheModuleFor(ctx.config),
        StorageModule.forRoot(ctx.config),
      ],
      controllers: CONTROLLERS,
      providers: [
        ...authProviders(ctx.config),
        IdempotenciaRepository,
        IdempotenciaInterceptor,
        LecturasAuditoria,
        PideAccesoGuard,
        // Limits first: unauthenticated floods are refused before any token work.
        { provide: APP_GUARD, useClass: LimiteGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  },
  async configure(app, ctx) {
    app.setGlobalPrefix(API_PREFIX, { exclude: NOT_PREFIXED });
    app.useGlobalPipes(validationPipe);
    const origins = ctx.config.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
    app.enableCors({ origin: origins, exposedHeaders: ['x-request-id', 'etag', 'location', 'retry-after', 'idempotent-replayed', ...LIMITE_HEADERS], maxAge: 600 });
    cabecerasDeSeguridad(app.getHttpAdapter().getInstance(), { contentSecurityPolicy: { useDefaults: false, directives: CSP } });
    await registrarMultipart(app);
    documentarLimites();
    const doc = completarDocumento(SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Mesa de Partes API')
        .setDescription('Registration, routing and tracking of documents. Errors are RFC 7807 problem JSON with a stable `code`.')
        .setVersion('1')
        .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: BEARER })
        .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key', description: 'Other state systems: with the HMAC headers x-mesa-timestamp and x-mesa-firma' }, 'apiKey')
        .build(),
    ), CONTROLLERS, ctx.config);
    // The API's map is for the desk's developers and operators, not for the internet.
    soloRedOperativa(app.getHttpAdapter().getInstance(), redesOperativas(ctx.config.OPERATOR_NETWORKS), ['/api/docs']);
    SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs-json' });
    const web = webRoot();
    if (web) await servirWeb(app, web);
  },
};
