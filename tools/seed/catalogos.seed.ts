import type { ClientBase } from 'pg';
import { hashPassword } from '@mesa/shared/auth';
import { anioLima, feriadosNacionales } from '@mesa/shared/domain';
import { AREAS, TIPOS_DOCUMENTO, USUARIOS } from './catalogos';

export interface CatalogIds {
  areas: Record<string, number>;
  tipos: Record<string, number>;
}

/** Offices, document types and holidays; existing rows (matched by code or date) are left as they are. */
export async function seedCatalogos(client: ClientBase): Promise<CatalogIds> {
  await client.query(
    `INSERT INTO documentos.area (codigo, nombre)
     SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (codigo) DO NOTHING`,
    [AREAS.map((a) => a.codigo), AREAS.map((a) => a.nombre)],
  );
  await client.query(
    `INSERT INTO documentos.tipo_documento (codigo, nombre, plazo_dias)
     SELECT * FROM unnest($1::text[], $2::text[], $3::int[]) ON CONFLICT (codigo) DO NOTHING`,
    [TIPOS_DOCUMENTO.map((t) => t.codigo), TIPOS_DOCUMENTO.map((t) => t.nombre), TIPOS_DOCUMENTO.map((t) => t.plazoDias)],
  );
  const feriados = aniosDeFeriados().flatMap(feriadosNacionales);
  await client.query(
    `INSERT INTO documentos.feriado (fecha, descripcion, tipo)
     SELECT fecha, descripcion, tipo::documentos.tipo_feriado
       FROM unnest($1::date[], $2::text[], $3::text[]) AS f(fecha, descripcion, tipo)
     ON CONFLICT (fecha) DO NOTHING`,
    [feriados.map((f) => f.fecha), feriados.map((f) => f.nombre), feriados.map((f) => f.tipo)],
  );
  const areas = await client.query<{ codigo: string; id: number }>('SELECT codigo, id FROM documentos.area');
  const tipos = await client.query<{ codigo: string; id: number }>('SELECT codigo, id FROM documentos.tipo_documento');
  return {
    areas: Object.fromEntries(areas.rows.map((r) => [r.codigo, r.id])),
    tipos: Object.fromEntries(tipos.rows.map((r) => [r.codigo, r.id])),
  };
}

/** This year and the next, and the two before (seeded documents go back two years). */
export function aniosDeFeriados(): number[] {
  const anio = anioLima(new Date());
  return [anio - 2, anio - 1, anio, anio + 1];
}

/** One user per role. Only missing users are created (and hashed): existing ones keep their password (rehashed at sign-in when older). */
export async function seedUsuarios(client: ClientBase, password: string, areas: Record<string, number>): Promise<Record<string, string>> {
  const existentes = await client.query<{ username: string }>('SELECT username FROM gateway.usuario WHERE username = ANY($1)', [
    USUARIOS.map((u) => u.username),
  ]);
  const faltan = USUARIOS.filter((u) => !existentes.rows.some((r) => r.username === u.username));
  if (faltan.length > 0) {
    // One hash for all: they share the demo password, and each scrypt costs 128 MiB and a
    // few hundred milliseconds at today's cost.
    const hash = await hashPassword(password);
    await client.query(
      `INSERT INTO gateway.usuario (username, password_hash, nombre, rol, area_id)
       SELECT u, h, n, r::gateway.rol, a FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[]) AS t(u, h, n, r, a)
       ON CONFLICT (username) DO NOTHING`,
      [
        faltan.map((u) => u.username),
        faltan.map(() => hash),
        faltan.map((u) => u.nombre),
        faltan.map((u) => u.rol),
        faltan.map((u) => (u.area === null ? null : areas[u.area])),
      ],
    );
  }
  const { rows } = await client.query<{ username: string; id: string }>(
    'SELECT username, id FROM gateway.usuario WHERE username = ANY($1)',
    [USUARIOS.map((u) => u.username)],
  );
  return Object.fromEntries(rows.map((r) => [r.username, r.id]));
}
