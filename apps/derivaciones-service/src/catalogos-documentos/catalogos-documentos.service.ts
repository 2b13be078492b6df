import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, BusClient } from '@mesa/shared/app';
import { CacheService } from '@mesa/shared/cache';
import type { AppConfig } from '@mesa/shared/config';
import {
  AreaDto,
  DocumentosPatterns,
  DocumentosTramitePatterns,
  FeriadoDto,
  FeriadosPage,
  ListarFeriadosRequest,
  Services,
} from '@mesa/shared/contracts';
import { anioLima, CalendarioLaboral, PlazoCalculator } from '@mesa/shared/domain';

const NS_CATALOGOS = 'derivaciones:catalogos';
/** Each process reuses an answer this long before asking the shared cache again (routing is a hot path). */
const VIGENCIA_LOCAL_MS = 30_000;

/**
 * What derivaciones reads of documentos-service's catalogs: the business-day calendar (as a
 * deadline calculator) and the offices.
 *
 * Why ask documentos over the bus and cache, rather than keep a copy fed by events: holidays
 * and offices are a few dozen rows that change a few times a year, and documentos publishes no
 * event when they change. A copy would need new events and a second table to keep in step; a
 * cached answer (TTL 'find', 5 min) costs one bus call per TTL per replica and is never more
 * than that stale, which a deadline counted in days tolerates. The cache is shared by the
 * replicas (Redis), and each process keeps its last answer for 30 s on top, so a routing does
 * not pay Redis round trips for it. When documentos does not answer, the last answer this process
 * got is used, so routing goes on while documentos is down (it catches up on the movements when
 * it returns).
 */
@Injectable()
export class CatalogosDocumentosService {
  private readonly ultimas = new Map<string, { valor: unknown; en: number }>();

  constructor(
    private readonly bus: BusClient,
    private readonly cache: CacheService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  plazos(): Promise<PlazoCalculator> {
    const ahora = anioLima(new Date());
    return this.conRespaldo(`plazos:${ahora}`, async () => {
      // Deadlines run weeks ahead and statistics look months back: last year to next year.
      const anios = [ahora - 1, ahora, ahora + 1];
      const feriados = (await Promise.all(anios.map((anio) => this.cargarFeriados(anio)))).flat();
      return new PlazoCalculator(new CalendarioLaboral(feriados), this.config.RECEPCION_HORA_CORTE);
    });
  }

  /** Active offices by id. */
  async areas(): Promise<Map<number, AreaDto>> {
    const areas = await this.conRespaldo('areas', () =>
      this.cache.getOrLoad(NS_CATALOGOS, 'areas', 'find', () =>
        this.bus.send<AreaDto[]>(Services.DOCUMENTOS, DocumentosPatterns.AREAS_LISTAR, {}),
      ),
    );
    return new Map(areas.filter((a) => a.activa).map((a) => [a.id, a]));
  }

  /** A fresh local answer, else a new one; the last one when loading fails. */
  private async conRespaldo<T>(clave: string, cargar: () => Promise<T>): Promise<T> {
    const ultima = this.ultimas.get(clave);
    if (ultima && Date.now() - ultima.en < VIGENCIA_LOCAL_MS) return ultima.valor as T;
    try {
      const valor = await cargar();
      this.ultimas.set(clave, { valor, en: Date.now() });
      return valor;
    } catch (err) {
      if (ultima) return ultima.valor as T;
      throw err;
    }
  }

  private cargarFeriados(anio: number): Promise<FeriadoDto[]> {
    return this.cache.getOrLoad(NS_CATALOGOS, `feriados:${anio}`, 'find', async () => {
      const todos: FeriadoDto[] = [];
      let cursor: string | undefined;
      do {
        const page = await this.bus.send<FeriadosPage, ListarFeriadosRequest>(
          Services.DOCUMENTOS,
          DocumentosTramitePatterns.FERIADOS_LISTAR,
          { anio, limit: 100, cursor },
        );
        todos.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return todos;
    });
  }
}
