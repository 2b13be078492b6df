import { type ReactNode, useId } from 'react';
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
