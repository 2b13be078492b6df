import { type ReactNode, useEffect, useRef, useSyncExternalStore } from 'react';
import { api } from './api/client';
import { type Rol, session } from './api/session';
import { Link, match, navigate, useLocation } from './router';
import { Administracion } from './screens/Administracion';
import { Bandeja } from './screens/Bandeja';
import { Busqueda } from './screens/Busqueda';
import { DocumentoDetalle } from './screens/Documento';
import { Login } from './screens/Login';
import { Notificaciones, useNoLeidas } from './screens/Notificaciones';
import { Registro } from './screens/Registro';
import { Reportes } from './screens/Reportes';
import { SeguimientoPublico } from './screens/Seguimiento';
import { Tablero } from './screens/Tablero';

const TODOS: Rol[] = ['ADMIN', 'MESA_PARTES', 'AREA', 'AUDITOR', 'SRE'];

/** The screens of the desk, who may open each (as the API allows it) and the title of its tab. */
const PANTALLAS: { path: string; titulo: string; menu?: string; roles: Rol[] }[] = [
  { path: '/registro', titulo: 'Registrar documento', menu: 'Registrar', roles: ['ADMIN', 'MESA_PARTES'] },
  { path: '/bandeja', titulo: 'Bandeja', menu: 'Bandeja', roles: ['ADMIN', 'MESA_PARTES', 'AREA', 'AUDITOR'] },
  { path: '/buscar', titulo: 'Buscar', menu: 'Buscar', roles: ['ADMIN', 'MESA_PARTES', 'AREA', 'AUDITOR'] },
  { path: '/tablero', titulo: 'Tablero', menu: 'Tablero', roles: ['ADMIN', 'MESA_PARTES', 'AREA', 'AUDITOR'] },
  { path: '/reportes', titulo: 'Reportes', menu: 'Reportes', roles: ['ADMIN', 'MESA_PARTES', 'AREA', 'AUDITOR'] },
  { path: '/administracion', titulo: 'Administración', menu: 'Administración', roles: ['ADMIN'] },
  { path: '/notificaciones', titulo: 'Notificaciones', roles: TODOS },
  { path: '/documentos/:id', titulo: 'Documento', roles: ['ADMIN', 'MESA_PARTES', 'AREA', 'AUDITOR'] },
];

const inicio = (rol: Rol) => (rol === 'MESA_PARTES' ? '/registro' : rol === 'SRE' ? '/notificaciones' : '/bandeja');

export function App() {
  const { path, query } = useLocation();
  const usuario = useSyncExternalStore(session.subscribe, () => session.accessToken());
  const user = usuario ? session.user() : null;
  const noLeidas = useNoLeidas(!!user, path);

  const publico = match('/seguimiento/:numero', path) ?? (path === '/seguimiento' ? { numero: '' } : null);
  const pantalla = PANTALLAS.find((p) => match(p.path, path));
  const titulo = publico ? 'Seguimiento de trámite' : path === '/login' || !user ? 'Ingresar' : (pantalla?.titulo ?? 'Página no encontrada');
  useEffect(() => {
    document.title = `${titulo} · Mesa de Partes`;
  }, [titulo]);

  // A new screen takes the keyboard focus to its content (as a page load would, past the menu),
  // unless the screen already put it somewhere inside (the search field).
  const primera = useRef(true);
  useEffect(() => {
    if (primera.current) {
      primera.current = false;
      return;
    }
    const main = document.getElementById('contenido');
    if (main && !main.contains(document.activeElement)) main.focus();
  }, [path]);

  const sinSesion = !publico && !user && path !== '/login';
  const conSesionEnLogin = user && (path === '/login' || path === '/');
  useEffect(() => {
    if (sinSesion) navigate(`/login?siguiente=${encodeURIComponent(path + window.location.search)}`, true);
    else if (conSesionEnLogin) navigate(inicio(user.rol), true);
  }, [sinSesion, conSesionEnLogin, path, user]);

  if (publico) return <SeguimientoPublico numero={publico.numero} codigo={query.get('codigo') ?? ''} />;
  if (!user) return path === '/login' ? <Login next={query.get('siguiente') ?? '/'} /> : null;

  async function salir() {
    await api.POST('/api/v1/auth/logout').catch(() => undefined);
    session.clear();
    navigate('/login');
  }

  let contenido: ReactNode;
  const params = pantalla ? match(pantalla.path, path) : null;
  if (!pantalla || !params) contenido = <p>La página que buscó no existe.</p>;
  else if (!pantalla.roles.includes(user.rol)) contenido = <p>Su rol no permite abrir esta pantalla.</p>;
  else if (pantalla.path === '/registro') contenido = <Registro />;
  else if (pantalla.path === '/bandeja') contenido = <Bandeja usuario={user} />;
  else if (pantalla.path === '/buscar') contenido = <Busqueda />;
  else if (pantalla.path === '/tablero') contenido = <Tablero />;
  else if (pantalla.path === '/reportes') contenido = <Reportes />;
  else if (pantalla.path === '/notificaciones') contenido = <Notificaciones />;
  else if (pantalla.path === '/administracion') contenido = <Administracion />;
  else contenido = <DocumentoDetalle key={params.id} id={params.id} usuario={user} />;

  return (
    <>
      <a className="skip" href="#contenido">
        Ir al contenido
      </a>
      <header className="top">
        <span className="marca">Mesa de Partes</span>
        <nav aria-label="Principal">
          <ul>
            {PANTALLAS.filter((p) => p.menu && p.roles.includes(user.rol)).map((p) => (
              <li key={p.path}>
                <Link href={p.path} aria-current={match(p.path, path) ? 'page' : undefined}>
                  {p.menu}
                </Link>
              </li>
            ))}
            <li>
              <Link href="/notificaciones" aria-current={path === '/notificaciones' ? 'page' : undefined}>
                Notificaciones{' '}
                <span className="contador" data-testid="no-leidas" aria-label={`${noLeidas} sin leer`}>
                  {noLeidas}
                </span>
              </Link>
            </li>
          </ul>
        </nav>
        <span className="usuario">
          {user.username} ({user.rol})
        </span>
        <button type="button" className="secondary" onClick={salir}>
          Salir
        </button>
      </header>
      <main id="contenido" tabIndex={-1}>
        {contenido}
      </main>
    </>
  );
}
