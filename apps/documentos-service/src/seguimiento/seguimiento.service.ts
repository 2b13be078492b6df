import { Injectable } from '@nestjs/common';
import { EstadoDocumento, MovimientoPublico, SeguimientoErrors, SeguimientoPublico, SeguimientoRequest } from '@mesa/shared/contracts';
import { codigoCoincide, esCodigoSeguimiento } from '@mesa/shared/domain';
import { notFound } from '@mesa/shared/errors';
import { CatalogosService } from '../catalogos/catalogos.service';
import { SeguimientoRepository } from './seguimiento.repository';

const NUMERO_EXPEDIENTE = /^EXP-\d{4}-\d{6}$/;
/** Compared against when there is no case, so an unknown case costs what a wrong code costs. */
const HASH_DE_NADIE = '0'.repeat(64);

/** The citizens' tracking: case number plus the receipt's code, answering public facts only. */
@Injectable()
export class SeguimientoService {
  constructor(
    private readonly repo: SeguimientoRepository,
    private readonly catalogos: CatalogosService,
  ) {}

  async consultar(req: SeguimientoRequest): Promise<SeguimientoPublico> {
    const numero = String(req.numeroExpediente ?? '').toUpperCase();
    const codigo = String(req.codigo ?? '');
    const doc = NUMERO_EXPEDIENTE.test(numero) ? await this.repo.porNumero(numero) : null;
    const coincide = codigoCoincide(codigo, doc?.codigo_seguimiento_hash ?? HASH_DE_NADIE);
    // One answer for an unknown case, a malformed code and a wrong one.
    if (!doc || !coincide || !esCodigoSeguimiento(codigo)) {
      throw notFound(SeguimientoErrors.SEGUIMIENTO_NOT_FOUND, 'No hay un expediente con ese número y código de seguimiento');
    }
    const [filas, areas] = await Promise.all([this.repo.movimientos(doc.id), this.catalogos.areas()]);
    const nombre = new Map(areas.map((a) => [a.id, a.nombre]));
    const area = (id: number | null) => (id === null ? null : (nombre.get(id) ?? null));
    // A change of state alone leaves the case where it was: each movement names the office it is in.
    let areaVigente: number | null = null;
    const movimientos: MovimientoPublico[] = filas.map((f) => {
      if (!f.cambia_estado || f.area_id !== null) areaVigente = f.area_id;
      return {
        fecha: new Date(f.created_at).toISOString(),
        evento: f.accion === 'REGISTRO' ? 'REGISTRADO' : f.cambia_estado ? 'CAMBIO_ESTADO' : 'CAMBIO_AREA',
        estado: (f.estado as EstadoDocumento | null) ?? null,
        area: area(areaVigente),
      };
    });
    return {
      numeroExpediente: numero,
      estado: doc.estado as EstadoDocumento,
      areaActual: area(doc.area_actual_id),
      fechaRecepcion: new Date(doc.fecha_recepcion).toISOString(),
      fechaLimite: doc.fecha_limite ? new Date(doc.fecha_limite).toISOString() : null,
      movimientos,
    };
  }
}
