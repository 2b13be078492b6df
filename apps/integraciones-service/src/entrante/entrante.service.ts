import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Integracion } from '@mesa/db-entities';
import { APP_LOGGER, BusClient } from '@mesa/shared/app';
import {
  AutenticarEntranteRequest,
  DocumentoDto,
  DocumentoRecibido,
  DocumentosPatterns,
  EstadoSync,
  IntegracionAutenticada,
  IntegracionesErrors,
  OperacionSync,
  RecibirDocumentoRequest,
  Rol,
  Services,
} from '@mesa/shared/contracts';
import { DomainException, notFound, unauthorized } from '@mesa/shared/errors';
import { actorDeIntegracion } from '../integraciones/actor-integracion';
import { IntegracionesRepository } from '../integraciones/integraciones.repository';
import { LogRepository } from '../registro/log.repository';
import { dentroDeVentana, firmaValida, hashApiKey } from '../seguridad/firma';
import { SecretosService } from '../seguridad/secretos.service';
import { LimiteEntrante } from './limite-entrante';
import { SolicitudesEntrantesRepository } from './solicitudes-entrantes.repository';

const LIMPIEZA_MS = 60_000;
/** A request id older than the timestamp window (5 minutes), with room to spare, can never be replayed. */
const VIGENCIA_SOLICITUD_MIN = 15;

const recibido = (idExterno: string, d: DocumentoDto): DocumentoRecibido => ({
  idExterno,
  documentoId: d.id,
  numeroExpediente: d.numeroExpediente,
  estado: d.estado,
  fechaRecepcion: d.fechaRecepcion,
  fechaLimite: d.fechaLimite,
  actualizadoEn: d.updatedAt,
});

/**
 * Documents other systems send us. Authentication is the integration's API key (stored as a
 * hash) plus an HMAC signature of timestamp and body with its shared secret; a timestamp more
 * than 5 minutes away or a request id seen before is refused, and nothing is registered then.
 * Registration goes through documentos-service with (origenExterno = the integration's code,
 * idExterno), which answers the same case however often, and however concurrently, it is sent.
 */
@Injectable()
export class EntranteService {
  private ultimaLimpieza = 0;

  constructor(
    private readonly integraciones: IntegracionesRepository,
    private readonly logs: LogRepository,
    private readonly secretos: SecretosService,
    private readonly limite: LimiteEntrante,
    private readonly bus: BusClient,
    private readonly solicitudes: SolicitudesEntrantesRepository,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * The timestamp first (it says nothing of the key), then the key and the signature together,
   * with one answer whichever is wrong, and only then the integration's quota, so that nobody
   * without the secret can spend it.
   */
  async autenticar(r: AutenticarEntranteRequest): Promise<IntegracionAutenticada> {
    if (!r.timestamp || !dentroDeVentana(r.timestamp)) {
      throw unauthorized(
        IntegracionesErrors.FIRMA_VENCIDA,
        'Marca de tiempo ausente o fuera de la ventana de 5 minutos',
      );
    }
    const i = r.apiKey ? await this.integraciones.porApiKeyHash(hashApiKey(r.apiKey)) : null;
    const secreto = i?.activa ? this.secretos.webhookSecret(i) : null;
    const firmado = { timestamp: r.timestamp, metodo: r.metodo, ruta: r.ruta, cuerpo: r.cuerpo };
    if (!i || !secreto || !r.firma || !firmaValida(secreto, firmado, r.firma)) {
      throw unauthorized(IntegracionesErrors.ENTRANTE_NO_AUTENTICADO, 'Clave de integración o firma inválida');
    }
    const espera = await this.limite.contar(i.id, i.limiteEntrantePorMinuto);
    if (espera > 0)
      throw new DomainException(
        IntegracionesErrors.LIMITE_ENTRANTE,
        429,
        `Límite de la integración superado; reintente en ${espera} s`,
      );
    return { integracionId: i.id, codigo: i.codigo };
  }

  async recibir(r: RecibirDocumentoRequest): Promise<DocumentoRecibido> {
    const i = await this.activa(r.integracionId);
    const { idSolicitud, idExterno, documento } = r.body;
    await this.limpiarSolicitudes();
    if (!(await this.solicitudes.reclamar(i.id, idSolicitud)))
      throw unauthorized(IntegracionesErrors.SOLICITUD_REPETIDA, 'Solicitud ya recibida (idSolicitud repetido)');
    const base = {
      integracionId: i.id,
      operacion: OperacionSync.RECEPCION,
      evento: null,
      numeroIntento: 1,
      proximoReintentoMs: null,
      idExterno,
      enDlq: false,
    };
    let doc: DocumentoDto;
    try {
      doc = await this.bus.send<DocumentoDto>(Services.DOCUMENTOS, DocumentosPatterns.REGISTRAR, {
        actor: actorDeIntegracion(i, Rol.MESA_PARTES, r.ip),
        documento: { ...documento, origenExterno: i.codigo, idExterno },
      });
    } catch (err) {
      // Not registered: the same request may be sent again.
      await this.solicitudes.liberar(i.id, idSolicitud);
      const e = err as DomainException;
      await this.logs.registrar({
        ...base,
        documentoId: null,
        numeroExpediente: null,
        estado: EstadoSync.ERROR,
        codigoRespuesta: e.status ?? 500,
        mensajeError: e.code ?? e.name,
        tiempoRespuestaMs: null,
      });
      throw err;
    }
    await this.logs.registrar({
      ...base,
      documentoId: doc.id,
      numeroExpediente: doc.numeroExpediente,
      estado: EstadoSync.EXITOSO,
      codigoRespuesta: 200,
      mensajeError: null,
      tiempoRespuestaMs: null,
    });
    return recibido(idExterno, doc);
  }

  async estado(integracionId: string, idExterno: string): Promise<DocumentoRecibido> {
    const i = await this.activa(integracionId);
    const documentoId = await this.logs.documentoRecibido(i.id, idExterno);
    if (!documentoId)
      throw notFound(IntegracionesErrors.DOCUMENTO_EXTERNO_NOT_FOUND, 'No se recibió un documento con ese idExterno');
    const doc = await this.bus.send<DocumentoDto>(Services.DOCUMENTOS, DocumentosPatterns.OBTENER, {
      actor: actorDeIntegracion(i, Rol.ADMIN),
      id: documentoId,
    });
    return recibido(idExterno, doc);
  }

  private async activa(id: string): Promise<Integracion> {
    const i = await this.integraciones.porId(id);
    if (!i || !i.activa)
      throw unauthorized(IntegracionesErrors.ENTRANTE_NO_AUTENTICADO, 'Integración desconocida o desactivada');
    return i;
  }

  /** Request ids older than the timestamp window can never be replayed (their signature is stale): drop them. */
  private async limpiarSolicitudes(): Promise<void> {
    if (Date.now() - this.ultimaLimpieza < LIMPIEZA_MS) return;
    this.ultimaLimpieza = Date.now();
    try {
      await this.solicitudes.purgar(VIGENCIA_SOLICITUD_MIN);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'inbound request cleanup failed');
    }
  }
}
