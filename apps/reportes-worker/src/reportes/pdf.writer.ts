import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import type { Cifra, Columna } from './vistas-reportes.queries';
import { texto } from './celdas.format';

export interface InformePdf {
  titulo: string;
  generadoEn: Date;
  /** One line per filter applied. */
  filtros: string[];
  resumen: Cifra[];
  medida: string;
  porArea: Cifra[];
  porDia: Cifra[];
  /** Reports of one row per office list their rows in full. */
  detalle?: { columnas: Columna[]; filas: Record<string, unknown>[] };
}

const MARGEN = 40;
const FILA = 15;
/** Bars a per-day chart draws; longer periods show their latest days (the table lists every day). */
const MAX_BARRAS_DIA = 62;
const COLOR_BARRA = '#2f6690';

type Doc = PDFKit.PDFDocument;

/**
 * A PDF report: a summary page, the per-office figures (table and horizontal bar chart) and
 * the per-day figures (vertical bar chart and table), each section on its own page, plus the
 * detail for reports with one row per office. Charts are drawn with pdfkit's own rectangles and
 * lines: no chart library, no raster images.
 */
export function escribirInformePdf(inf: InformePdf, salida: Writable): void {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGEN,
    info: { Title: inf.titulo, Author: 'Mesa de Partes', CreationDate: inf.generadoEn },
  });
  doc.pipe(salida);

  doc.font('Helvetica-Bold').fontSize(18).text(inf.titulo);
  doc.moveDown(0.3).font('Helvetica').fontSize(9).fillColor('#555555');
  doc.text(`Generado: ${texto({ clave: '', titulo: '', tipo: 'fecha', ancho: 1 }, inf.generadoEn)} (hora de Lima)`);
  for (const f of inf.filtros) doc.text(f);
  doc.fillColor('black').moveDown(1);
  seccion(doc, 'Resumen');
  tablaCifras(doc, ['Concepto', 'Valor'], inf.resumen);

  doc.addPage();
  seccion(doc, `${inf.medida} por área`);
  barrasHorizontales(doc, inf.porArea);
  tablaCifras(doc, ['Área', inf.medida], inf.porArea);

  doc.addPage();
  seccion(doc, `${inf.medida} por día`);
  const dias = inf.porDia.slice(-MAX_BARRAS_DIA);
  if (dias.length < inf.porDia.length) nota(doc, `El gráfico muestra los últimos ${MAX_BARRAS_DIA} días; la tabla, todos.`);
  barrasVerticales(doc, dias);
  tablaCifras(doc, ['Día', inf.medida], inf.porDia);

  const detalle = inf.detalle;
  if (detalle) {
    doc.addPage();
    seccion(doc, 'Detalle');
    tabla(
      doc,
      detalle.columnas.map((c) => c.titulo),
      detalle.columnas.map((c) => c.ancho),
      detalle.filas.map((r) => detalle.columnas.map((c) => texto(c, r[c.clave]))),
    );
  }
  doc.end();
}

function seccion(doc: Doc, titulo: string): void {
  doc.font('Helvetica-Bold').fontSize(13).fillColor('black').text(titulo, MARGEN, doc.y);
  doc.moveDown(0.5);
}

function nota(doc: Doc, t: string): void {
  doc.font('Helvetica-Oblique').fontSize(8).fillColor('#555555').text(t, MARGEN, doc.y).fillColor('black');
  doc.moveDown(0.3);
}

function numero(v: number): string {
  return Number.isInteger(v) ? v.toLocaleString('es-PE') : v.toLocaleString('es-PE', { maximumFractionDigits: 1 });
}

function tablaCifras(doc: Doc, encabezado: [string, string], cifras: Cifra[]): void {
  if (!cifras.length) return nota(doc, 'Sin datos en el periodo.');
  tabla(doc, encabezado, [3, 1], cifras.map((c) => [c.etiqueta, numero(c.valor)]), [false, true]);
}

