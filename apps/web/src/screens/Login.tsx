import { type FormEvent, useState } from 'react';
import { api, ok } from '../api/client';
import { session } from '../api/session';
import { ErrorMessage, Field, useAccion } from '../components/ui';
import { navigate } from '../router';

export function Login({ next }: { next: string }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run, fieldError } = useAccion();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const entro = await run(async () => session.set(await ok(api.POST('/api/v1/auth/login', { body: { username, password } }))));
    // Only a path of this app: never another site named in the link.
    if (entro) navigate(next.startsWith('/') && !next.startsWith('//') ? next : '/', true);
  }

  return (
    <main className="login" id="contenido">
      <h1>Mesa de Partes</h1>
      <form onSubmit={submit} className="card" aria-labelledby="titulo-login">
        <h2 id="titulo-login">Iniciar sesión</h2>
        <Field label="Usuario" error={fieldError('username')}>
          {(p) => <input {...p} name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />}
        </Field>
        <Field label="Contraseña" error={fieldError('password')}>
          {(p) => (
            <input {...p} name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          )}
        </Field>
        <ErrorMessage error={error} />
        <button type="submit" disabled={busy}>
          Ingresar
        </button>
      </form>
    </main>
  );
}
