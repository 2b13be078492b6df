import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { Cabecera, ErrorMessage, Field, Opciones, useAccion } from '../components/ui';
import { formatFecha, formatFechaHora } from '../format';

type Feriado = Schemas['FeriadoSchema'];
type Integracion = Schemas['IntegracionSchema'];
type Nueva = Schemas['CrearIntegracionDto'];
type Creada = Schemas['IntegracionCreadaSchema'];

const TIPOS_FERIADO: Record<Feriado['tipo'], string> = {
  NACIONAL: 'Nacional',
  REGIONAL: 'Regional',
  INSTITUCIONAL: 'Institucional',
  LABORABLE: 'Día laborable (no es feriado)',
};
const CONEXION: Record<Integracion['estadoConexion'], string> = {
  CONECTADO: 'Conectada',
  DESCONECTADO: 'Desconectada',
  ERROR: 'Con error',
  PROBANDO: 'Probando',
};

/** ADMIN: the holidays that the deadlines skip, and the exchanges with other systems. */
export function Administracion() {
  return (
    <section aria-labelledby="titulo-admin">
      <h1 id="titulo-admin">Administración</h1>
      <Feriados />
      <Integraciones />
    </section>
  );
}

function Feriados() {
  const [anio, setAnio] = useState(String(new Date().getFullYear()));
  const [items, setItems] = useState<Feriado[]>([]);
  const [nuevo, setNuevo] = useState({ fecha: '', descripcion: '', tipo: 'NACIONAL' as Feriado['tipo'] });
  const { error, run, fieldError } = useAccion();

  const cargar = useCallback(
    () =>
      run(async () => {
        const page = await ok(api.GET('/api/v1/feriados', { params: { query: { anio: Number(anio), limit: 100 } } }));
        // The document leaves the items' type open; they are FeriadoSchema.
        setItems(page.items as Feriado[]);
      }),
    [anio],
  );
  useEffect(() => {
    void cargar();
  }, [cargar]);

  async function agregar(e: FormEvent) {
    e.preventDefault();
    if (await run(() => ok(api.POST('/api/v1/feriados', { body: nuevo })))) {
      setNuevo({ ...nuevo, fecha: '', descripcion: '' });
      await cargar();
    }
  }
  const quitar = async (fecha: string) => {
    if (await run(() => ok(api.DELETE('/api/v1/feriados/{fecha}', { params: { path: { fecha } } })))) await cargar();
  };

  return (
    <div className="card">
      <h2>Feriados</h2>
      <label>
        Año <input type="number" min={2000} max={2100} value={anio} onChange={(e) => setAnio(e.target.value)} />
      </label>
      <table className="lista" aria-label="Feriados">
        <Cabecera columnas={['Fecha', 'Descripción', 'Tipo', 'Acciones']} />
        <tbody>
          {items.map((f) => (
            <tr key={f.fecha}>
              <td>{formatFecha(f.fecha)}</td>
              <td>{f.descripcion}</td>
              <td>{TIPOS_FERIADO[f.tipo] ?? f.tipo}</td>
              <td>
                <button type="button" className="secondary" onClick={() => quitar(f.fecha)} aria-label={`Quitar el feriado del ${formatFecha(f.fecha)}`}>
                  Quitar
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="grid" onSubmit={agregar} aria-label="Agregar feriado">
        <Field label="Fecha" error={fieldError('fecha')}>
          {(p) => <input {...p} type="date" required value={nuevo.fecha} onChange={(e) => setNuevo({ ...nuevo, fecha: e.target.value })} />}
        </Field>
        <Field label="Descripción" error={fieldError('descripcion')}>
          {(p) => <input {...p} required value={nuevo.descripcion} onChange={(e) => setNuevo({ ...nuevo, descripcion: e.target.value })} />}
        </Field>
        <Field label="Tipo de día" error={fieldError('tipo')}>
          {(p) => (
            <select {...p} value={nuevo.tipo} onChange={(e) => setNuevo({ ...nuevo, tipo: e.target.value as Feriado['tipo'] })}>
              <Opciones opciones={TIPOS_FERIADO} />
            </select>
          )}
        </Field>
        <ErrorMessage error={error} />
        <div className="actions">
          <button type="submit">Agregar feriado</button>
        </div>
      </form>
    </div>
  );
}

const TIPOS_INTEGRACION: Record<Nueva['tipo'], string> = { API_REST: 'API REST', WEBHOOK: 'Webhook' };
const VACIA = { codigo: '', nombre: '', tipo: 'WEBHOOK' as Nueva['tipo'], urlBase: '' };

/** The exchanges with other systems: created here (their secrets shown once), switched on and off, tested. */
function Integraciones() {
  const [items, setItems] = useState<Integracion[]>([]);
  const [nueva, setNueva] = useState(VACIA);
  const [creada, setCreada] = useState<Creada | null>(null);
  const [aviso, setAviso] = useState('');
  const { error, run, fieldError } = useAccion();
  const cargar = useCallback(() => run(async () => setItems(await ok(api.GET('/api/v1/integraciones')))), []);
  useEffect(() => {
    void cargar();
  }, [cargar]);

  async function crear(e: FormEvent) {
    e.preventDefault();
    setCreada(null);
    const body = { codigo: nueva.codigo, nombre: nueva.nombre, tipo: nueva.tipo, ...(nueva.urlBase ? { urlBase: nueva.urlBase } : {}) };
    if (await run(async () => setCreada(await ok(api.POST('/api/v1/integraciones', { body }))))) {
      setNueva(VACIA);
      setAviso(`Integración ${nueva.codigo} creada.`);
      await cargar();
    }
  }

  async function accion(i: Integracion, que: 'activar' | 'desactivar' | 'probar') {
    const path = { params: { path: { id: i.id } } };
    const hecho = await run(() =>
      que === 'activar'
        ? ok(api.POST('/api/v1/integraciones/{id}/activar', path))
        : que === 'desactivar'
          ? ok(api.POST('/api/v1/integraciones/{id}/desactivar', path))
          : ok(api.POST('/api/v1/integraciones/{id}/probar', path)),
    );
    if (hecho) {
      setAviso(`Integración ${i.codigo} ${{ activar: 'activada', desactivar: 'desactivada', probar: 'probada' }[que]}.`);
      await cargar();
    }
  }

  return (
    <div className="card">
      <h2>Integraciones</h2>
      <p role="status" className="aviso">
        {aviso}
      </p>
      {items.length === 0 && <p className="muted">No hay integraciones registradas.</p>}
      {items.length > 0 && (
        <table className="lista" aria-label="Integraciones">
          <Cabecera columnas={['Nombre', 'Tipo', 'Estado', 'Conexión', 'Última prueba', 'Acciones']} />
          <tbody>
            {items.map((i) => (
              <tr key={i.id} data-testid={`integracion-${i.codigo}`}>
                <td>
                  {i.nombre} <span className="muted">({i.codigo})</span>
                </td>
                <td>{TIPOS_INTEGRACION[i.tipo as Nueva['tipo']] ?? i.tipo}</td>
                <td>{i.activa ? 'Activa' : 'Inactiva'}</td>
                <td>{CONEXION[i.estadoConexion] ?? i.estadoConexion}</td>
                <td>{formatFechaHora(i.fechaUltimaPrueba)}</td>
                <td className="acciones">
                  <button type="button" className="secondary" onClick={() => accion(i, i.activa ? 'desactivar' : 'activar')}>
                    {i.activa ? `Desactivar ${i.codigo}` : `Activar ${i.codigo}`}
                  </button>
                  <button type="button" className="secondary" onClick={() => accion(i, 'probar')}>
                    Probar {i.codigo}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {creada && (
        <div className="card" role="region" aria-label={`Credenciales de ${creada.codigo}`}>
          <p>Guarde ahora estas credenciales de {creada.codigo}: no se vuelven a mostrar.</p>
          <p>
            Clave de API de entrada: <code data-testid="integracion-api-key">{creada.apiKey}</code>
          </p>
          <p>
            Secreto de firma: <code data-testid="integracion-secreto">{creada.webhookSecret}</code>
          </p>
        </div>
      )}
      <form className="grid" onSubmit={crear} aria-label="Nueva integración">
        <Field label="Código" error={fieldError('codigo')} hint="De 2 a 50 mayúsculas, dígitos, _ o -">
          {(p) => <input {...p} required value={nueva.codigo} onChange={(e) => setNueva({ ...nueva, codigo: e.target.value })} />}
        </Field>
        <Field label="Nombre" error={fieldError('nombre')}>
          {(p) => <input {...p} required value={nueva.nombre} onChange={(e) => setNueva({ ...nueva, nombre: e.target.value })} />}
        </Field>
        <Field label="Tipo de integración" error={fieldError('tipo')}>
          {(p) => (
            <select {...p} value={nueva.tipo} onChange={(e) => setNueva({ ...nueva, tipo: e.target.value as Nueva['tipo'] })}>
              <Opciones opciones={TIPOS_INTEGRACION} />
            </select>
          )}
        </Field>
        <Field label="URL base" error={fieldError('urlBase')} hint="Opcional: adonde se envían los documentos">
          {(p) => <input {...p} type="url" value={nueva.urlBase} onChange={(e) => setNueva({ ...nueva, urlBase: e.target.value })} />}
        </Field>
        <ErrorMessage error={error} />
        <div className="actions">
          <button type="submit">Crear integración</button>
        </div>
      </form>
    </div>
  );
}
