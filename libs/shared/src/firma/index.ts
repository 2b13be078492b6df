export { ALMACEN_VACIO, almacenDe, cargarAlmacen } from './almacen-confianza';
export type { AlmacenConfianza } from './almacen-confianza';
export { datosCertificado, FirmasFueraDeLimites, LIMITES_FIRMAS, verificarFirmasPdf } from './verificar-firmas';
export type { LimitesFirmas, OpcionesVerificacion } from './verificar-firmas';
