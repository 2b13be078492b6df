export { ALMACEN_VACIO, almacenDe, cargarAlmacen } from './almacen-confianza';
export type { AlmacenConfianza } from './almacen-confianza';
export { datosCertificado, FirmasFueraDeLimites, LIMITES_FIRMAS, verificarFirmasPdf } from './verificar-firmas';
export type { LimitesFirmas, OpcionesVerificacion } from './verificar-firmas';
export { cmsDesprendido, firmarPdf, leerP12, P12Invalido, SignerDe } from './firmar';
export type { Credencial, OpcionesCms, OpcionesFirmaPdf } from './firmar';
