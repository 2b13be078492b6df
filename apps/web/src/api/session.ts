import type { components } from './schema';

type Tokens = components['schemas']['TokenDto'];

export type Rol = 'ADMIN' | 'MESA_PARTES' | 'AREA' | 'AUDITOR' | 'SRE';

/** What the access token says about its user (the gateway signed it; the browser only reads it). */
export interface Usuario {
  id: string;
  username: string;
  rol: Rol;
  areaId: number | null;
}

interface Stored {
  accessToken: string;
  refreshToken: string;
  /** Milliseconds since the epoch when the access token stops working. */
  expiresAt: number;
}

const KEY = 'mesa.sesion';
const listeners = new Set<() => void>();

function read(): Stored | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Stored) : null;
  } catch {
    return null;
  }
}

let current: Stored | null = read();

function decode(token: string): Usuario {
  const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const json = new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0)));
  const claims = JSON.parse(json) as { sub: string; username: string; rol: Rol; areaId: number | null };
  return { id: claims.sub, username: claims.username, rol: claims.rol, areaId: claims.areaId ?? null };
}

/**
 * The session lives in sessionStorage: one tab's, gone with it. Refresh tokens are single-use
 * (a reused one ends the session), so every refresh of this tab goes through one promise.
 */
export const session = {
  user(): Usuario | null {
    return current ? decode(current.accessToken) : null;
  },
  accessToken(): string | null {
    return current?.accessToken ?? null;
  },
  refreshToken(): string | null {
    return current?.refreshToken ?? null;
  },
  /** The access token is past its life or within 30 s of it. */
  stale(): boolean {
    return !!current && Date.now() > current.expiresAt - 30_000;
  },
  set(tokens: Tokens): void {
    current = { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: Date.now() + tokens.expiresIn * 1000 };
    sessionStorage.setItem(KEY, JSON.stringify(current));
    listeners.forEach((l) => l());
  },
  clear(): void {
    current = null;
    sessionStorage.removeItem(KEY);
    listeners.forEach((l) => l());
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
