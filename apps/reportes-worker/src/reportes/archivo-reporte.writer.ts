import { once } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { FiltrosReporte, FormatoReporte, TipoReporte } from '@mesa/shared/contracts';
import { Storage } from '@mesa/shared/storage';
import type { Ejecucion } from '../jobs/ejecucion-abortable';
import { celda, lineaCsv, texto, Totales } from './celdas.format';
import { Cifra, FUENTES, FuenteReporte, Sentencia } from './vistas-reportes.queries';
import { VistasReportesRepository } from './vistas-reportes.repository';
import { escribirInformePdf } from './pdf.writer';

/** Rows between two checkpoints (time limit, cancel flag, progress). */
const FILAS_POR_CONTROL = 1000;

export interface PedidoReporte {
  id: string;
  tipo: TipoReporte;
  formato: FormatoReporte;
  filtros: FiltrosReporte;
}

export interface ReporteGenerado {
  storageKey: string;
  tamano: number;
  filas: number;
}

export const claveReporte = (id: string, formato: FormatoReporte) => `reportes/${id}.${formato}`;

/**
 * Writes one report into Storage as it is read: rows stream from a cursor into exceljs's
 * streaming writer (or CSV lines) and on into the file, so memory does not grow with the row
 * count. The file appears only when complete (Storage renames it into place); an aborted report
 * leaves nothing behind.
 */
@Injectable()
export class GeneradorReportes {
  constructor(
    private readonly vistas: VistasReportesRepository,
    private readonly storage: Storage,
  ) {}

  async generar(p: PedidoReporte, e: Ejecucion, limiteMs: number, progreso: (pct: number) => Promise<void>): Promise<ReporteGenerado> {
    const fuente = FUENTES[p.tipo];
    const storageKey = claveReporte(p.id, p.formato);
    const salida = new PassThrough();
    // Storage listens only once its directories exist. A query that fails before then destroys
    // the stream with its error, which unheard was an 'error' event that killed the worker; the
    // catch below throws that error.
    salida.on('error', () => undefined);
    const guardado = this.storage.put(storageKey, salida);
    guardado.catch(() => undefined);
    try {
      const filas =
        p.formato === 'pdf'
          ? await this.pdf(fuente, p.filtros, salida, e, limiteMs, progreso)
          : await this.tabular(fuente, p, salida, e, limiteMs, progreso);
      const stored = await guardado;
      return { storageKey, tamano: stored.size, filas };
    } catch (err) {
      salida.destroy(err as Error);
      await guardado.catch(() => undefined);
      await this.storage.delete(storageKey);
      throw e.motivo() ?? err;
    }
  }

  /** xlsx and csv: every row of the report. */
  private async tabular(
    fuente: FuenteReporte,
    p: PedidoReporte,
    salida: PassThrough,
    e: Ejecucion,
    limiteMs: number,
    progreso: (pct: number) => Promise<void>,
  ): Promise<number> {
    const filasSql = fuente.filas(p.filtros);
    const [{ total }] = await this.vistas.consultar<{ total: number }>('count_rows', contar(filasSql), limiteMs);
    const escritor = p.formato === 'csv' ? new EscritorCsv(fuente, salida) : new EscritorExcel(fuente, salida);
    const totales = new Totales(fuente.columnas, fuente.agruparPor);
    let desdeControl = 0;
    const n = await this.vistas.recorrer(filasSql, limiteMs, e.signal, async (row) => {
      escritor.fila(row);
      totales.agregar(row);
      if (++desdeControl >= FILAS_POR_CONTROL) {
        desdeControl = 0;
        await escritor.drenar();
        await e.checkpoint();
        await progreso(Math.min(99, Math.floor((totales.filas / Math.max(1, total)) * 100)));
      }
    });
    await e.checkpoint();
    await escritor.cerrar(totales);
    return n;
  }

  /** pdf: the summary, per-office and per-day figures from aggregate queries, and the rows of small reports. */
  private async pdf(
    fuente: FuenteReporte,
    filtros: FiltrosReporte,
    salida: PassThrough,
    e: Ejecucion,
    limiteMs: number,
    progreso: (pct: number) => Promise<void>,
  ): Promise<number> {
    const q = (op: string, s: Sentencia) => this.vistas.consultar<Cifra>(op, s, limiteMs);
    const filasSql = fuente.filas(filtros);
    const [{ total }] = await this.vistas.consultar<{ total: number }>('count_rows', contar(filasSql), limiteMs);
    await e.checkpoint();
    const grupos = fuente.agruparPor ? await q('summary_groups', agrupar(filasSql, fuente.agruparPor)) : [];
    const sumas = fuente.columnas.filter((c) => c.sumar);
    const totalesSumas = sumas.length ? (await this.vistas.consultar<Record<string, number>>('summary_sums', sumar(filasSql, sumas.map((c) => c.clave)), limiteMs))[0] : {};
    await progreso(25);
    await e.checkpoint();
    const porArea = await q('per_office', fuente.porArea(filtros));
    await progreso(50);
    await e.checkpoint();
    const porDia = await q('per_day', fuente.porDia(filtros));
    await progreso(75);
    await e.checkpoint();
    const detalle = fuente.detalleEnPdf ? await this.vistas.consultar<Record<string, unknown>>('detail_rows', filasSql, limiteMs) : undefined;
    await e.checkpoint();
    escribirInformePdf(
      {
        titulo: fuente.titulo,
        generadoEn: new Date(),
        filtros: describirFiltros(filtros),
        resumen: [
          { etiqueta: 'Filas', valor: Number(total) },
          ...grupos.map((g) => ({ etiqueta: `${etiquetaGrupo(fuente)}: ${g.etiqueta}`, valor: Number(g.valor) })),
          ...sumas.map((c) => ({ etiqueta: `Total ${c.titulo.toLowerCase()}`, valor: Number(totalesSumas[c.clave] ?? 0) })),
        ],
        medida: fuente.medida,
        porArea: porArea.map((c) => ({ etiqueta: c.etiqueta, valor: Number(c.valor) })),
        porDia: porDia.map((c) => ({ etiqueta: c.etiqueta, valor: Number(c.valor) })),
        detalle: detalle ? { columnas: fuente.columnas, filas: detalle } : undefined,
      },
      salida,
    );
    return Number(total);
  }
}

