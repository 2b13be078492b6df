import { type DragEvent, type FormEvent, useRef, useState } from 'react';
import { api, ApiError, download, newKey, ok, upload, type Schemas } from '../api/client';
import { useCatalogos } from '../catalogos';
import { ErrorMessage, Field, Opciones } from '../components/ui';
import { PRIORIDAD, tamano } from '../format';
import { Link } from '../router';

type Registrado = Schemas['DocumentoRegistradoSchema'];
type Prioridad = Schemas['RegistrarDocumentoDto']['prioridad'];

interface Adjunto {
  file: File;
  progreso: number;
  error?: string;
}

const VACIO = { tipoDocumentoId: '', remitente: '', asunto: '', numeroFolios: '1', prioridad: 'NORMAL' as Prioridad };

/** Mesa de partes: registers a document and its attachments; the case number and receipt follow. */
export function Registro() {
  const { tipos } = useCatalogos();
  const [form, setForm] = useState(VACIO);
  const [adjuntos, setAdjuntos] = useState<Adjunto[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [registrado, setRegistrado] = useState<Registrado | null>(null);
  const [arrastrando, setArrastrando] = useState(false);
  // One key per document being registered: a retry after a timeout cannot register it twice.
  const key = useRef(newKey());
  const inicio = useRef<HTMLHeadingElement>(null);

  const set = (name: keyof typeof VACIO) => (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value });
  const agregar = (files: FileList | null) => files && setAdjuntos((a) => [...a, ...Array.from(files, (file) => ({ file, progreso: 0 }))]);
  const progreso = (i: number, cambio: Partial<Adjunto>) => setAdjuntos((a) => a.map((x, j) => (j === i ? { ...x, ...cambio } : x)));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const doc =
        registrado ??
        (await ok(
          api.POST('/api/v1/documentos', {
            params: { header: { 'Idempotency-Key': key.current } },
            body: {
              tipoDocumentoId: Number(form.tipoDocumentoId),
              remitente: form.remitente,
              asunto: form.asunto,
              numeroFolios: Number(form.numeroFolios),
              prioridad: form.prioridad,
              tieneAnexos: adjuntos.length > 0,
            },
          }),
        ));
      setRegistrado(doc);
      for (const [i, a] of adjuntos.entries()) {
        if (a.progreso === 1) continue;
        try {
          await upload(`/api/v1/documentos/${doc.id}/archivos`, a.file, (p) => progreso(i, { progreso: p, error: undefined }));
        } catch (err) {
          progreso(i, { error: err instanceof ApiError ? err.problem.detail : String(err) });
        }
      }
      inicio.current?.focus();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  function otro() {
    setForm(VACIO);
    setAdjuntos([]);
    setRegistrado(null);
    setError(null);
    key.current = newKey();
  }

  const drop = (e: DragEvent) => {
    e.preventDefault();
    setArrastrando(false);
    agregar(e.dataTransfer.files);
  };
  const fieldError = (name: string) => (error instanceof ApiError ? error.field(name) : undefined);
  const pendientes = adjuntos.some((a) => a.progreso < 1);

  if (registrado && !busy && !pendientes) {
    return (
      <section aria-labelledby="titulo-registrado">
        <h1 id="titulo-registrado" tabIndex={-1} ref={inicio}>
          Documento registrado
        </h1>
        <div className="card">
          <p>
            Número de expediente: <strong data-testid="numero-expediente">{registrado.numeroExpediente}</strong>
          </p>
          <p>
            Código de seguimiento para el ciudadano: <strong>{registrado.codigoSeguimiento}</strong>
          </p>
          {adjuntos.length > 0 && <p>{adjuntos.length === 1 ? '1 archivo adjunto.' : `${adjuntos.length} archivos adjuntos.`}</p>}
          <ErrorMessage error={error} />
          <div className="actions">
            <button type="button" onClick={() => download(`/api/v1/documentos/${registrado.id}/comprobante`, `${registrado.numeroExpediente}.pdf`).catch(setError)}>
              Imprimir comprobante (PDF)
            </button>
            <button type="button" className="secondary" onClick={otro}>
              Registrar otro
            </button>
            <Link href={`/documentos/${registrado.id}`}>Ver el documento</Link>
          </div>
        </div>
      </section>
    );
  }

  return (
    <section aria-labelledby="titulo-registro">
      <h1 id="titulo-registro">Registrar documento</h1>
      <form onSubmit={submit} className="card grid">
        <Field label="Tipo de documento" error={fieldError('tipoDocumentoId')}>
          {(p) => (
            <select {...p} required value={form.tipoDocumentoId} onChange={set('tipoDocumentoId')} disabled={!!registrado}>
              <Opciones vacia="Elija un tipo" opciones={tipos.filter((t) => t.activo)} />
            </select>
          )}
        </Field>
        <Field label="Remitente" error={fieldError('remitente')}>
          {(p) => <input {...p} required maxLength={200} value={form.remitente} onChange={set('remitente')} disabled={!!registrado} />}
        </Field>
        <Field label="Asunto" error={fieldError('asunto')}>
          {(p) => <textarea {...p} required rows={3} value={form.asunto} onChange={set('asunto')} disabled={!!registrado} />}
        </Field>
        <Field label="Folios" error={fieldError('numeroFolios')}>
          {(p) => <input {...p} type="number" min={1} required value={form.numeroFolios} onChange={set('numeroFolios')} disabled={!!registrado} />}
        </Field>
        <Field label="Prioridad" error={fieldError('prioridad')}>
          {(p) => (
            <select {...p} value={form.prioridad} onChange={set('prioridad')} disabled={!!registrado}>
              <Opciones opciones={PRIORIDAD} />
            </select>
          )}
        </Field>
        <div
          className={`dropzone${arrastrando ? ' over' : ''}`}
          data-testid="dropzone"
          onDragOver={(e) => {
            e.preventDefault();
            setArrastrando(true);
          }}
          onDragLeave={() => setArrastrando(false)}
          onDrop={drop}
        >
          <label htmlFor="adjuntos">Adjuntos: arrastre los archivos aquí o elíjalos</label>
          <input id="adjuntos" type="file" multiple onChange={(e) => agregar(e.target.files)} />
          {adjuntos.length > 0 && (
            <ul className="adjuntos">
              {adjuntos.map((a, i) => (
                <li key={`${a.file.name}-${i}`}>
                  <span>
                    {a.file.name} ({tamano(a.file.size)})
                  </span>
                  <progress max={1} value={a.progreso} aria-label={`Progreso de ${a.file.name}`} />
                  {a.error && <small className="field-error">{a.error}</small>}
                  {!registrado && (
                    <button type="button" className="link" onClick={() => setAdjuntos((x) => x.filter((_, j) => j !== i))}>
                      Quitar {a.file.name}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
        <ErrorMessage error={error} />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {registrado ? 'Reintentar adjuntos' : 'Registrar'}
          </button>
        </div>
      </form>
    </section>
  );
}
