import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { IdempotenciaInterceptor, MAX_KEY_LENGTH } from './idempotencia.interceptor';

/** Marks a creating POST as accepting `Idempotency-Key`. */
export const Idempotente = () =>
  applyDecorators(
    UseInterceptors(IdempotenciaInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      schema: { type: 'string', minLength: 1, maxLength: MAX_KEY_LENGTH },
      description: 'A retry with the same key and body answers the first answer (header Idempotent-Replayed: true); kept 24 h',
    }),
  );
