import { type ReactNode, useId, useState } from 'react';
import { ApiError } from '../api/client';

/** A labelled form field; its error (from the API's problem `fields`) sits right under it. */
export function Field({
  label,
  error,
  children,
  hint,
}: {
  label: string;
  error?: string;
  hint?: string;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
}) {
  const id = useId();
  const described = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': !!error, 'aria-describedby': described })}
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} className="field-error">
          {error}
        </small>
      )}
    </div>
  );
}

/** The API's `detail` (or any failure) in an alert the screen reader announces. */
export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  const text = error instanceof ApiError ? error.problem.detail : error instanceof Error ? error.message : String(error);
  return (
    <p role="alert" className="error">
      {text}
    </p>
  );
}

export function Estado({ estado, labels }: { estado: string; labels: Record<string, string> }) {
  return <span className={`badge estado-${estado.toLowerCase()}`}>{labels[estado] ?? estado}</span>;
}

export function Cargando() {
  return (
    <p className="muted" role="status">
      Cargando…
    </p>
  );
}

/** The header row of a list table. */
export function Cabecera({ columnas }: { columnas: string[] }) {
  return (
    <thead>
      <tr>
        {columnas.map((c) => (
          <th key={c} scope="col">
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** The options of a select: a first empty choice when `vacia` is given, then value → label. */
export function Opciones({ vacia, opciones }: { vacia?: string; opciones: Record<string, string> | { id: number; nombre: string }[] }) {
  const pares = Array.isArray(opciones) ? opciones.map((o) => [o.id, o.nombre] as const) : Object.entries(opciones);
  return (
    <>
      {vacia !== undefined && <option value="">{vacia}</option>}
      {pares.map(([valor, texto]) => (
        <option key={valor} value={valor}>
          {texto}
        </option>
      ))}
    </>
  );
}

/**
 * A form's submission: busy while it runs, its error kept for the fields and the alert.
 * `run` resolves true when the action succeeded.
 */
export function useAccion() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function run(action: () => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  }
  const fieldError = (name: string) => (error instanceof ApiError ? error.field(name) : undefined);
  return { busy, error, setError, run, fieldError };
}
