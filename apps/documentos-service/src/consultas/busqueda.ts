/**
 * How a search text is read. A case number (or a piece of one: "2026-0001", "000123",
 * "exp-2026") is looked up in numero_expediente through its trigram index; anything else is
 * full text over asunto, remitente and numero_documento_externo, or part of a sender's name
 * through the remitente trigram index.
 */
export type Busqueda =
  | { modo: 'expediente'; patron: string }
  | { modo: 'texto'; texto: string; patron: string | null };

/** Trigram indexes need three characters to narrow anything; shorter patterns would read it all. */
const MIN_TRIGRAMA = 3;
/** Digits and dashes with at least three digits, optionally led by EXP. */
const PARTE_DE_EXPEDIENTE = /^(EXP-?|EXP-\d{1,4}-?|)[\d-]*\d{3}[\d-]*$|^EXP-?\d{1,4}-?$/;

export function clasificarBusqueda(q: string): Busqueda {
  const texto = q.trim().replace(/\s+/g, ' ');
  const compacto = texto.toUpperCase();
  if (PARTE_DE_EXPEDIENTE.test(compacto)) return { modo: 'expediente', patron: contiene(compacto) };
  return { modo: 'texto', texto, patron: texto.length >= MIN_TRIGRAMA ? contiene(texto) : null };
}

/** `%text%` for ILIKE, with the text's own wildcards taken literally. */
export function contiene(texto: string): string {
  return `%${texto.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
