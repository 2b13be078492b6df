import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { api, ok, type Schemas } from '../api/client';
import type { Usuario } from '../api/session';
import { nombreArea, useCatalogos } from '../catalogos';
import { Derivar, OpcionesArea } from '../components/Derivar';
import { Cabecera, Cargando, ErrorMessage, Estado, Opciones } from '../components/ui';
import { ESTADO_DERIVACION, ESTADO_DOCUMENTO, formatFecha } from '../format';
import { Link } from '../router';

type Derivacion = Schemas['DerivacionSchema'];
type Documento = Schemas['DocumentoSchema'];
type EstadoDerivacion = Derivacion['estado'];

interface Filtros {
  estado: '' | EstadoDerivacion;
  urgente: boolean;
  vencidas: boolean;
  orden: 'recientes' | 'vencimiento';
}

/**
 * A cursor-paged list: the next page asks for what follows the last item, so it costs the same
 * at any size. `key` names the filters; a new key starts again from the first page.
 */
function usePaginas<T>(load: (cursor?: string) => Promise<{ items: T[]; nextCursor?: string | null }>, key: string) {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const loader = useRef(load);
  loader.current = load;
  const fetchPage = useCallback(async (after?: string) => {
    setLoading(true);
    setError(null);
    try {
      const page = await loader.current(after);
      setItems((prev) => (after ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor ?? null);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void fetchPage();
  }, [fetchPage, key]);
  const quitar = (fuera: (item: T) => boolean) => setItems((prev) => prev.filter((item) => !fuera(item)));
  return { items, loading, error, more: cursor ? () => fetchPage(cursor) : null, reload: () => fetchPage(), quitar };
}

/** An office's inbox: what was routed to it, and what it holds without routing yet. */
export function Bandeja({ usuario }: { usuario: Usuario }) {
  const { areas } = useCatalogos();
  const [areaId, setAreaId] = useState<number | null>(usuario.areaId);
  const [filtros, setFiltros] = useState<Filtros>({ estado: '', urgente: false, vencidas: false, orden: 'recientes' });
  const [accion, setAccion] = useState<{ d: Derivacion; tipo: 'atender' | 'rechazar' | 'devolver' | 'reasignar' } | null>(null);
  const [seleccion, setSeleccion] = useState<string[]>([]);
  const [aviso, setAviso] = useState('');
  const [error, setError] = useState<unknown>(null);

  const bandeja = usePaginas<Derivacion>(
    (cursor) =>
      ok(
        api.GET('/api/v1/derivaciones/bandeja', {
          params: {
            query: {
              limit: 25,
              cursor,
              areaId: areaId ?? undefined,
              estado: filtros.estado || undefined,
              urgente: filtros.urgente || undefined,
              vencidas: filtros.vencidas || undefined,
              orden: filtros.orden,
            },
          },
        }),
      ),
    JSON.stringify({ areaId, filtros }),
  );
  // Registered and not yet routed: an office's own (AREA users see only theirs), or all of them
  // for the registration desk.
  const deriva = usuario.rol !== 'AUDITOR';
  const enOficina = usePaginas<Documento>(
    (cursor) =>
      deriva
        ? ok(api.GET('/api/v1/documentos', { params: { query: { limit: 25, cursor, estado: 'REGISTRADO', areaActualId: usuario.rol === 'AREA' ? (areaId ?? undefined) : undefined } } }))
        : Promise.resolve({ items: [], nextCursor: null }),
    `${areaId}-${deriva}`,
  );

  async function recibir(d: Derivacion) {
    setError(null);
    try {
      await ok(api.PUT('/api/v1/derivaciones/{id}/recibir', { params: { path: { id: d.id } } }));
      setAviso(`${d.numeroExpediente} recibido.`);
      await bandeja.reload();
    } catch (err) {
      setError(err);
    }
  }
  const hecho = (texto: string, releerRegistrados = true) => {
    setAviso(texto);
    setAccion(null);
    setSeleccion([]);
    void bandeja.reload();
    if (releerRegistrados) void enOficina.reload();
  };
  const set = (cambio: Partial<Filtros>) => setFiltros({ ...filtros, ...cambio });

  return (
    <section aria-labelledby="titulo-bandeja">
      <h1 id="titulo-bandeja">Bandeja{areaId ? ` de ${nombreArea(areas, areaId)}` : ''}</h1>
      <p role="status" className="aviso">
        {aviso}
      </p>
      <ErrorMessage error={error} />
      <form className="filtros" onSubmit={(e: FormEvent) => e.preventDefault()} aria-label="Filtros">
        {usuario.rol !== 'AREA' && (
          <label>
            Oficina{' '}
            <select value={areaId ?? ''} onChange={(e) => setAreaId(e.target.value ? Number(e.target.value) : null)}>
              <Opciones vacia="Todas" opciones={areas} />
            </select>
          </label>
        )}
        <label>
          Estado{' '}
          <select value={filtros.estado} onChange={(e) => set({ estado: e.target.value as Filtros['estado'] })}>
            <Opciones vacia="Todos" opciones={ESTADO_DERIVACION} />
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={filtros.urgente} onChange={(e) => set({ urgente: e.target.checked })} /> Solo urgentes
        </label>
        <label className="check">
          <input type="checkbox" checked={filtros.vencidas} onChange={(e) => set({ vencidas: e.target.checked })} /> Solo vencidas
        </label>
        <label>
          Orden{' '}
          <select value={filtros.orden} onChange={(e) => set({ orden: e.target.value as Filtros['orden'] })}>
            <option value="recientes">Más recientes primero</option>
            <option value="vencimiento">Vencimiento más próximo</option>
          </select>
        </label>
      </form>

      <h2>Derivaciones recibidas</h2>
      <table className="lista" aria-label="Derivaciones recibidas">
        <Cabecera columnas={['Expediente', 'Asunto', 'De', 'Instrucciones', 'Plazo', 'Estado', 'Acciones']} />
        <tbody>
          {bandeja.items.map((d) => (
            <tr key={d.id} className={d.vencida ? 'vencida' : d.esUrgente ? 'urgente' : undefined} data-testid={`derivacion-${d.numeroExpediente}`}>
              <td>
                <Link href={`/documentos/${d.documentoId}`}>{d.numeroExpediente}</Link>
                {d.esUrgente && <span className="badge urgente">Urgente</span>}
                {d.vencida && <span className="badge vencida">Vencida</span>}
              </td>
              <td>{d.asunto}</td>
              <td>{nombreArea(areas, d.areaOrigenId)}</td>
              <td>{d.instrucciones}</td>
              <td>{formatFecha(d.fechaLimiteAtencion)}</td>
              <td>
                <Estado estado={d.estado} labels={ESTADO_DERIVACION} />
              </td>
              <td className="acciones">
                {d.estado === 'PENDIENTE' && (
                  <button type="button" onClick={() => recibir(d)} aria-label={`Recibir ${d.numeroExpediente}`}>
                    Recibir
                  </button>
                )}
                {d.estado === 'RECIBIDO' &&
                  (['atender', 'devolver', 'reasignar'] as const).map((tipo) => (
                    <button key={tipo} type="button" className="secondary" onClick={() => setAccion({ d, tipo })} aria-label={`${ACCIONES[tipo]} ${d.numeroExpediente}`}>
                      {ACCIONES[tipo]}
                    </button>
                  ))}
                {(d.estado === 'PENDIENTE' || d.estado === 'RECIBIDO') && (
                  <button type="button" className="secondary" onClick={() => setAccion({ d, tipo: 'rechazar' })} aria-label={`Rechazar ${d.numeroExpediente}`}>
                    Rechazar
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {bandeja.loading && <Cargando />}
      <ErrorMessage error={bandeja.error} />
      {!bandeja.loading && bandeja.items.length === 0 && <p className="muted">No hay derivaciones con estos filtros.</p>}
      {bandeja.more && (
        <button type="button" className="secondary" onClick={bandeja.more}>
          Cargar más derivaciones
        </button>
      )}
      {accion && <AccionDerivacion {...accion} onDone={hecho} onCancel={() => setAccion(null)} />}

      {deriva && (
        <>
          <h2>Registrados, sin derivar</h2>
          <table className="lista" aria-label="Registrados, sin derivar">
            <Cabecera columnas={['Seleccionar', 'Expediente', 'Asunto', 'Remitente', 'Oficina', 'Vence', 'Estado']} />
            <tbody>
              {enOficina.items.map((doc) => (
                <tr key={doc.id} className={doc.prioridad === 'URGENTE' ? 'urgente' : undefined}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Seleccionar ${doc.numeroExpediente}`}
                      checked={seleccion.includes(doc.id)}
                      onChange={(e) => setSeleccion((s) => (e.target.checked ? [...s, doc.id] : s.filter((x) => x !== doc.id)))}
                    />
                  </td>
                  <td>
                    <Link href={`/documentos/${doc.id}`}>{doc.numeroExpediente}</Link>
                    {doc.prioridad === 'URGENTE' && <span className="badge urgente">Urgente</span>}
                  </td>
                  <td>{doc.asunto}</td>
                  <td>{doc.remitente}</td>
                  <td>{nombreArea(areas, doc.areaActualId)}</td>
                  <td>{formatFecha(doc.fechaLimite)}</td>
                  <td>
                    <Estado estado={doc.estado} labels={ESTADO_DOCUMENTO} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {enOficina.more && (
            <button type="button" className="secondary" onClick={enOficina.more}>
              Cargar más documentos
            </button>
          )}
          {seleccion.length > 0 && (
            <Derivar
              documentoIds={seleccion}
              onDone={() => {
                // Their state changes a moment later (an event): they leave this list now.
                enOficina.quitar((doc) => seleccion.includes(doc.id));
                hecho(`${seleccion.length} documento(s) derivado(s).`, false);
              }}
            />
          )}
        </>
      )}
    </section>
  );
}

const ACCIONES = { atender: 'Atender', rechazar: 'Rechazar', devolver: 'Devolver', reasignar: 'Reasignar' } as const;
const HECHO = { atender: 'atendido', rechazar: 'rechazado', devolver: 'devuelto', reasignar: 'reasignado' } as const;

function AccionDerivacion({
  d,
  tipo,
  onDone,
  onCancel,
}: {
  d: Derivacion;
  tipo: keyof typeof ACCIONES;
  onDone: (texto: string) => void;
  onCancel: () => void;
}) {
  const [texto, setTexto] = useState('');
  const [area, setArea] = useState('');
  const [error, setError] = useState<unknown>(null);
  const path = { params: { path: { id: d.id } } };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      if (tipo === 'atender') await ok(api.PUT('/api/v1/derivaciones/{id}/atender', { ...path, body: { respuesta: texto } }));
      if (tipo === 'rechazar') await ok(api.PUT('/api/v1/derivaciones/{id}/rechazar', { ...path, body: { motivoRechazo: texto } }));
      if (tipo === 'devolver') await ok(api.POST('/api/v1/derivaciones/{id}/devolver', { ...path, body: { observaciones: texto } }));
      if (tipo === 'reasignar')
        await ok(api.PUT('/api/v1/derivaciones/{id}/reasignar', { ...path, body: { areaDestinoId: Number(area), observaciones: texto || undefined } }));
      onDone(`${d.numeroExpediente} ${HECHO[tipo]}.`);
    } catch (err) {
      setError(err);
    }
  }
  const etiqueta = { atender: 'Respuesta', rechazar: 'Motivo del rechazo', devolver: 'Observaciones', reasignar: 'Observaciones' }[tipo];
  return (
    <form className="card grid" onSubmit={submit} aria-label={`${ACCIONES[tipo]} ${d.numeroExpediente}`}>
      <h2>
        {ACCIONES[tipo]} {d.numeroExpediente}
      </h2>
      {tipo === 'reasignar' && (
        <label>
          Oficina de destino
          <select required value={area} onChange={(e) => setArea(e.target.value)}>
            <OpcionesArea excepto={d.areaDestinoId} />
          </select>
        </label>
      )}
      <label>
        {etiqueta}
        <textarea required={tipo !== 'reasignar'} rows={3} value={texto} onChange={(e) => setTexto(e.target.value)} />
      </label>
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit">{ACCIONES[tipo]}</button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancelar
        </button>
      </div>
    </form>
  );
}
