import PDFDocument from 'pdfkit';

/** A real PDF of `paginas` pages, made with pdfkit, for the page-count and attachment tests. */
export function pdfDePaginas(paginas: number): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4' });
  const partes: Buffer[] = [];
  doc.on('data', (b: Buffer) => partes.push(b));
  const fin = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(partes))));
  for (let i = 0; i < paginas; i++) {
    if (i > 0) doc.addPage();
    doc.text(`Anexo, folio ${i + 1}`);
  }
  doc.end();
  return fin;
}
