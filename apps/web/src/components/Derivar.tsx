import { type FormEvent, useRef, useState } from 'react';
import { api, newKey, ok } from '../api/client';
import { useCatalogos } from '../catalogos';
import { ErrorMessage, Field, Opciones, useAccion } from './ui';

/**
 * Routes one document, or several at once (bulk), to another office with instructions. The
 * idempotency key lives as long as the form: sending again after a timeout routes once.
 */
export function Derivar({
  documentoIds,
  areaActualId,
  urgente = false,
  onDone,
}: {
  documentoIds: string[];
  areaActualId?: number | null;
  /** Starts ticked for an urgent document. */
  urgente?: boolean;
  onDone: () => void;
}) {
  const [areaDestinoId, setArea] = useState('');
  const [instrucciones, setInstrucciones] = useState('');
  const [esUrgente, setUrgente] = useState(urgente);
  const { busy, error, run, fieldError } = useAccion();
  const key = useRef(newKey());

  async function submit(e: FormEvent) {
    e.preventDefault();
    const header = { 'Idempotency-Key': key.current };
    const destino = Number(areaDestinoId);
    const hecho = await run(() =>
      documentoIds.length === 1
        ? ok(api.POST('/api/v1/derivaciones', { params: { header }, body: { documentoId: documentoIds[0], areaDestinoId: destino, instrucciones, esUrgente } }))
        : ok(api.POST('/api/v1/derivaciones/masiva', { params: { header }, body: { documentoIds, areaDestinoId: destino, instrucciones, esUrgente } })),
    );
    if (!hecho) return;
    key.current = newKey();
    onDone();
  }
  return (
    <form className="card grid" onSubmit={submit} aria-label="Derivar a otra oficina">
      <h2>{documentoIds.length === 1 ? 'Derivar a otra oficina' : `Derivar ${documentoIds.length} documentos`}</h2>
      <Field label="Oficina de destino" error={fieldError('areaDestinoId')}>
        {(p) => (
          <select {...p} required value={areaDestinoId} onChange={(e) => setArea(e.target.value)}>
            <OpcionesArea excepto={areaActualId} />
          </select>
        )}
      </Field>
      <Field label="Instrucciones" error={fieldError('instrucciones')}>
        {(p) => <textarea {...p} required rows={3} value={instrucciones} onChange={(e) => setInstrucciones(e.target.value)} />}
      </Field>
      <label className="check">
        <input type="checkbox" checked={esUrgente} onChange={(e) => setUrgente(e.target.checked)} /> Urgente
      </label>
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          Derivar
        </button>
      </div>
    </form>
  );
}

/** "Elija una oficina", then every active office but `excepto` (where the document already is). */
export function OpcionesArea({ excepto }: { excepto?: number | null }) {
  const { areas } = useCatalogos();
  return <Opciones vacia="Elija una oficina" opciones={areas.filter((a) => a.activa && a.id !== excepto)} />;
}
