import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { formatearCodigo } from '@mesa/shared/domain';

export interface DatosComprobante {
  numeroExpediente: string;
  fechaPresentacion: string;
  fechaRecepcion: string;
  fechaLimite: string | null;
  numeroFolios: number;
  asunto: string;
  remitente: string;
  tipoDocumento: string | null;
  area: string | null;
  codigo: string;
  urlSeguimiento: string;
}

const hora = new Intl.DateTimeFormat('es-PE', {
  timeZone: 'America/Lima',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const dia = new Intl.DateTimeFormat('es-PE', { timeZone: 'America/Lima', day: '2-digit', month: '2-digit', year: 'numeric' });

/**
 * The QR as a grayscale PNG without alpha: such a PNG is embedded by pdfkit as its own
 * compressed data, so the receipt carries exactly these bytes.
 */
export function renderQr(url: string): Promise<Buffer> {
  return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6, rendererOpts: { colorType: 0 } } as QRCode.QRCodeToBufferOptions);
}

/** The receipt (cargo de recepción): legal time in Lima, the case's facts, the code and its QR. */
export function renderComprobante(d: DatosComprobante, qr: Buffer): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    // Dated by the filing, not the rendering: the same document always gives the same bytes.
    info: { Title: `Cargo de recepción ${d.numeroExpediente}`, Subject: d.numeroExpediente, CreationDate: new Date(d.fechaPresentacion) },
  });
  const partes: Buffer[] = [];
  doc.on('data', (b: Buffer) => partes.push(b));
  const fin = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(partes)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(16).text('CARGO DE RECEPCIÓN', { align: 'center' });
  doc.moveDown(0.3).font('Helvetica').fontSize(10).text('Mesa de Partes', { align: 'center' });
  doc.moveDown(1.2).font('Helvetica-Bold').fontSize(14).text(`Expediente ${d.numeroExpediente}`);
  doc.moveDown(0.6).fontSize(10);
  const campo = (etiqueta: string, valor: string) => {
    doc.font('Helvetica-Bold').text(`${etiqueta}: `, { continued: true }).font('Helvetica').text(valor);
    doc.moveDown(0.25);
  };
  campo('Recepción legal', hora.format(new Date(d.fechaRecepcion)));
  campo('Presentado el', hora.format(new Date(d.fechaPresentacion)));
  if (d.fechaLimite) campo('Plazo de atención hasta', dia.format(new Date(d.fechaLimite)));
  if (d.tipoDocumento) campo('Tipo de documento', d.tipoDocumento);
  campo('Folios', String(d.numeroFolios));
  campo('Asunto', d.asunto);
  campo('Remitente', d.remitente);
  campo('Área', d.area ?? 'Mesa de Partes');

  doc.moveDown(1).font('Helvetica-Bold').fontSize(11).text('Seguimiento en línea');
  doc.font('Helvetica').fontSize(10).text('Consulte el estado con el número de expediente y este código de seguimiento, o escanee el código QR:');
  doc.moveDown(0.3).font('Courier-Bold').fontSize(14).text(formatearCodigo(d.codigo));
  doc.moveDown(0.5).image(qr, { width: 150 });
  doc.moveDown(0.3).font('Helvetica').fontSize(8).text(d.urlSeguimiento, { link: d.urlSeguimiento });
  doc.end();
  return fin;
}