const contar = (s: Sentencia): Sentencia => ({ sql: `SELECT count(*)::int AS total FROM (${s.sql}) r`, params: s.params });
const agrupar = (s: Sentencia, columna: string): Sentencia => ({
  sql: `SELECT coalesce(r.${columna}::text, '—') AS etiqueta, count(*)::float8 AS valor FROM (${s.sql}) r GROUP BY 1 ORDER BY 1`,
  params: s.params,
});
const sumar = (s: Sentencia, columnas: string[]): Sentencia => ({
  sql: `SELECT ${columnas.map((c) => `coalesce(sum(r.${c}), 0)::float8 AS ${c}`).join(', ')} FROM (${s.sql}) r`,
  params: s.params,
});

const etiquetaGrupo = (f: FuenteReporte) => f.columnas.find((c) => c.clave === f.agruparPor)?.titulo ?? 'Grupo';

function describirFiltros(f: FiltrosReporte): string[] {
  const lineas: string[] = [];
  if (f.desde || f.hasta) lineas.push(`Periodo: ${f.desde ?? 'inicio'} a ${f.hasta ?? 'hoy'}`);
  if (f.areaId !== undefined) lineas.push(`Área: ${f.areaId}`);
  if (f.estado) lineas.push(`Estado: ${f.estado}`);
  if (f.tipoDocumentoId !== undefined) lineas.push(`Tipo de documento: ${f.tipoDocumentoId}`);
  if (f.prioridad) lineas.push(`Prioridad: ${f.prioridad}`);
  return lineas.length ? lineas : ['Sin filtros'];
}

interface EscritorTabular {
  fila(row: Record<string, unknown>): void;
  /** Waits while the file's writer is behind, so rows do not pile up in memory. */
  drenar(): Promise<void>;
  cerrar(totales: Totales): Promise<void>;
}

/** exceljs's streaming WorkbookWriter: each committed row is zipped out and forgotten. */
class EscritorExcel implements EscritorTabular {
  private readonly libro: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly hoja: ExcelJS.Worksheet;

  constructor(
    private readonly fuente: FuenteReporte,
    private readonly salida: Writable,
  ) {
    this.libro = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: salida, useStyles: true, useSharedStrings: false });
    this.hoja = this.libro.addWorksheet('Datos', { views: [{ state: 'frozen', ySplit: 1 }] });
    this.hoja.columns = fuente.columnas.map((c) => ({
      key: c.clave,
      width: c.ancho,
      style: c.tipo === 'fecha' ? { numFmt: 'yyyy-mm-dd hh:mm' } : {},
    }));
    const cabecera = this.hoja.addRow(fuente.columnas.map((c) => c.titulo));
    cabecera.font = { bold: true };
    cabecera.commit();
  }

  fila(row: Record<string, unknown>): void {
    this.hoja.addRow(this.fuente.columnas.map((c) => celda(c, row[c.clave]))).commit();
  }

  drenar(): Promise<void> {
    return esperarDrenado(this.salida);
  }

  async cerrar(t: Totales): Promise<void> {
    this.hoja.commit();
    const resumen = this.libro.addWorksheet('Resumen');
    resumen.columns = [{ width: 36 }, { width: 14 }];
    resumen.addRow([this.fuente.titulo]).commit();
    resumen.addRow(['Filas', t.filas]).commit();
    if (t.grupos.size) {
      const titulo = this.fuente.columnas.find((c) => c.clave === this.fuente.agruparPor)?.titulo ?? 'Grupo';
      for (const [clave, n] of [...t.grupos].sort(([a], [b]) => a.localeCompare(b))) resumen.addRow([`${titulo}: ${clave}`, n]).commit();
    }
    for (const c of this.fuente.columnas.filter((x) => x.sumar)) resumen.addRow([`Total ${c.titulo.toLowerCase()}`, t.sumas.get(c.clave) ?? 0]).commit();
    resumen.commit();
    await this.libro.commit();
  }
}

/** CSV with a byte order mark (spreadsheets then read the accents right); no summary, one table. */
class EscritorCsv implements EscritorTabular {
  constructor(
    private readonly fuente: FuenteReporte,
    private readonly salida: Writable,
  ) {
    salida.write(`\uFEFF${lineaCsv(fuente.columnas.map((c) => c.titulo))}`);
  }

  fila(row: Record<string, unknown>): void {
    this.salida.write(lineaCsv(this.fuente.columnas.map((c) => texto(c, row[c.clave]))));
  }

  drenar(): Promise<void> {
    return esperarDrenado(this.salida);
  }

  async cerrar(): Promise<void> {
    this.salida.end();
  }
}

async function esperarDrenado(s: Writable): Promise<void> {
  if (s.writableNeedDrain) await once(s, 'drain');
}
