import { deflateSync } from 'node:zlib';
import { pdfDePaginas } from '../../test/pdf';
import { contarPaginasPdf, INFLADO_MAXIMO_BYTES, PdfFueraDeLimites } from './paginas-pdf';

/** A PDF 1.5 whose page objects live in Flate object streams, one per entry of `contenidos`. */
function pdfConFlujos(contenidos: Buffer[], { eol = '\n', extraDict = '' } = {}): Buffer {
  const partes = [
    Buffer.from('%PDF-1.5\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >> endobj\n', 'latin1'),
  ];
  contenidos.forEach((c, n) => {
    const datos = deflateSync(c);
    partes.push(
      Buffer.from(`${5 + n} 0 obj << /Type /ObjStm /N 2 /First 8 /Length ${datos.length} /Filter /FlateDecode${extraDict} >>\nstream${eol}`, 'latin1'),
      datos,
      Buffer.from('\nendstream\nendobj\n', 'latin1'),
    );
  });
  partes.push(Buffer.from('%%EOF\n', 'latin1'));
  return Buffer.concat(partes);
}

const DOS_PAGINAS = Buffer.from('3 0 4 60 << /Type /Page /Parent 2 0 R >> << /Type/Page /Parent 2 0 R >>', 'latin1');
const MB = 1024 * 1024;

describe('contarPaginasPdf', () => {
  it.each([1, 3, 12])('counts the %i pages of a pdfkit document', async (n) => {
    expect(await contarPaginasPdf(await pdfDePaginas(n))).toBe(n);
  });

  it('counts pages kept in a compressed object stream (PDF 1.5)', async () => {
    expect(await contarPaginasPdf(pdfConFlujos([DOS_PAGINAS]))).toBe(2);
  });

  it('reads object streams after CRLF, with nested dictionaries and strings holding >> in their dictionary', async () => {
    const pdf = pdfConFlujos([DOS_PAGINAS, DOS_PAGINAS], { eol: '\r\n', extraDict: ' /DecodeParms << /Columns 4 >> /Nota (a >> b \\) c) /Id <AB>' });
    expect(await contarPaginasPdf(pdf)).toBe(4);
  });

  it('answers null for bytes that are not a PDF', async () => {
    expect(await contarPaginasPdf(Buffer.from('hola, esto no es un PDF /Type /Page'))).toBeNull();
  });

  // The first was 2 s for 40 KB with the regex it replaces (quadratic): at 4 MB it would not finish.
  it.each([
    ['repeated <<', '<<'],
    ['repeated stream dictionaries with no endstream', '<< /Type /ObjStm /Filter /FlateDecode >>\nstream\n'],
    ['repeated empty streams', '<<>>stream\nendstream '],
    ['repeated /Type', '/Type '],
    ['unclosed strings', '('],
    ['hex strings', '<A'],
  ])('finishes on 4 MB of %s after %%PDF-', async (_nombre, patron) => {
    const pdf = Buffer.from(`%PDF-1.7\n${patron.repeat(Math.ceil((4 * MB) / patron.length))}`, 'latin1');
    expect(await contarPaginasPdf(pdf)).toBeNull();
  });

  it('lets other work run while it counts (the event loop is not held)', async () => {
    const pdf = Buffer.from(`%PDF-1.7\n${'<<'.repeat(2 * MB)}`, 'latin1');
    let otraTarea = false;
    const conteo = contarPaginasPdf(pdf).then(() => otraTarea);
    setImmediate(() => (otraTarea = true));
    expect(await conteo).toBe(true);
  });

  it('stops with the reason of its signal (the job time limit) while counting', async () => {
    const pdf = Buffer.from(`%PDF-1.7\n${'<<'.repeat(2 * MB)}`, 'latin1');
    const limite = new AbortController();
    const conteo = contarPaginasPdf(pdf, { signal: limite.signal });
    setImmediate(() => limite.abort(new Error('tiempo límite de 1 ms excedido')));
    await expect(conteo).rejects.toThrow('tiempo límite de 1 ms excedido');
  });

  it('refuses a decompression bomb instead of inflating it', async () => {
    // 64 MB of output from some 64 KB in the file: twice the default limit.
    const bomba = Buffer.concat([DOS_PAGINAS, Buffer.alloc(2 * INFLADO_MAXIMO_BYTES)]);
    const pdf = pdfConFlujos([bomba]);
    expect(pdf.length).toBeLessThan(MB);
    await expect(contarPaginasPdf(pdf)).rejects.toThrow(PdfFueraDeLimites);
  });

  it('counts the limit over all the object streams of the file, not per stream', async () => {
    const flujo = Buffer.concat([DOS_PAGINAS, Buffer.alloc(3 * MB)]);
    expect(await contarPaginasPdf(pdfConFlujos([flujo, flujo]), { infladoMaximoBytes: 7 * MB })).toBe(4);
    await expect(contarPaginasPdf(pdfConFlujos([flujo, flujo, flujo]), { infladoMaximoBytes: 7 * MB })).rejects.toThrow(PdfFueraDeLimites);
  });
});
