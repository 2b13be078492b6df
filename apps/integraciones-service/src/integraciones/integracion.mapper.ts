import { Integracion } from '@mesa/db-entities';
import { IntegracionDto } from '@mesa/shared/contracts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** What the API shows of an integration: whether secrets exist, never the secrets. */
export function toIntegracionDto(i: Integracion): IntegracionDto {
  return {
    id: i.id,
    codigo: i.codigo,
    nombre: i.nombre,
    tipo: i.tipo,
    urlBase: i.urlBase,
    tipoAutenticacion: i.tipoAutenticacion,
    tieneCredenciales: i.credencialesCifradas !== null,
    mapeoCampos: i.mapeoCampos,
    eventos: i.eventos,
    activa: i.activa,
    estadoConexion: i.estadoConexion,
    ultimaSincronizacion: iso(i.ultimaSincronizacion),
    fechaUltimaPrueba: iso(i.fechaUltimaPrueba),
    tiempoRespuestaPruebaMs: i.tiempoRespuestaPruebaMs,
    timeoutMs: i.timeoutMs,
    maxReintentos: i.maxReintentos,
    reintentoBaseMs: i.reintentoBaseMs,
    umbralCircuito: i.umbralCircuito,
    esperaCircuitoMs: i.esperaCircuitoMs,
    limiteEntrantePorMinuto: i.limiteEntrantePorMinuto,
    fallosConsecutivos: i.fallosConsecutivos,
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
  };
}
