import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { PROBLEM_LIMITS } from '@mesa/shared/errors';

class FieldErrorSchema {
  @ApiProperty({ maxLength: PROBLEM_LIMITS.field, example: 'documentos.0.asunto' }) field: string;
  @ApiProperty({ maxLength: PROBLEM_LIMITS.message }) message: string;
}

/** RFC 7807 problem document, as every error of the API is answered. */
export class ProblemDetails {
  @ApiProperty({ maxLength: 150, example: 'urn:problem:mesa:validation_failed' }) type: string;
  @ApiProperty({ maxLength: 100, example: 'Bad Request' }) title: string;
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 400, maximum: 599, example: 400 }) status: number;
  @ApiProperty({ maxLength: PROBLEM_LIMITS.detail }) detail: string;
  @ApiProperty({ maxLength: 100, pattern: '^[A-Z0-9_]+$', example: 'VALIDATION_FAILED', description: 'Stable machine-readable code' })
  code: string;
  @ApiPropertyOptional({ type: [FieldErrorSchema], maxItems: PROBLEM_LIMITS.fields }) fields?: FieldErrorSchema[];
}

/** The component every problem response of the document refers to. */
export const PROBLEM_SCHEMA = ProblemDetails.name;

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (problem JSON with the offending fields)',
  401: 'Missing or invalid bearer token',
  403: 'The role may not do this',
  404: 'Not found (or not visible to the caller)',
  409: 'Refused by the desk rules',
  422: 'Idempotency key reused with another body',
  429: 'Rate limited (Retry-After)',
  504: 'A service did not answer in time',
};

/** Documents the problem responses a route can give. */
export const ApiProblems = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', type: ProblemDetails }),
    ),
  );
