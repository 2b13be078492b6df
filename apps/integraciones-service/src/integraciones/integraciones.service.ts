import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Integracion } from '@mesa/db-entities';
import { APP_LOGGER, BusClient } from '@mesa/shared/app';
import {
  Actor,
  Credenciales,
  DEFAULT_PAGE_SIZE,
  DocumentosPatterns,
  EnvioEncolado,
  EstadisticasFiltros,
  EstadisticasGlobales,
  EstadisticasIntegracion,
  EstadoConexion,
  EVENTO_MANUAL,
  IntegracionCambios,
  IntegracionCreada,
  IntegracionDto,
  IntegracionesErrors,
  IntegracionInput,
  LogFiltros,
  LogSincronizacionPage,
  MAX_PAGE_SIZE,
  ResultadoPrueba,
  ResultadosPrueba,
  Rol,
  SecretosIntegracion,
  Services,
  TipoAutenticacion,
} from '@mesa/shared/contracts';
import { decodeCursor, encodeCursor } from '@mesa/shared/domain';
import { badRequest, conflict, DomainException, notFound } from '@mesa/shared/errors';
import { llamar } from '../envio/cliente-http';
import { DestinoNoPermitido, PoliticaRed } from '../envio/politica-red';
import { SincronizacionQueue } from '../envio/sincronizacion.queue';
import { LogRepository } from '../registro/log.repository';
import { hashApiKey, nuevoSecreto } from '../seguridad/firma';
import { actorDeIntegracion } from './actor-integracion';
import { SecretosService } from '../seguridad/secretos.service';
import { CodigoYaRegistrado, IntegracionesRepository } from './integraciones.repository';
import { toIntegracionDto } from './integracion.mapper';

const SEMANA_MS = 7 * 864e5;

const codigoDuplicado = (codigo: string) =>
  conflict(IntegracionesErrors.CODIGO_DUPLICADO, `Ya existe una integración con código ${codigo}`);
const noEncontrada = () => notFound(IntegracionesErrors.INTEGRACION_NOT_FOUND, 'Integración no encontrada');

/** Scheme, host and port: where credentials go. A path change keeps them; a host change does not. */
const origen = (url: string | null | undefined) => (url ? new URL(url).origin : null);

/** Which credential shape each authentication type needs. */
function validarCredenciales(tipo: TipoAutenticacion, c: Credenciales | null | undefined): void {
  const ok =
    (tipo === TipoAutenticacion.NONE && !c) ||
    (tipo === TipoAutenticacion.API_KEY && !!c && 'apiKey' in c && !!c.apiKey) ||
    (tipo === TipoAutenticacion.BEARER && !!c && 'token' in c && !!c.token) ||
    (tipo === TipoAutenticacion.BASIC && !!c && 'usuario' in c && !!c.usuario && !!c.clave);
  if (!ok) {
    throw badRequest(IntegracionesErrors.CREDENCIALES_INVALIDAS, `Credenciales no corresponden a ${tipo}`, [
      {
        field: 'credenciales',
        message: `${tipo} requiere ${{ NONE: 'ninguna', API_KEY: '{apiKey}', BEARER: '{token}', BASIC: '{usuario, clave}' }[tipo]}`,
      },
    ]);
  }
}

