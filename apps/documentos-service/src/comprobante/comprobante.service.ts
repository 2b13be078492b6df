import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@mesa/shared/app';
import { CacheService } from '@mesa/shared/cache';
import type { AppConfig } from '@mesa/shared/config';
import { Actor, ComprobanteReply, QrReply, SeguimientoErrors } from '@mesa/shared/contracts';
import { codigoCoincide, normalizarCodigo } from '@mesa/shared/domain';
import { DomainException } from '@mesa/shared/errors';
import { CatalogosService } from '../catalogos/catalogos.service';
import { DocumentosService } from '../documentos/documentos.service';
import { CodigosSeguimiento } from '../seguimiento/codigos-seguimiento.service';
import { SeguimientoRepository } from '../seguimiento/seguimiento.repository';
import { renderComprobante, renderQr } from './comprobante.pdf';
import { FirmaComprobante } from './firma-comprobante';

const NS_COMPROBANTE = 'documentos:comprobante';

interface Comprobante {
  numeroExpediente: string;
  pdf: Buffer;
  qr: Buffer;
}

/**
 * The receipt and its QR, rendered together (the PDF embeds exactly the PNG the QR route serves),
 * the PDF signed with the institution's certificate (FirmaComprobante), and cached 1 h. The cache key is a digest of everything printed, taken from the document's
 * detail (itself invalidated by every change): a changed document, office name or public URL
 * is a new key, so a stale receipt is never served, whoever made the change.
 */
@Injectable()
export class ComprobanteService {
  constructor(
    private readonly documentos: DocumentosService,
    private readonly catalogos: CatalogosService,
    private readonly seguimiento: SeguimientoRepository,
    private readonly codigos: CodigosSeguimiento,
    private readonly cache: CacheService,
    private readonly firma: FirmaComprobante,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async pdf(actor: Actor, id: string): Promise<ComprobanteReply> {
    const c = await this.comprobante(actor, id);
    return { numeroExpediente: c.numeroExpediente, pdfBase64: c.pdf.toString('base64') };
  }

  async qr(actor: Actor, id: string): Promise<QrReply> {
    const c = await this.comprobante(actor, id);
    return { numeroExpediente: c.numeroExpediente, pngBase64: c.qr.toString('base64') };
  }

  /**
   * What the QR encodes: the web app's tracking page (PUBLIC_BASE_URL is where the web app is
   * served), with the code the citizen would type; the page reads the public API itself.
   */
  urlSeguimiento(numeroExpediente: string, codigo: string): string {
    const base = this.config.PUBLIC_BASE_URL.replace(/\/+$/, '');
    return `${base}/seguimiento/${encodeURIComponent(numeroExpediente)}?codigo=${normalizarCodigo(codigo)}`;
  }

  private async comprobante(actor: Actor, id: string): Promise<Comprobante> {
    // Reading the document checks the caller's office (404 for others) before anything is rendered.
    const doc = await this.documentos.obtener(actor, id);
    const [areas, tipos] = await Promise.all([this.catalogos.areas(), this.catalogos.tipos()]);
    const area = areas.find((a) => a.id === doc.areaActualId)?.nombre ?? null;
    const tipoDocumento = tipos.find((t) => t.id === doc.tipoDocumentoId)?.nombre ?? null;
    const impreso = [
      doc.id,
      doc.numeroExpediente,
      doc.fechaPresentacion,
      doc.fechaRecepcion,
      doc.fechaLimite,
      doc.numeroFolios,
      doc.asunto,
      doc.remitente,
      tipoDocumento,
      area,
      doc.updatedAt,
      this.config.PUBLIC_BASE_URL,
      this.firma.huella,
    ];
    const clave = createHash('sha256').update(JSON.stringify(impreso)).digest('base64url');
    return this.cache.getOrLoad(NS_COMPROBANTE, clave, 'pdf', async () => {
      const codigo = this.codigos.derivar(doc.id);
      // A code registered under another secret (TRACKING_CODE_SECRET rotated) cannot be
      // printed again; printing a code the public route refuses would be worse than none.
      const hash = await this.seguimiento.hashCodigo(doc.id);
      if (!hash || !codigoCoincide(codigo, hash)) {
        throw new DomainException(
          SeguimientoErrors.COMPROBANTE_NO_DISPONIBLE,
          409,
          'El código de seguimiento de este expediente no puede emitirse de nuevo',
        );
      }
      const url = this.urlSeguimiento(doc.numeroExpediente, codigo);
      const qr = await renderQr(url);
      const impresion = await renderComprobante(
        {
          numeroExpediente: doc.numeroExpediente,
          fechaPresentacion: doc.fechaPresentacion,
          fechaRecepcion: doc.fechaRecepcion,
          fechaLimite: doc.fechaLimite,
          numeroFolios: doc.numeroFolios,
          asunto: doc.asunto,
          remitente: doc.remitente,
          tipoDocumento,
          area,
          codigo,
          urlSeguimiento: url,
        },
        qr,
      );
      // Signed when rendered: the cached copy keeps that signing time.
      const pdf = await this.firma.firmar(impresion, new Date());
      return { numeroExpediente: doc.numeroExpediente, pdf, qr };
    });
  }
}
