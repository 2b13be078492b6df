import { DECORATORS } from '@nestjs/swagger/dist/constants';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { INT4_MAX } from './enteros';

/** What OpenAPI can say of one property; undefined keys are left out. */
type Limites = Partial<Record<'minLength' | 'maxLength' | 'minimum' | 'maximum' | 'minItems' | 'maxItems' | 'pattern' | 'format' | 'type', unknown>>;

/**
 * The longest and shortest text a regular expression of fixed pieces admits (`^[A-Z0-9_-]{2,50}$`,
 * `^\d{4}-\d{2}-\d{2}$`): runs of one character or class, each with an optional `{n}`/`{m,n}`/`?`.
 * Anything unbounded or with alternatives gives nothing: its limit must be stated elsewhere.
 */
export function longitudDePatron(source: string): { min: number; max: number } | undefined {
  const body = source.replace(/^\^/, '').replace(/\$$/, '');
  const pieza = /(\\.|\[(?:\\.|[^\]\\])+\]|[^\\[\](){}|*+?^$.])(\{(\d+)(?:,(\d+))?\}|\?)?/y;
  let min = 0;
  let max = 0;
  for (let i = 0; i < body.length; ) {
    pieza.lastIndex = i;
    const m = pieza.exec(body);
    if (!m) return undefined;
    const [all, , cuant, desde, hasta] = m;
    if (cuant === '?') {
      max += 1;
    } else if (desde !== undefined) {
      min += Number(desde);
      max += Number(hasta ?? desde);
    } else {
      min += 1;
      max += 1;
    }
    i += all.length;
  }
  return { min, max };
}

/** The OpenAPI keywords one class-validator constraint implies. */
function limitesDe(v: ValidationMetadata, todas: ValidationMetadata[]): Limites {
  const [a, b] = v.constraints ?? [];
  switch (v.name) {
    case 'maxLength':
      return { maxLength: a };
    case 'minLength':
      return { minLength: a };
    case 'isLength':
      return { minLength: a, maxLength: b };
    case 'min':
      return { minimum: a };
    case 'max':
      return { maximum: a };
    case 'arrayMinSize':
      return { minItems: a };
    case 'arrayMaxSize':
      return { maxItems: a };
    case 'isInt': {
      const max = todas.find((o) => o.name === 'max' && o.each === v.each)?.constraints?.[0];
      return { type: 'integer', format: typeof max === 'number' && max <= INT4_MAX ? 'int32' : 'int64' };
    }
    case 'isUuid':
      // Its length follows from the format (completarDocumento).
      return { format: 'uuid' };
    case 'isUrl':
      return { format: 'uri' };
    case 'isIso8601':
      // An ISO date when a pattern narrows it to YYYY-MM-DD, else an instant (strict ISO 8601).
      return { format: todas.some((o) => o.name === 'matches') ? 'date' : 'date-time' };
    case 'matches': {
      const source = a instanceof RegExp ? a.source : String(a);
      const longitud = longitudDePatron(source);
      return { pattern: source, minLength: longitud?.min, maxLength: longitud?.max };
    }
    case 'arrayUnique': {
      // Distinct values of a closed set: never more of them than the set has.
      const valores = todas.find((o) => o.name === 'isIn' && o.each)?.constraints?.[0];
      return { maxItems: Array.isArray(valores) ? valores.length : undefined };
    }
    default:
      return {};
  }
}

const MAXIMOS = new Set(['maxLength', 'maximum', 'maxItems']);
const MINIMOS = new Set(['minLength', 'minimum', 'minItems']);

/** Two constraints on one property both hold: the tighter bound is the one enforced. */
function juntar(a: Limites, b: Limites): Limites {
  const r: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (v === undefined) continue;
    const previo = r[k];
    if (typeof previo === 'number' && typeof v === 'number' && (MAXIMOS.has(k) || MINIMOS.has(k))) {
      r[k] = MAXIMOS.has(k) ? Math.min(previo, v) : Math.max(previo, v);
    } else {
      r[k] = v;
    }
  }
  return r;
}

let hecho = false;

/**
 * The limits the validation pipe enforces, shown in the OpenAPI document: every property a DTO
 * documents with @ApiProperty gets the lengths, bounds, sizes, patterns and formats of its
 * class-validator decorators, so each limit is written once, where it is enforced. What
 * @ApiProperty states itself wins. Runs once, before the document is built.
 */
export function documentarLimites(): void {
  if (hecho) return;
  hecho = true;
  // The storage keeps every decorated class; it has no public way to list them.
  const porClase = (getMetadataStorage() as unknown as { validationMetadatas: Map<{ prototype: object }, ValidationMetadata[]> }).validationMetadatas;
  for (const [clase, metadatos] of porClase) {
    const porPropiedad = new Map<string, ValidationMetadata[]>();
    for (const v of metadatos) porPropiedad.set(v.propertyName, [...(porPropiedad.get(v.propertyName) ?? []), v]);
    for (const [propiedad, todas] of porPropiedad) {
      const documentada = Reflect.getOwnMetadata(DECORATORS.API_MODEL_PROPERTIES, clase.prototype, propiedad) as Record<string, unknown> | undefined;
      if (!documentada) continue;
      const definidos = todas.map((v) => limitesDe(v, todas)).reduce<Limites>(juntar, {});
      // A pattern @ApiProperty states describes the shape itself: no derived format beside it.
      if (documentada.pattern !== undefined) delete definidos.format;
      const combinada = { ...definidos, ...documentada };
      // 'integer' refines a Number (the TypeScript type's or the one @ApiProperty names), nothing else.
      if (definidos.type && [undefined, Number, 'number'].includes(documentada.type as never)) combinada.type = definidos.type;
      Reflect.defineMetadata(DECORATORS.API_MODEL_PROPERTIES, combinada, clase.prototype, propiedad);
    }
  }
}
