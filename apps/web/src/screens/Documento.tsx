import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, download, ok, type Schemas } from '../api/client';
import type { Usuario } from '../api/session';
import { nombreArea, useCatalogos } from '../catalogos';
import { Derivar } from '../components/Derivar';
import { Cargando, ErrorMessage, Estado } from '../components/ui';
import { ESTADO_DERIVACION, ESTADO_DOCUMENTO, PRIORIDAD, formatFecha, formatFechaHora, tamano } from '../format';

type Documento = Schemas['DocumentoSchema'];
type HojaDeRuta = Schemas['HojaDeRutaSchema'];
type Archivo = Schemas['ArchivoSchema'];
type Firma = Schemas['FirmaArchivoSchema'];
type Historial = Schemas['HistorialEntradaSchema'];

const PUEDEN_TRAMITAR = ['ADMIN', 'MESA_PARTES', 'AREA'];

const ACCION_HISTORIAL: Record<string, string> = {
  REGISTRO: 'Registrado',
  EDICION: 'Datos corregidos',
  OBSERVACION: 'Observado',
  SUBSANACION: 'Subsanado',
  NO_PRESENTADO: 'Tenido por no presentado',
  ARCHIVO: 'Archivado',
  ARCHIVO_ADJUNTADO: 'Archivo adjuntado',
  ARCHIVO_ELIMINADO: 'Archivo eliminado',
  DERIVACION: 'Derivado',
  RECEPCION_DERIVACION: 'Recibido en la oficina',
  ATENCION_DERIVACION: 'Atendido por la oficina',
  RECHAZO_DERIVACION: 'Rechazado por la oficina',
  DEVOLUCION_DERIVACION: 'Devuelto',
  REASIGNACION_DERIVACION: 'Reasignado',
};

