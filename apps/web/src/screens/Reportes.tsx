import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { api, download, newKey, ok, type Schemas } from '../api/client';
import { Cabecera, ErrorMessage, Opciones } from '../components/ui';
import { formatFechaHora } from '../format';

type Tarea = Schemas['TareaSchema'];
type Solicitud = Schemas['SolicitarReporteDto'];

const TIPOS: Record<Solicitud['tipo'], string> = {
  documentos: 'Documentos',
  derivaciones: 'Derivaciones',
  'productividad-areas': 'Productividad por oficina',
  'tiempos-atencion': 'Tiempos de atención',
  vencidos: 'Vencidos',
};
const FORMATOS: Record<Solicitud['formato'], string> = { xlsx: 'Excel (xlsx)', pdf: 'PDF', csv: 'CSV' };
const ESTADOS: Record<Tarea['estado'], string> = {
  waiting: 'En cola',
  active: 'Generando',
  completed: 'Listo',
  failed: 'Falló',
  cancelled: 'Cancelado',
};
const abierta = (t: Tarea) => t.estado === 'waiting' || t.estado === 'active';

/** Reports run in the background: requested here, followed while they run, then downloaded. */
export function Reportes() {
  const [tipo, setTipo] = useState<Solicitud['tipo']>('documentos');
  const [formato, setFormato] = useState<Solicitud['formato']>('xlsx');
  const [tareas, setTareas] = useState<Tarea[]>([]);
  const [error, setError] = useState<unknown>(null);
  const key = useRef(newKey());

  const cargar = useCallback(() => ok(api.GET('/api/v1/tareas', { params: { query: { limit: 20 } } })).then((p) => setTareas(p.items), setError), []);
  useEffect(() => {
    void cargar();
  }, [cargar]);
  // While one runs, its progress is read every second.
  const enCurso = tareas.some(abierta);
  useEffect(() => {
    if (!enCurso) return;
    const t = setInterval(cargar, 1000);
    return () => clearInterval(t);
  }, [enCurso, cargar]);

  async function solicitar(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await ok(api.POST('/api/v1/reportes', { params: { header: { 'Idempotency-Key': key.current } }, body: { tipo, formato } }));
      key.current = newKey();
      await cargar();
    } catch (err) {
      setError(err);
    }
  }
  async function cancelar(t: Tarea) {
    try {
      await ok(api.DELETE('/api/v1/tareas/{id}', { params: { path: { id: t.id } } }));
      await cargar();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section aria-labelledby="titulo-reportes">
      <h1 id="titulo-reportes">Reportes</h1>
      <form className="card filtros" onSubmit={solicitar} aria-label="Solicitar reporte">
        <label>
          Reporte
          <select value={tipo} onChange={(e) => setTipo(e.target.value as Solicitud['tipo'])}>
            <Opciones opciones={TIPOS} />
          </select>
        </label>
        <label>
          Formato
          <select value={formato} onChange={(e) => setFormato(e.target.value as Solicitud['formato'])}>
            <Opciones opciones={FORMATOS} />
          </select>
        </label>
        <button type="submit">Solicitar reporte</button>
      </form>
      <ErrorMessage error={error} />
      <table className="lista" aria-label="Mis reportes">
        <Cabecera columnas={['Reporte', 'Solicitado', 'Estado', 'Progreso', 'Acciones']} />
        <tbody>
          {tareas.map((t) => (
            <tr key={t.id} data-testid={`tarea-${t.id}`}>
              <td>
                {TIPOS[t.tipo]} ({FORMATOS[t.formato]})
              </td>
              <td>{formatFechaHora(t.creadoEn)}</td>
              <td>{ESTADOS[t.estado]}{t.error ? `: ${t.error}` : ''}</td>
              <td>
                <progress max={100} value={t.progreso} aria-label={`Progreso del reporte ${TIPOS[t.tipo]}`} /> {t.progreso} %
              </td>
              <td className="acciones">
                {t.estado === 'completed' && (
                  <button type="button" onClick={() => download(`/api/v1/reportes/${t.id}/descarga`, `reporte-${t.tipo}.${t.formato}`).catch(setError)}>
                    Descargar
                  </button>
                )}
                {abierta(t) && (
                  <button type="button" className="secondary" onClick={() => cancelar(t)}>
                    Cancelar
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {tareas.length === 0 && <p className="muted">Aún no ha solicitado reportes.</p>}
    </section>
  );
}