/** A table that continues on new pages, repeating its header. */
function tabla(doc: Doc, encabezado: string[], anchos: number[], filas: string[][], derecha: boolean[] = []): void {
  const ancho = doc.page.width - 2 * MARGEN;
  const suma = anchos.reduce((a, b) => a + b, 0);
  const xs: number[] = [];
  let x = MARGEN;
  const ws = anchos.map((a) => (a / suma) * ancho);
  for (const w of ws) {
    xs.push(x);
    x += w;
  }
  const limite = () => doc.page.height - MARGEN - FILA;
  const fila = (valores: string[], cabecera: boolean) => {
    if (doc.y > limite()) doc.addPage();
    const y = doc.y;
    if (cabecera) doc.rect(MARGEN, y, ancho, FILA).fill('#e4e9ef');
    doc.fillColor('black').font(cabecera ? 'Helvetica-Bold' : 'Helvetica').fontSize(8);
    valores.forEach((v, i) => {
      doc.text(v, xs[i] + 3, y + 4, { width: ws[i] - 6, height: FILA - 4, lineBreak: false, ellipsis: true, align: derecha[i] ? 'right' : 'left' });
    });
    doc.moveTo(MARGEN, y + FILA).lineTo(MARGEN + ancho, y + FILA).lineWidth(0.3).strokeColor('#b0b8c0').stroke();
    doc.x = MARGEN;
    doc.y = y + FILA;
  };
  fila(encabezado, true);
  for (const f of filas) {
    if (doc.y > limite()) {
      doc.addPage();
      fila(encabezado, true);
    }
    fila(f, false);
  }
  doc.moveDown(1);
}

/** One bar per office, label on the left and the figure after the bar. */
function barrasHorizontales(doc: Doc, cifras: Cifra[]): void {
  if (!cifras.length) return;
  const alto = 12;
  const etiqueta = 150;
  const ancho = doc.page.width - 2 * MARGEN - etiqueta - 50;
  const max = Math.max(...cifras.map((c) => c.valor), 0) || 1;
  let y = doc.y;
  for (const c of cifras) {
    if (y + alto > doc.page.height - MARGEN) {
      doc.addPage();
      y = doc.y;
    }
    doc.font('Helvetica').fontSize(7).fillColor('black').text(c.etiqueta, MARGEN, y + 2, { width: etiqueta - 6, lineBreak: false, ellipsis: true });
    const w = (c.valor / max) * ancho;
    if (w > 0) doc.rect(MARGEN + etiqueta, y + 1, w, alto - 2).fill(COLOR_BARRA);
    doc.fillColor('black').text(numero(c.valor), MARGEN + etiqueta + w + 4, y + 2, { lineBreak: false });
    y += alto;
  }
  doc.x = MARGEN;
  doc.y = y + 12;
}

/** One bar per day over a baseline, with the scale's top figure and a few dates under the axis. */
function barrasVerticales(doc: Doc, cifras: Cifra[]): void {
  if (!cifras.length) return;
  const alto = 180;
  const ancho = doc.page.width - 2 * MARGEN - 30;
  const x0 = MARGEN + 30;
  const y0 = doc.y + 10;
  const base = y0 + alto;
  const max = Math.max(...cifras.map((c) => c.valor), 0) || 1;
  const paso = ancho / cifras.length;
  doc.moveTo(x0, y0).lineTo(x0, base).lineTo(x0 + ancho, base).lineWidth(0.5).strokeColor('#333333').stroke();
  doc.font('Helvetica').fontSize(7).fillColor('black').text(numero(max), MARGEN, y0 - 3, { width: 26, align: 'right', lineBreak: false });
  doc.text('0', MARGEN, base - 4, { width: 26, align: 'right', lineBreak: false });
  const cadaCuantas = Math.ceil(cifras.length / 10);
  cifras.forEach((c, i) => {
    const h = (c.valor / max) * alto;
    const x = x0 + i * paso + paso * 0.15;
    if (h > 0) doc.rect(x, base - h, paso * 0.7, h).fill(COLOR_BARRA);
    if (i % cadaCuantas === 0) {
      doc.fillColor('black').fontSize(6).text(c.etiqueta.slice(5), x - 4, base + 3, { width: paso * cadaCuantas, lineBreak: false });
    }
  });
  doc.x = MARGEN;
  doc.y = base + 20;
}
