import { deflateSync } from 'node:zlib';
import { pdfDePaginas } from '../../test/pdf';
import { contarPaginasPdf } from './paginas-pdf';

describe('contarPaginasPdf', () => {
  it.each([1, 3, 12])('counts the %i pages of a pdfkit document', async (n) => {
    expect(contarPaginasPdf(await pdfDePaginas(n))).toBe(n);
  });

  it('counts pages kept in a compressed object stream (PDF 1.5)', () => {
    const objetos = deflateSync(Buffer.from('3 0 4 60 << /Type /Page /Parent 2 0 R >> << /Type/Page /Parent 2 0 R >>', 'latin1'));
    const pdf = Buffer.concat([
      Buffer.from('%PDF-1.5\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >> endobj\n', 'latin1'),
      Buffer.from(`5 0 obj << /Type /ObjStm /N 2 /First 8 /Length ${objetos.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'),
      objetos,
      Buffer.from('\nendstream\nendobj\n%%EOF\n', 'latin1'),
    ]);
    expect(contarPaginasPdf(pdf)).toBe(2);
  });

  it('answers null for bytes that are not a PDF', () => {
    expect(contarPaginasPdf(Buffer.from('hola, esto no es un PDF /Type /Page'))).toBeNull();
  });
});
