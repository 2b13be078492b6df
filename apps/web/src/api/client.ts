import createClient from 'openapi-fetch';
import type { components, paths } from './schema';
import { session } from './session';

export type Schemas = components['schemas'];
type Problem = Schemas['ProblemDetails'];

let refreshing: Promise<boolean> | null = null;

/** Exchanges the refresh token once, however many requests found the access token expired. */
function refresh(): Promise<boolean> {
  refreshing ??= (async () => {
    const refreshToken = session.refreshToken();
    if (!refreshToken) return false;
    const res = await fetch('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    });
    if (!res.ok) {
      session.clear();
      return false;
    }
    session.set(await res.json());
    return true;
  })().finally(() => (refreshing = null));
  return refreshing;
}

/** A valid access token, refreshed first when it is about to expire. */
async function bearer(): Promise<string | null> {
  if (session.stale()) await refresh();
  return session.accessToken();
}

/** fetch with the session's token; a 401 refreshes once and sends the request again. */
async function authedFetch(request: Request): Promise<Response> {
  const retry = request.clone();
  const token = await bearer();
  if (token) request.headers.set('authorization', `Bearer ${token}`);
  const res = await fetch(request);
  if (res.status !== 401 || !session.refreshToken() || request.url.includes('/auth/')) return res;
  if (!(await refresh())) return res;
  retry.headers.set('authorization', `Bearer ${session.accessToken()}`);
  return fetch(retry);
}

/** The typed API: paths, parameters and bodies checked against the gateway's OpenAPI document. */
export const api = createClient<paths>({ baseUrl: window.location.origin, fetch: authedFetch });

/** The problem JSON of a failed call, or one in Spanish when the answer was not one. */
function problem(error: unknown, status?: number): Problem {
  if (error && typeof error === 'object' && 'detail' in error) return error as Problem;
  return {
    type: 'about:blank',
    title: 'Error',
    status: status ?? 0,
    code: 'UNKNOWN',
    detail: status ? `El servidor respondió ${status}. Intente de nuevo.` : 'No se pudo conectar con el servidor. Intente de nuevo.',
  };
}

/** Throws the call's problem, or returns its data. */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) throw new ApiError(problem(error, response.status));
  return data as T;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
  /** The message for one field, when the API named it (the gateway says it in Spanish). */
  field(name: string): string | undefined {
    return this.problem.fields?.find((f) => f.field === name || f.field.startsWith(`${name}.`))?.message;
  }
}

export const newKey = () => crypto.randomUUID();

/** Downloads a binary answer (receipt, report) with the session's token and saves it under `name`. */
export async function download(path: string, name: string): Promise<void> {
  const res = await authedFetch(new Request(path));
  if (!res.ok) throw new ApiError(problem(await res.json().catch(() => undefined), res.status));
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** POST multipart with upload progress (fetch cannot report it): resolves with the parsed JSON. */
export async function upload<T>(path: string, file: File, onProgress: (fraction: number) => void): Promise<T> {
  const token = await bearer();
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('idempotency-key', newKey());
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body as T);
      } else reject(new ApiError(problem(body, xhr.status)));
    };
    xhr.onerror = () => reject(new ApiError(problem(undefined)));
    const form = new FormData();
    form.append('archivo', file, file.name);
    xhr.send(form);
  });
}
