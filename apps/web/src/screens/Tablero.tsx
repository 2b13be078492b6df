import { useEffect, useState } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { nombreArea, useCatalogos } from '../catalogos';
import { Barras } from '../components/Barras';
import { Cargando, ErrorMessage } from '../components/ui';
import { ESTADO_DOCUMENTO } from '../format';

type Estadisticas = Schemas['EstadisticasSchema'];

const MES = new Intl.DateTimeFormat('es-PE', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** Counts by state, office and month, and what is overdue, for the period chosen. */
export function Tablero() {
  const { areas } = useCatalogos();
  const hoy = new Date().toISOString().slice(0, 10);
  const [desde, setDesde] = useState(`${new Date().getUTCFullYear()}-01-01`);
  const [hasta, setHasta] = useState(hoy);
  const [data, setData] = useState<Estadisticas | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    setError(null);
    ok(api.GET('/api/v1/documentos/estadisticas', { params: { query: { fechaDesde: desde || undefined, fechaHasta: hasta || undefined } } })).then(setData, setError);
  }, [desde, hasta]);

  const porMes = new Map<string, number>();
  for (const d of data?.porDia ?? []) porMes.set(d.fecha.slice(0, 7), (porMes.get(d.fecha.slice(0, 7)) ?? 0) + d.total);

  return (
    <section aria-labelledby="titulo-tablero">
      <h1 id="titulo-tablero">Tablero</h1>
      <form className="filtros" aria-label="Periodo" onSubmit={(e) => e.preventDefault()}>
        <label>
          Desde <input type="date" value={desde} max={hasta} onChange={(e) => setDesde(e.target.value)} />
        </label>
        <label>
          Hasta <input type="date" value={hasta} min={desde} onChange={(e) => setHasta(e.target.value)} />
        </label>
      </form>
      <ErrorMessage error={error} />
      {!data && !error && <Cargando />}
      {data && (
        <>
          <div className="cifras">
            <p className="card">
              <span className="cifra" data-testid="total">{data.total.toLocaleString('es-PE')}</span> documentos
            </p>
            <p className="card alerta">
              <span className="cifra" data-testid="vencidos">{data.vencidos.toLocaleString('es-PE')}</span> vencidos
            </p>
            <p className="card">
              <span className="cifra">{data.porVencer.toLocaleString('es-PE')}</span> por vencer
            </p>
          </div>
          <div className="columns">
            <Barras titulo="Documentos por estado" filas={data.porEstado.map((e) => ({ etiqueta: ESTADO_DOCUMENTO[e.clave] ?? e.clave, valor: e.total }))} />
            <Barras titulo="Documentos por oficina" filas={data.porArea.map((a) => ({ etiqueta: nombreArea(areas, a.clave), valor: a.total }))} />
            <Barras
              titulo="Documentos por mes"
              filas={[...porMes].sort(([a], [b]) => a.localeCompare(b)).map(([mes, total]) => ({ etiqueta: MES.format(new Date(`${mes}-01T00:00:00Z`)), valor: total }))}
            />
            <Barras
              titulo="Plazos"
              filas={[
                { etiqueta: 'Vencidos', valor: data.vencidos, alerta: true },
                { etiqueta: 'Por vencer', valor: data.porVencer },
              ]}
            />
          </div>
        </>
      )}
    </section>
  );
}
