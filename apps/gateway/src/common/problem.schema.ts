import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

class FieldErrorSchema {
  @ApiProperty() field: string;
  @ApiProperty() message: string;
}

/** RFC 7807 problem document, as every error of the API is answered. */
export class ProblemSchema {
  @ApiProperty({ example: 'urn:problem:mesa:validation_failed' }) type: string;
  @ApiProperty({ example: 'Bad Request' }) title: string;
  @ApiProperty({ example: 400 }) status: number;
  @ApiProperty() detail: string;
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable machine-readable code' }) code: string;
  @ApiPropertyOptional({ type: [FieldErrorSchema] }) fields?: FieldErrorSchema[];
}

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
      ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', type: ProblemSchema }),
    ),
  );
