import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainException, ErrorCodes, FieldError } from '@mesa/shared/errors';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Whitelist, forbid unknown fields, transform; failures become a 400 problem naming each field. */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
  exceptionFactory: (errors) =>
    new DomainException(ErrorCodes.VALIDATION_FAILED, 400, 'La solicitud tiene campos inválidos', flatten(errors)),
});
