import { setImmediate as pausa } from 'node:timers/promises';
import { promisify } from 'node:util';
import { inflate } from 'node:zlib';

const inflar = promisify(inflate);

/** All the object streams of one file together inflate to no more than this by default. */
export const INFLADO_MAXIMO_BYTES = 32 * 1024 * 1024;
/** Bytes scanned between two turns of the event loop (where the job's signal is read). */
const TRAMO_BYTES = 256 * 1024;

/** The file asks for more work than the counter allows (a decompression bomb): it is not counted. */
export class PdfFueraDeLimites extends Error {
  override name = 'PdfFueraDeLimites';
  readonly code = 'PDF_FUERA_DE_LIMITES';
}

export interface OpcionesConteo {
  /** The job's signal: the count stops with its reason at the next turn. */
  signal?: AbortSignal;
  infladoMaximoBytes?: number;
}

const TYPE = Buffer.from('/Type', 'latin1');
const STREAM = Buffer.from('stream', 'latin1');
const ENDSTREAM = Buffer.from('endstream', 'latin1');
const FLATE = Buffer.from('/FlateDecode', 'latin1');
const PAGE = Buffer.from('/Page', 'latin1');
const OBJSTM = Buffer.from('/ObjStm', 'latin1');

/** PDF white space: NUL, tab, LF, FF, CR, space. */
const esBlanco = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
const esLetra = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const hay = (b: Buffer, en: number, palabra: Buffer) => en + palabra.length <= b.length && b.subarray(en, en + palabra.length).equals(palabra);

/**
 * Turns of the event loop: `toca(posicion)` says (cheaply, without awaiting) when TRAMO_BYTES
 * more were scanned; `ceder()` then yields and stops when the signal has fired.
 */
class Turnos {
  private siguiente = TRAMO_BYTES;
  constructor(private readonly signal?: AbortSignal) {}

  toca(posicion: number): boolean {
    if (posicion < this.siguiente) return false;
    this.siguiente = posicion + TRAMO_BYTES;
    return true;
  }

  async ceder(): Promise<void> {
    await pausa();
    this.signal?.throwIfAborted();
  }
}

/**
 * `/Type /<nombre>` not followed by a letter (so `/Page` is not `/Pages`). Linear: each match
 * is found by indexOf from the end of the previous one, and the white space skipped after it
 * holds no other match.
 */
async function contarTipo(b: Buffer, nombre: Buffer, turnos: Turnos): Promise<number> {
  let n = 0;
  for (let i = b.indexOf(TYPE); i >= 0; i = b.indexOf(TYPE, i + TYPE.length)) {
    if (turnos.toca(i)) await turnos.ceder();
    let j = i + TYPE.length;
    while (j < b.length && esBlanco(b[j])) j++;
    if (hay(b, j, nombre) && !esLetra(b[j + nombre.length])) n++;
  }
  return n;
}

/** After a literal string `( … )`: nested parentheses balance, a backslash escapes one byte. */
function finDeCadena(b: Buffer, i: number): number {
  let prof = 0;
  for (; i < b.length; i++) {
    const c = b[i];
    if (c === 0x5c) i++;
    else if (c === 0x28) prof++;
    else if (c === 0x29 && --prof === 0) return i + 1;
  }
  return b.length;
}

/** Where a stream's data starts when `stream` and its end of line are at `i`, else -1. */
function inicioDeDatos(b: Buffer, i: number): number {
  if (!hay(b, i, STREAM)) return -1;
  const j = i + STREAM.length;
  if (b[j] === 0x0d && b[j + 1] === 0x0a) return j + 2;
  return b[j] === 0x0a ? j + 1 : -1;
}

/**
 * The data of each Flate-compressed object stream (`/Type /ObjStm`, PDF 1.5+), in one pass:
 * dictionary depth is a counter, strings, comments and stream data are skipped, and a
 * top-level dictionary followed by `stream` is that stream's. Every byte is read a bounded
 * number of times, whatever the input (the regex this replaces backtracked on each `<<`).
 */
async function* flujosDeObjetos(b: Buffer, turnos: Turnos): AsyncGenerator<Buffer> {
  let prof = 0;
  let inicioDict = 0;
  let i = 0;
  while (i < b.length) {
    if (turnos.toca(i)) await turnos.ceder();
    const c = b[i];
    if (c === 0x25) {
      // A comment, to the end of the line.
      const fin = b.indexOf(0x0a, i);
      i = fin < 0 ? b.length : fin + 1;
    } else if (c === 0x28) {
      i = finDeCadena(b, i);
    } else if (c === 0x3c && b[i + 1] === 0x3c) {
      if (prof++ === 0) inicioDict = i;
      i += 2;
    } else if (c === 0x3c) {
      // A hex string.
      const fin = b.indexOf(0x3e, i + 1);
      i = fin < 0 ? b.length : fin + 1;
    } else if (c === 0x3e && b[i + 1] === 0x3e) {
      i += 2;
      if (prof === 0 || --prof > 0) continue;
      const dict = b.subarray(inicioDict, i);
      while (i < b.length && esBlanco(b[i])) i++;
      const datos = inicioDeDatos(b, i);
      if (datos < 0) continue;
      const fin = b.indexOf(ENDSTREAM, datos);
      if (fin < 0) return;
      if (dict.includes(FLATE) && (await contarTipo(dict, OBJSTM, turnos)) > 0) yield b.subarray(datos, fin);
      i = fin + ENDSTREAM.length;
    } else {
      i++;
    }
  }
}

/**
 * Counts the pages of a PDF by its page objects, without a PDF library: the page dictionaries
 * written in the file, plus those inside compressed object streams, which are inflated and
 * searched the same way. Answers null when the bytes hold no page at all (not a PDF, or one
 * this simple reading does not understand).
 *
 * The bytes are untrusted (any AREA user uploads them), so the work is linear in their size,
 * yields to the event loop as it goes (the worker keeps serving, and the job's time limit stops
 * it through `signal`), and inflates at most `infladoMaximoBytes` in all: past that it refuses
 * with PdfFueraDeLimites, having allocated no more than the limit.
 */
export async function contarPaginasPdf(pdf: Buffer, opciones: OpcionesConteo = {}): Promise<number | null> {
  if (pdf.subarray(0, 1024).indexOf('%PDF-') < 0) return null;
  const turnos = new Turnos(opciones.signal);
  let restante = opciones.infladoMaximoBytes ?? INFLADO_MAXIMO_BYTES;
  let paginas = await contarTipo(pdf, PAGE, new Turnos(opciones.signal));
  for await (const datos of flujosDeObjetos(pdf, turnos)) {
    let objetos: Buffer;
    try {
      objetos = await inflar(datos, { maxOutputLength: Math.max(restante, 1) });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new PdfFueraDeLimites(`los flujos comprimidos del PDF superan ${opciones.infladoMaximoBytes ?? INFLADO_MAXIMO_BYTES} bytes`);
      }
      continue; // A damaged stream: count what can be read.
    }
    opciones.signal?.throwIfAborted();
    restante -= objetos.length;
    paginas += await contarTipo(objetos, PAGE, new Turnos(opciones.signal));
  }
  return paginas > 0 ? paginas : null;
}
