import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { isPlainObject } from '@mesa/shared/app';
import { DomainException, ErrorCodes, FieldError } from '@mesa/shared/errors';
import { mensajesDe } from './mensajes-validacion';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = mensajesDe(e).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * ValidationPipe validates a body that is not an object (`[]`, `"x"`, `1`, `null`) as if it were
 * `{}`, and then hands it on as it came: a DTO without required fields let a PATCH of `"x"` through.
 * A body for a DTO must be a JSON object; no body at all is still validated as `{}`.
 */
class DtoValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata) {
    if (metadata.type === 'body' && value !== undefined && !isPlainObject(value) && this.toValidate(metadata)) {
      throw new DomainException(ErrorCodes.VALIDATION_FAILED, 400, 'El cuerpo debe ser un objeto JSON', [
        { field: 'body', message: 'no es un objeto' },
      ]);
    }
    return super.transform(value, metadata);
  }
}

/** Whitelist, forbid unknown fields, transform; failures become a 400 problem naming each field, in Spanish. */
export const validationPipe = new DtoValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
  exceptionFactory: (errors) =>
    new DomainException(ErrorCodes.VALIDATION_FAILED, 400, 'La solicitud tiene campos inválidos', flatten(errors)),
});
