import { useEffect, useState } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { Cabecera, Cargando, ErrorMessage, Estado } from '../components/ui';
import { ESTADO_DOCUMENTO, formatFecha } from '../format';
import { Link } from '../router';

type Documento = Schemas['DocumentoSchema'];

/** Results as one types (after a 300 ms pause); the API ignores accents and case. */
export function Busqueda() {
  const [q, setQ] = useState('');
  const [items, setItems] = useState<Documento[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const texto = q.trim();
    if (texto.length < 2) {
      setItems(null);
      return;
    }
    let vigente = true;
    const t = setTimeout(() => {
      ok(api.GET('/api/v1/documentos/buscar', { params: { query: { q: texto, limit: 20 } } })).then(
        (page) => {
          if (!vigente) return;
          setError(null);
          setItems(page.items);
          setCursor(page.nextCursor ?? null);
        },
        (err) => vigente && setError(err),
      );
    }, 300);
    return () => {
      vigente = false;
      clearTimeout(t);
    };
  }, [q]);

  async function more() {
    if (!cursor) return;
    const page = await ok(api.GET('/api/v1/documentos/buscar', { params: { query: { q: q.trim(), limit: 20, cursor } } })).catch(setError);
    if (!page) return;
    setItems((prev) => [...(prev ?? []), ...page.items]);
    setCursor(page.nextCursor ?? null);
  }

  return (
    <section aria-labelledby="titulo-busqueda">
      <h1 id="titulo-busqueda">Buscar documentos</h1>
      <label className="search">
        Buscar por expediente, remitente o asunto
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} autoFocus />
      </label>
      <ErrorMessage error={error} />
      {q.trim().length >= 2 && items === null && !error && <Cargando />}
      {items && (
        <p role="status" className="muted">
          {items.length === 0 ? 'Sin resultados.' : `${items.length}${cursor ? '+' : ''} resultado(s).`}
        </p>
      )}
      {items && items.length > 0 && (
        <table className="lista" aria-label="Resultados">
          <Cabecera columnas={['Expediente', 'Asunto', 'Remitente', 'Recibido', 'Estado']} />
          <tbody>
            {items.map((d) => (
              <tr key={d.id}>
                <td>
                  <Link href={`/documentos/${d.id}`}>{d.numeroExpediente}</Link>
                </td>
                <td>{d.asunto}</td>
                <td>{d.remitente}</td>
                <td>{formatFecha(d.fechaRecepcion)}</td>
                <td>
                  <Estado estado={d.estado} labels={ESTADO_DOCUMENTO} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <button type="button" className="secondary" onClick={more}>
          Más resultados
        </button>
      )}
    </section>
  );
}
