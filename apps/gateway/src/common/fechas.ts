import { applyDecorators } from '@nestjs/common';
import { IsISO8601, MaxLength } from 'class-validator';

/** The longest ISO 8601 text we take: an instant to the nanosecond with an offset (2026-01-31T23:59:59.123456789-05:00). */
const ISO_MAX_LENGTH = 35;

/** An ISO 8601 date or instant, strict, of bounded length (the validator's own pattern has none). */
export const Instante = () => applyDecorators(IsISO8601({ strict: true }), MaxLength(ISO_MAX_LENGTH));

/** For a filter that takes a date or an instant: no single OpenAPI format says both; ISO 8601 starts with the date. */
export const FECHA_O_INSTANTE = { pattern: '^\\d{4}-\\d{2}-\\d{2}' };
