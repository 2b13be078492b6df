import * as cv from 'class-validator';

/**
 * class-validator has no translations (its maintainers leave i18n to the caller), and its default
 * sentences are English and start with the property's name. The API names the field apart, so
 * each message here is what the field must be, in Spanish, with the decorator's own figures
 * (read from the DTO's validation metadata, not parsed from the English sentence).
 */
const lista = (valores: unknown) => (Array.isArray(valores) ? valores.map(String).join(', ') : String(valores));

const MENSAJES: Record<string, (c: unknown[]) => string> = {
  [cv.IS_DEFINED]: () => 'es obligatorio',
  [cv.IS_NOT_EMPTY]: () => 'es obligatorio',
  [cv.IS_STRING]: () => 'debe ser un texto',
  [cv.IS_INT]: () => 'debe ser un número entero',
  [cv.IS_NUMBER]: () => 'debe ser un número',
  [cv.IS_POSITIVE]: () => 'debe ser un número positivo',
  [cv.IS_BOOLEAN]: () => 'debe ser verdadero o falso',
  [cv.IS_OBJECT]: () => 'debe ser un objeto',
  [cv.IS_ARRAY]: () => 'debe ser una lista',
  [cv.MIN]: ([n]) => `no puede ser menor que ${n}`,
  [cv.MAX]: ([n]) => `no puede ser mayor que ${n}`,
  [cv.MIN_LENGTH]: ([n]) => `debe tener al menos ${n} caracteres`,
  [cv.MAX_LENGTH]: ([n]) => `debe tener como máximo ${n} caracteres`,
  [cv.IS_LENGTH]: ([min, max]) =>
    max === undefined ? `debe tener al menos ${min} caracteres` : `debe tener entre ${min} y ${max} caracteres`,
  [cv.IS_ENUM]: ([, valores]) => `debe ser uno de: ${lista(valores)}`,
  [cv.IS_IN]: ([valores]) => `debe ser uno de: ${lista(valores)}`,
  [cv.IS_UUID]: () => 'debe ser un UUID',
  [cv.IS_ISO8601]: () => 'debe ser una fecha o un instante ISO 8601',
  [cv.IS_DATE_STRING]: () => 'debe ser una fecha o un instante ISO 8601',
  [cv.IS_URL]: () => 'debe ser una URL válida',
  [cv.IS_EMAIL]: () => 'debe ser un correo electrónico válido',
  [cv.MATCHES]: () => 'no tiene el formato esperado',
  [cv.ARRAY_MIN_SIZE]: ([n]) => `debe tener al menos ${n} elemento${n === 1 ? '' : 's'}`,
  [cv.ARRAY_MAX_SIZE]: ([n]) => `debe tener como máximo ${n} elemento${n === 1 ? '' : 's'}`,
  [cv.ARRAY_UNIQUE]: () => 'no debe repetir elementos',
  [cv.ValidationTypes.WHITELIST]: () => 'no es un campo permitido',
  [cv.ValidationTypes.NESTED_VALIDATION]: () => 'debe ser un objeto o una lista de objetos',
  unknownValue: () => 'no es un valor que se pueda validar',
};
const FALLBACK = 'no es válido';
/** Those that need the decorator's figures: without its metadata, the fallback rather than a sentence with a hole. */
const CON_CIFRAS = new Set([cv.MIN, cv.MAX, cv.MIN_LENGTH, cv.MAX_LENGTH, cv.IS_LENGTH, cv.IS_ENUM, cv.IS_IN, cv.ARRAY_MIN_SIZE, cv.ARRAY_MAX_SIZE]);

/** The decorator behind one failed constraint of the error's DTO, when class-validator kept its target. */
function metadato(error: cv.ValidationError, constraint: string) {
  const clase = error.target?.constructor;
  if (!clase) return undefined;
  return cv.getMetadataStorage()
    .getTargetValidationMetadatas(clase, '', true, false)
    .find((m) => m.propertyName === error.property && (m.name ?? m.type) === constraint);
}

/**
 * One Spanish message per failed constraint of the field. A message the DTO wrote itself is the
 * DTO's words and stays; `each` decorators speak of every element.
 */
export function mensajesDe(error: cv.ValidationError): string[] {
  return Object.entries(error.constraints ?? {}).map(([constraint, original]) => {
    const m = metadato(error, constraint);
    // Only a validator's message is the DTO's choice: ValidateNested always carries the library's own.
    if (m?.message && m.type === cv.ValidationTypes.CUSTOM_VALIDATION) return original;
    const plantilla = m || !CON_CIFRAS.has(constraint) ? MENSAJES[constraint] : undefined;
    const texto = plantilla?.(m?.constraints ?? []) ?? FALLBACK;
    return m?.each ? `cada elemento ${texto}` : texto;
  });
}
