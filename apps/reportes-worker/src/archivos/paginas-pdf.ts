import { inflateSync } from 'node:zlib';

/** Page objects: `/Type /Page` but not `/Type /Pages` (the page tree's nodes). */
const PAGINA = /\/Type\s*\/Page(?![A-Za-z])/g;
const STREAM = /<<((?:(?!>>\s*stream)[\s\S])*)>>\s*stream\r?\n/g;

function contar(texto: string): number {
  return texto.match(PAGINA)?.length ?? 0;
}

/**
 * Counts the pages of a PDF by its page objects, without a PDF library: the page dictionaries
 * written in the file, plus those inside compressed object streams (`/Type /ObjStm`, PDF 1.5+),
 * which are inflated and searched the same way. Answers null when the bytes hold no page at
 * all (not a PDF, or one this simple reading does not understand).
 */
export function contarPaginasPdf(pdf: Buffer): number | null {
  if (pdf.subarray(0, 1024).indexOf('%PDF-') < 0) return null;
  const texto = pdf.toString('latin1');
  let paginas = contar(texto);
  for (const m of texto.matchAll(STREAM)) {
    const dict = m[1];
    if (!/\/Type\s*\/ObjStm/.test(dict) || !/\/FlateDecode/.test(dict)) continue;
    // The stream dictionary's own "/Type /ObjStm" is not a page; its content is searched below.
    const inicio = (m.index ?? 0) + m[0].length;
    const fin = texto.indexOf('endstream', inicio);
    if (fin < 0) continue;
    try {
      paginas += contar(inflateSync(pdf.subarray(inicio, fin)).toString('latin1'));
    } catch {
      try {
        // Some writers leave a line break before `endstream` that is not part of the data.
        paginas += contar(inflateSync(pdf.subarray(inicio, fin).subarray(0, -1)).toString('latin1'));
      } catch {
        // A damaged stream: count what can be read.
      }
    }
  }
  return paginas > 0 ? paginas : null;
}