/** Administration of integrations, their connection test, sends on request, DLQ, log and statistics. */
@Injectable()
export class IntegracionesService {
  constructor(
    private readonly repo: IntegracionesRepository,
    private readonly logs: LogRepository,
    private readonly secretos: SecretosService,
    private readonly cola: SincronizacionQueue,
    private readonly bus: BusClient,
    private readonly politica: PoliticaRed,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /** Refuses now a URL whose host the outbound policy refuses (sends check again as they connect). */
  private async verificarUrl(url: string | null | undefined): Promise<void> {
    if (!url) return;
    try {
      await this.politica.verificar(url);
    } catch (err) {
      if (!(err instanceof DestinoNoPermitido)) throw err;
      throw badRequest(IntegracionesErrors.URL_NO_PERMITIDA, 'urlBase apunta a una dirección privada, local o de metadatos', [
        { field: 'urlBase', message: 'la política de red no permite este destino' },
      ]);
    }
  }

  async crear(actor: Actor, input: IntegracionInput): Promise<IntegracionCreada> {
    const tipoAutenticacion = input.tipoAutenticacion ?? TipoAutenticacion.NONE;
    validarCredenciales(tipoAutenticacion, input.credenciales);
    await this.verificarUrl(input.urlBase);
    if (await this.repo.porCodigo(input.codigo)) throw codigoDuplicado(input.codigo);
    const id = randomUUID();
    const apiKey = nuevoSecreto('ik');
    const webhookSecret = input.webhookSecret ?? nuevoSecreto('whsec');
    try {
      const i = await this.repo.insertar({
        id,
        codigo: input.codigo,
        nombre: input.nombre,
        tipo: input.tipo,
        urlBase: input.urlBase ?? null,
        tipoAutenticacion,
        credencialesCifradas: input.credenciales ? this.secretos.sellarCredenciales(id, input.credenciales) : null,
        apiKeyHash: hashApiKey(apiKey),
        webhookSecretCifrado: this.secretos.sellarWebhookSecret(id, webhookSecret),
        mapeoCampos: input.mapeoCampos ?? {},
        eventos: input.eventos ?? [],
        ...this.ajustes(input),
      });
      this.logger.info({ integracionId: id, codigo: i.codigo, userId: actor.userId }, 'integration created');
      return { ...toIntegracionDto(i), apiKey, webhookSecret };
    } catch (err) {
      // A concurrent creation with the same code won the unique index.
      if (err instanceof CodigoYaRegistrado) throw codigoDuplicado(input.codigo);
      throw err;
    }
  }

  private ajustes(c: IntegracionCambios): Partial<Integracion> {
    const out: Partial<Integracion> = {};
    for (const k of [
      'timeoutMs',
      'maxReintentos',
      'reintentoBaseMs',
      'umbralCircuito',
      'esperaCircuitoMs',
      'limiteEntrantePorMinuto',
    ] as const) {
      if (c[k] !== undefined) out[k] = c[k] as number;
    }
    return out;
  }

  async listar(): Promise<IntegracionDto[]> {
    return (await this.repo.listar()).map(toIntegracionDto);
  }

  async obtener(id: string): Promise<IntegracionDto> {
    return toIntegracionDto(await this.cargar(id));
  }

  private async cargar(id: string): Promise<Integracion> {
    const i = await this.repo.porId(id);
    if (!i) throw noEncontrada();
    return i;
  }

  /**
   * New credentials (a rotation) are sealed again; changing the type requires the matching
   * credentials, and so does moving urlBase to another scheme, host or port while credentials
   * are stored: they were given for the old host and are not sent to a new one.
   */
  async actualizar(actor: Actor, id: string, c: IntegracionCambios): Promise<IntegracionDto> {
    const actual = await this.cargar(id);
    await this.verificarUrl(c.urlBase);
    const otroHost = c.urlBase !== undefined && c.urlBase !== null && origen(c.urlBase) !== origen(actual.urlBase);
    if (otroHost && actual.credencialesCifradas && c.credenciales === undefined) {
      throw badRequest(IntegracionesErrors.CREDENCIALES_REQUERIDAS, 'Al cambiar el host de urlBase, envíe de nuevo las credenciales', [
        { field: 'credenciales', message: 'requeridas al cambiar el esquema, host o puerto de urlBase' },
      ]);
    }
    const cambios: Partial<Integracion> = { ...this.ajustes(c) };
    if (c.nombre !== undefined) cambios.nombre = c.nombre;
    if (c.tipo !== undefined) cambios.tipo = c.tipo;
    if (c.urlBase !== undefined) cambios.urlBase = c.urlBase;
    if (c.mapeoCampos !== undefined) cambios.mapeoCampos = c.mapeoCampos;
    if (c.eventos !== undefined) cambios.eventos = c.eventos;
    if (c.tipoAutenticacion !== undefined || c.credenciales !== undefined) {
      const tipo = c.tipoAutenticacion ?? actual.tipoAutenticacion;
      const credenciales = c.credenciales !== undefined ? c.credenciales : this.secretos.credenciales(actual);
      validarCredenciales(tipo, credenciales);
      cambios.tipoAutenticacion = tipo;
      cambios.credencialesCifradas = credenciales ? this.secretos.sellarCredenciales(id, credenciales) : null;
    }
    const i = await this.repo.actualizar(id, cambios);
    if (!i) throw noEncontrada();
    this.logger.info({ integracionId: id, campos: Object.keys(cambios), userId: actor.userId }, 'integration updated');
    return toIntegracionDto(i);
  }

  async activar(actor: Actor, id: string, activa: boolean): Promise<IntegracionDto> {
    await this.cargar(id);
    const i = await this.repo.actualizar(id, { activa });
    this.logger.info({ integracionId: id, activa, userId: actor.userId }, 'integration (de)activated');
    return toIntegracionDto(i as Integracion);
  }

  /** An integration with exchanges is kept for its history: deactivate it instead. */
  async eliminar(actor: Actor, id: string): Promise<void> {
    const r = await this.repo.eliminarSinHistorial(id);
    if (r === 'no_existe') throw noEncontrada();
    if (r === 'con_historial') {
      throw conflict(
        IntegracionesErrors.INTEGRACION_CON_HISTORIAL,
        'La integración tiene historial de sincronización; desactívela',
      );
    }
    this.logger.info({ integracionId: id, userId: actor.userId }, 'integration deleted');
  }

  /** New inbound API key and/or signature secret, answered once; the old ones stop working at once. */
  async rotarSecretos(actor: Actor, id: string, apiKey: boolean, webhookSecret: boolean): Promise<SecretosIntegracion> {
    await this.cargar(id);
    const nuevos: SecretosIntegracion = {};
    const cambios: Partial<Integracion> = {};
    if (apiKey) {
      nuevos.apiKey = nuevoSecreto('ik');
      cambios.apiKeyHash = hashApiKey(nuevos.apiKey);
    }
    if (webhookSecret) {
      nuevos.webhookSecret = nuevoSecreto('whsec');
      cambios.webhookSecretCifrado = this.secretos.sellarWebhookSecret(id, nuevos.webhookSecret);
    }
    if (Object.keys(cambios).length) await this.repo.actualizar(id, cambios);
    this.logger.info({ integracionId: id, apiKey, webhookSecret, userId: actor.userId }, 'integration secrets rotated');
    return nuevos;
  }

  /**
   * Connection test: a signed GET of the base URL. Any answer but 5xx, 401, 403, 408 or 429
   * means reachable. The answer is coarse (ResultadosPrueba): no status, body or socket error.
   */
  async probar(id: string): Promise<ResultadoPrueba> {
    const i = await this.cargar(id);
    if (!i.urlBase) throw badRequest(IntegracionesErrors.SIN_URL, 'La integración no tiene URL');
    await this.repo.marcarProbando(id);
    const r = await this.llamar(i, 'GET', null);
    const conectado = r.codigo !== null && r.codigo < 500 && ![401, 403, 408, 429].includes(r.codigo);
    await this.repo.registrarPrueba(id, conectado, r.tiempoMs);
    return {
      estadoConexion: conectado ? EstadoConexion.CONECTADO : EstadoConexion.ERROR,
      resultado: conectado ? ResultadosPrueba.ALCANZABLE : r.desenlace === 'bloqueado' ? ResultadosPrueba.BLOQUEADO : ResultadosPrueba.INALCANZABLE,
      tiempoRespuestaMs: r.tiempoMs,
    };
  }

  /** One outbound call to the integration's URL, under the outbound policy. */
  llamar(i: Integracion, metodo: 'POST' | 'GET', cuerpo: string | null, extra?: Record<string, string>) {
    return llamar(this.politica, this.destino(i), metodo, cuerpo, extra);
  }

  destino(i: Integracion) {
    return {
      url: i.urlBase as string,
      tipoAutenticacion: i.tipoAutenticacion,
      credenciales: this.secretos.credenciales(i),
      webhookSecret: this.secretos.webhookSecret(i),
      timeoutMs: i.timeoutMs,
    };
  }

  /**
   * Each request is a send of its own. With an Idempotency-Key the job id is derived from the
   * user and key, so a retry meets the first send in the queue instead of sending twice, for as
   * long as the queue keeps the finished job (24 h, or its 10,000 newest: the default job options).
   */
  async enviar(id: string, documentoId: string, clave?: { usuarioId: string; key: string }): Promise<EnvioEncolado> {
    const i = await this.cargar(id);
    if (!i.activa) throw conflict(IntegracionesErrors.INTEGRACION_INACTIVA, 'La integración está desactivada');
    if (!i.urlBase) throw badRequest(IntegracionesErrors.SIN_URL, 'La integración no tiene URL');
    // An unknown document is refused now (404) rather than dead-lettered later.
    await this.bus.send(Services.DOCUMENTOS, DocumentosPatterns.OBTENER, {
      actor: actorDeIntegracion(i, Rol.ADMIN),
      id: documentoId,
    });
    const envio = clave ? createHash('sha256').update(JSON.stringify([clave.usuarioId, clave.key])).digest('hex') : randomUUID();
    const jobId = await this.cola.encolar({ integracionId: id, documentoId, evento: EVENTO_MANUAL }, i.maxReintentos, `/${envio}`);
    return { jobId };
  }

  /** Replays a dead-lettered send as a new job (its id names the log row, so a second replay adds nothing). */
  async reintentar(id: string, logId: string): Promise<EnvioEncolado> {
    const i = await this.cargar(id);
    const envio = await this.logs.sacarDeDlq(id, logId);
    if (!envio) throw notFound(IntegracionesErrors.LOG_NOT_FOUND, 'No hay un envío en la cola de fallidos con ese id');
    try {
      const jobId = await this.cola.encolar(
        { integracionId: id, documentoId: envio.documentoId, evento: envio.evento },
        i.maxReintentos,
        `/reintento/${logId}`,
      );
      return { jobId };
    } catch (err) {
      await this.logs.devolverADlq(logId);
      throw err;
    }
  }

  async log(id: string, f: LogFiltros, soloDlq = false): Promise<LogSincronizacionPage> {
    await this.cargar(id);
    const limit = Math.min(Math.max(f.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const after = f.cursor ? decodeCursor(f.cursor, ['date', 'string']) : undefined;
    const items = await this.logs.listar({
      integracionId: id,
      estado: f.estado,
      operacion: f.operacion,
      desde: f.desde ? new Date(f.desde) : undefined,
      hasta: f.hasta ? new Date(f.hasta) : undefined,
      soloDlq,
      limit,
      after: after ? { createdAt: after[0] as Date, id: after[1] as string } : undefined,
    });
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: items.length === limit && last ? encodeCursor([new Date(last.createdAt), last.id]) : null,
    };
  }

  async estadisticas(id: string, f: EstadisticasFiltros): Promise<EstadisticasIntegracion> {
    await this.cargar(id);
    const stats: Partial<EstadisticasGlobales> = await this.logs.estadisticas(id, ...ventana(f));
    delete stats.porIntegracion;
    return stats as EstadisticasIntegracion;
  }

  estadisticasGlobales(f: EstadisticasFiltros): Promise<EstadisticasGlobales> {
    return this.logs.estadisticas(null, ...ventana(f));
  }
}

/** Statistics window: the last 7 days unless given. */
function ventana(f: EstadisticasFiltros): [Date, Date] {
  const hasta = f.hasta ? new Date(f.hasta) : new Date();
  const desde = f.desde ? new Date(f.desde) : new Date(hasta.getTime() - SEMANA_MS);
  if (!(desde < hasta)) throw new DomainException('VALIDATION_FAILED', 400, 'desde debe ser anterior a hasta');
  return [desde, hasta];
}
