/**
 * Our document as the other system names it: `mapeo` is our field → their field. Without a
 * mapping every field goes with our names; with one, only the mapped fields go.
 */
export function mapearCampos(doc: Record<string, unknown>, mapeo: Record<string, string>): Record<string, unknown> {
  const pares = Object.entries(mapeo);
  if (!pares.length) return { ...doc };
  const out: Record<string, unknown> = {};
  for (const [nuestro, suyo] of pares) if (nuestro in doc) out[suyo] = doc[nuestro];
  return out;
}
