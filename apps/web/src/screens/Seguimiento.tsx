import { type FormEvent, useEffect, useState } from 'react';
import { api, type Schemas } from '../api/client';
import { formatFecha, formatFechaHora } from '../format';
import { navigate } from '../router';

type Seguimiento = Schemas['SeguimientoPublicoSchema'];
type Movimiento = Schemas['MovimientoPublicoSchema'];

/** What each state means to the person who filed the document. */
const EXPLICACION: Record<string, string> = {
  REGISTRADO: 'Su documento fue recibido y registrado. Pronto será enviado a la oficina que corresponde.',
  EN_PROCESO: 'Su documento está siendo atendido por la oficina indicada.',
  OBSERVADO: 'Su documento tiene observaciones: acérquese a mesa de partes o revise su correo para subsanarlas.',
  ATENDIDO: 'Su trámite fue atendido.',
  ARCHIVADO: 'Su trámite concluyó y el expediente fue archivado.',
  NO_PRESENTADO: 'Las observaciones no se subsanaron a tiempo y el documento se tuvo por no presentado.',
};
const ESTADO: Record<string, string> = {
  REGISTRADO: 'Registrado',
  EN_PROCESO: 'En trámite',
  OBSERVADO: 'Observado',
  ATENDIDO: 'Atendido',
  ARCHIVADO: 'Archivado',
  NO_PRESENTADO: 'No presentado',
};

function frase(m: Movimiento): string {
  if (m.evento === 'REGISTRADO') return 'Se registró su documento.';
  if (m.evento === 'CAMBIO_AREA') return `Pasó a ${m.area || 'otra oficina'}.`;
  return `Su estado cambió a «${ESTADO[m.estado ?? ''] ?? m.estado}».`;
}

/**
 * The citizen's page (no login): the case's public facts in plain words. A wrong code and an
 * unknown case read the same, as the API answers them the same.
 */
export function SeguimientoPublico({ numero, codigo }: { numero: string; codigo: string }) {
  const [estado, setEstado] = useState<{ data?: Seguimiento; notFound?: boolean; error?: string } | null>(null);
  const [form, setForm] = useState({ numero, codigo });

  useEffect(() => {
    if (!numero || !codigo) return setEstado(null);
    let vigente = true;
    setEstado(null);
    api
      .GET('/api/v1/public/seguimiento/{numeroExpediente}', { params: { path: { numeroExpediente: numero }, query: { codigo } } })
      .then(({ data, response }) => {
        if (!vigente) return;
        if (data) setEstado({ data });
        else if (response.status === 404) setEstado({ notFound: true });
        else if (response.status === 429) setEstado({ error: 'Hizo demasiadas consultas seguidas. Espere un minuto e intente de nuevo.' });
        else setEstado({ error: 'No pudimos consultar su expediente ahora. Intente de nuevo en unos minutos.' });
      })
      .catch(() => vigente && setEstado({ error: 'No pudimos conectar con el servidor. Revise su conexión e intente de nuevo.' }));
    return () => {
      vigente = false;
    };
  }, [numero, codigo]);

  function consultar(e: FormEvent) {
    e.preventDefault();
    navigate(`/seguimiento/${encodeURIComponent(form.numero.trim())}?codigo=${encodeURIComponent(form.codigo.trim())}`);
  }

  const s = estado?.data;
  return (
    <main className="publico" id="contenido">
      <header>
        <p className="institucion">Mesa de Partes</p>
        <h1>Seguimiento de su trámite</h1>
      </header>
      {s && (
        <section className="card" aria-labelledby="titulo-expediente">
          <h2 id="titulo-expediente">Expediente {s.numeroExpediente}</h2>
          <p className="estado-grande">
            Estado: <strong>{ESTADO[s.estado] ?? s.estado}</strong>
          </p>
          <p>{EXPLICACION[s.estado]}</p>
          <dl className="datos">
            <dt>Recibido el</dt>
            <dd>{formatFecha(s.fechaRecepcion)}</dd>
            {s.areaActual && (
              <>
                <dt>Oficina donde está ahora</dt>
                <dd>{s.areaActual}</dd>
              </>
            )}
            {s.fechaLimite && (
              <>
                <dt>Fecha límite de atención</dt>
                <dd>{formatFecha(s.fechaLimite)}</dd>
              </>
            )}
          </dl>
          <h3>Lo que pasó con su documento</h3>
          <ol className="timeline">
            {s.movimientos.map((m, i) => (
              <li key={i}>
                <p>{frase(m)}</p>
                <p className="muted">{formatFechaHora(m.fecha)}</p>
              </li>
            ))}
          </ol>
        </section>
      )}
      {estado?.notFound && (
        <p role="alert" className="error">
          No encontramos un expediente con ese número y código. Revise ambos datos tal como figuran en su cargo de recepción.
        </p>
      )}
      {estado?.error && (
        <p role="alert" className="error">
          {estado.error}
        </p>
      )}
      {numero && codigo && !estado && (
        <p role="status" className="muted">
          Consultando…
        </p>
      )}
      <form className="card grid" onSubmit={consultar} aria-labelledby="titulo-consulta">
        <h2 id="titulo-consulta">Consultar otro expediente</h2>
        <label>
          Número de expediente
          <input required placeholder="EXP-2026-000123" value={form.numero} onChange={(e) => setForm({ ...form, numero: e.target.value })} />
        </label>
        <label>
          Código de seguimiento
          <input required autoComplete="off" value={form.codigo} onChange={(e) => setForm({ ...form, codigo: e.target.value })} />
        </label>
        <button type="submit">Consultar</button>
      </form>
    </main>
  );
}
