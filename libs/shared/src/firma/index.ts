export { almacenDe, cargarAlmacen } from './almacen-confianza';
export type { AlmacenConfianza } from './almacen-confianza';
export { FirmasFueraDeLimites, LIMITES_FIRMAS, verificarFirmasPdf } from './verificar-firmas';
export { firmarPdf, leerP12 } from './firmar';
export type { Credencial } from './firmar';
