import { useCallback, useEffect, useState } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { ErrorMessage } from '../components/ui';
import { formatFechaHora } from '../format';

type Notificacion = Schemas['NotificacionSchema'];

const listeners = new Set<() => void>();
/** Tells the badge to count again after something was read. */
const notificacionesCambiaron = () => listeners.forEach((l) => l());

/** The unread count in the header: read on every screen change and every 30 s. */
export function useNoLeidas(activo: boolean, pantalla: string): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    if (!activo) return;
    const contar = () =>
      ok(api.GET('/api/v1/notificaciones', { params: { query: { soloNoLeidas: true, limit: 100 } } })).then(
        (p) => setN(p.items.length),
        () => undefined,
      );
    void contar();
    listeners.add(contar);
    const t = setInterval(contar, 30_000);
    return () => {
      clearInterval(t);
      listeners.delete(contar);
    };
  }, [activo, pantalla]);
  return n;
}

export function Notificaciones() {
  const [items, setItems] = useState<Notificacion[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const cargar = useCallback(async (after?: string) => {
    try {
      const page = await ok(api.GET('/api/v1/notificaciones', { params: { query: { limit: 25, cursor: after } } }));
      setItems((prev) => (after ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor ?? null);
    } catch (err) {
      setError(err);
    }
  }, []);
  useEffect(() => {
    void cargar();
  }, [cargar]);

  async function leer(id?: string) {
    try {
      if (id) await ok(api.PUT('/api/v1/notificaciones/{id}/leida', { params: { path: { id } } }));
      else await ok(api.PUT('/api/v1/notificaciones/leidas'));
      await cargar();
      notificacionesCambiaron();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section aria-labelledby="titulo-notificaciones">
      <h1 id="titulo-notificaciones">Notificaciones</h1>
      <ErrorMessage error={error} />
      <button type="button" className="secondary" onClick={() => leer()} disabled={!items.some((n) => !n.leida)}>
        Marcar todas como leídas
      </button>
      {items.length === 0 && <p className="muted">No tiene notificaciones.</p>}
      <ul className="notificaciones">
        {items.map((n) => (
          <li key={n.id} className={n.leida ? 'leida' : 'no-leida'}>
            <p>
              <strong>{n.titulo}</strong> <span className="muted">{formatFechaHora(n.createdAt)}</span>
            </p>
            <p>{n.mensaje}</p>
            {!n.leida && (
              <button type="button" className="link" onClick={() => leer(n.id)}>
                Marcar como leída: {n.titulo}
              </button>
            )}
          </li>
        ))}
      </ul>
      {cursor && (
        <button type="button" className="secondary" onClick={() => cargar(cursor)}>
          Cargar más
        </button>
      )}
    </section>
  );
}