/** One document: its data, route sheet, history and attachments, and what can be done with it. */
export function DocumentoDetalle({ id, usuario }: { id: string; usuario: Usuario }) {
  const { areas, tipos } = useCatalogos();
  const [doc, setDoc] = useState<Documento | null>(null);
  const [hoja, setHoja] = useState<HojaDeRuta | null>(null);
  const [archivos, setArchivos] = useState<Archivo[]>([]);
  const [historial, setHistorial] = useState<Historial[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [panel, setPanel] = useState<'derivar' | 'observar' | null>(null);
  const [aviso, setAviso] = useState('');

  const load = useCallback(async () => {
    setError(null);
    try {
      setDoc(await ok(api.GET('/api/v1/documentos/{id}', { params: { path: { id } } })));
      const [h, a, hist] = await Promise.all([
        ok(api.GET('/api/v1/derivaciones/documento/{documentoId}', { params: { path: { documentoId: id } } })),
        ok(api.GET('/api/v1/documentos/{id}/archivos', { params: { path: { id } } })),
        ok(api.GET('/api/v1/documentos/{id}/historial', { params: { path: { id }, query: { limit: 50 } } })),
      ]);
      setHoja(h);
      setArchivos(a.items);
      setHistorial(hist.items);
    } catch (err) {
      setError(err);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  if (!doc) return error ? <ErrorMessage error={error} /> : <Cargando />;
  const d = doc;
  // No If-Match: the detail's ETag is a digest of its body, while the state actions take the
  // document's version, which the detail does not carry.
  const puede = PUEDEN_TRAMITAR.includes(usuario.rol) && (usuario.rol !== 'AREA' || usuario.areaId === d.areaActualId);

  async function cambiar(accion: 'subsanar' | 'archivar') {
    setError(null);
    try {
      if (accion === 'subsanar') await ok(api.POST('/api/v1/documentos/{id}/subsanar', { params: { path: { id } } }));
      else await ok(api.POST('/api/v1/documentos/{id}/archivar', { params: { path: { id } } }));
      setAviso(accion === 'subsanar' ? 'Subsanación registrada.' : 'Documento archivado.');
      await load();
    } catch (err) {
      setError(err);
    }
  }
  const hecho = (texto: string) => {
    setPanel(null);
    setAviso(texto);
    void load();
  };

  return (
    <section aria-labelledby="titulo-documento">
      <h1 id="titulo-documento">
        {d.numeroExpediente} <Estado estado={d.estado} labels={ESTADO_DOCUMENTO} />
      </h1>
      <p role="status" className="aviso">
        {aviso}
      </p>
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="button" onClick={() => download(`/api/v1/documentos/${d.id}/comprobante`, `${d.numeroExpediente}.pdf`).catch(setError)}>
          Imprimir comprobante (PDF)
        </button>
        {puede && d.estado !== 'ARCHIVADO' && (
          <button type="button" className="secondary" aria-expanded={panel === 'derivar'} onClick={() => setPanel(panel === 'derivar' ? null : 'derivar')}>
            Derivar
          </button>
        )}
        {puede && ['REGISTRADO', 'EN_PROCESO'].includes(d.estado) && (
          <button type="button" className="secondary" aria-expanded={panel === 'observar'} onClick={() => setPanel(panel === 'observar' ? null : 'observar')}>
            Observar
          </button>
        )}
        {puede && d.estado === 'OBSERVADO' && (
          <button type="button" className="secondary" onClick={() => cambiar('subsanar')}>
            Subsanar
          </button>
        )}
        {puede && d.estado === 'ATENDIDO' && (
          <button type="button" className="secondary" onClick={() => cambiar('archivar')}>
            Archivar
          </button>
        )}
      </div>
      {panel === 'derivar' && <Derivar documentoIds={[d.id]} areaActualId={d.areaActualId} urgente={d.prioridad === 'URGENTE'} onDone={() => hecho('Documento derivado.')} />}
      {panel === 'observar' && <Observar id={d.id} onDone={() => hecho('Observación registrada: el plazo queda en pausa.')} />}

      <div className="columns">
        <div className="card">
          <h2>Datos</h2>
          <dl className="datos">
            <dt>Tipo de documento</dt>
            <dd>{tipos.find((t) => t.id === d.tipoDocumentoId)?.nombre ?? d.tipoDocumentoId}</dd>
            <dt>Remitente</dt>
            <dd>{d.remitente}</dd>
            <dt>Asunto</dt>
            <dd>{d.asunto}</dd>
            <dt>Folios</dt>
            <dd>{d.numeroFolios}</dd>
            <dt>Prioridad</dt>
            <dd>{PRIORIDAD[d.prioridad]}</dd>
            <dt>Oficina actual</dt>
            <dd>{nombreArea(areas, d.areaActualId)}</dd>
            <dt>Recibido</dt>
            <dd>{formatFechaHora(d.fechaRecepcion)}</dd>
            <dt>Plazo</dt>
            <dd>{formatFecha(d.fechaLimite)}</dd>
            {d.observaciones && (
              <>
                <dt>Observaciones</dt>
                <dd>{d.observaciones}</dd>
              </>
            )}
          </dl>
        </div>
        <div className="card">
          <h2>Archivos</h2>
          {archivos.length === 0 ? (
            <p className="muted">Sin archivos adjuntos.</p>
          ) : (
            <ul className="archivos">
              {archivos.map((a) => (
                <li key={a.id}>
                  <button type="button" className="link" onClick={() => download(`/api/v1/documentos/${d.id}/archivos/${a.id}`, a.nombre).catch(setError)}>
                    {a.nombre}
                  </button>{' '}
                  <span className="muted">
                    {tamano(a.tamano)}, {formatFechaHora(a.createdAt)}
                  </span>
                  <EstadoFirmas firmas={a.firmas} tipoMime={a.tipoMime} />
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>

      <div className="card">
        <h2>Hoja de ruta</h2>
        {hoja && hoja.movimientos.length === 0 && <p className="muted">Aún no se ha derivado.</p>}
        <ol className="timeline" aria-label="Hoja de ruta">
          {hoja?.movimientos.map((m) => (
            <li key={m.id} className={m.vencida ? 'vencida' : undefined}>
              <p>
                <strong>{m.numeroDerivacion}</strong>: {nombreArea(areas, m.areaOrigenId)} → {nombreArea(areas, m.areaDestinoId)}{' '}
                <Estado estado={m.estado} labels={ESTADO_DERIVACION} />
                {m.esUrgente && <span className="badge urgente">Urgente</span>}
                {m.vencida && <span className="badge vencida">Vencida</span>}
              </p>
              <p className="muted">
                Derivado {formatFechaHora(m.fechaDerivacion)}
                {m.fechaRecepcion && `, recibido ${formatFechaHora(m.fechaRecepcion)}`}
                {m.fechaAtencion && `, atendido ${formatFechaHora(m.fechaAtencion)}`}
              </p>
              {m.instrucciones && <p>Instrucciones: {m.instrucciones}</p>}
              {m.respuesta && <p>Respuesta: {m.respuesta}</p>}
              {m.motivoRechazo && <p>Motivo del rechazo: {m.motivoRechazo}</p>}
            </li>
          ))}
        </ol>
      </div>

      <div className="card">
        <h2>Historial</h2>
        <ol className="historial">
          {historial.map((h) => (
            <li key={h.id}>
              {formatFechaHora(h.fecha)}: {ACCION_HISTORIAL[h.accion] ?? h.accion}
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}

function Observar({ id, onDone }: { id: string; onDone: () => void }) {
  const [texto, setTexto] = useState('');
  const [error, setError] = useState<unknown>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const observaciones = texto
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    try {
      await ok(api.POST('/api/v1/documentos/{id}/observar', { params: { path: { id } }, body: { observaciones } }));
      onDone();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form className="card grid" onSubmit={submit} aria-label="Observar el documento">
      <h2>Observar</h2>
      <label>
        Observaciones (una por línea)
        <textarea required rows={3} value={texto} onChange={(e) => setTexto(e.target.value)} />
      </label>
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit">Registrar observación</button>
      </div>
    </form>
  );
}

const RESULTADO_FIRMA: Record<Firma['resultado'], string> = {
  VALIDA: 'Firma válida',
  NO_VALIDA: 'Firma no válida',
  INDETERMINADA: 'Firma indeterminada',
};

/** What the processing job found of an attachment's PDF signatures, in words, one line each. */
function EstadoFirmas({ firmas, tipoMime }: { firmas: Archivo['firmas']; tipoMime: string }) {
  if (tipoMime !== 'application/pdf') return null;
  if (firmas === null) return <p className="muted firma">Firmas: aún no verificadas</p>;
  if (firmas.length === 0) return <p className="muted firma">Sin firmas digitales</p>;
  return (
    <ul className="firmas" aria-label="Firmas digitales">
      {firmas.map((f, i) => (
        <li key={i} className={`firma firma-${f.resultado.toLowerCase()}`}>
          {RESULTADO_FIRMA[f.resultado]}
          {f.firmante ? ` · ${f.firmante}` : ''}
          {f.resultado !== 'VALIDA' ? ` · ${f.motivo}` : ''}
          {f.modificadoDespues ? ' · modificado después de firmar' : ''}
        </li>
      ))}
    </ul>
  );
}
