/**
 * Domain errors: one class, a stable machine-readable `code` and an HTTP status.
 * They cross the bus as a plain ProblemPayload and are rebuilt on the other side, so the
 * gateway renders the service's error exactly (RFC 7807 problem JSON).
 */
export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemPayload {
  code: string;
  status: number;
  title: string;
  detail: string;
  fields?: FieldError[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function titleFor(status: number): string {
  return TITLES[status] ?? 'Error';
}

export class DomainException extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    detail: string,
    readonly fields?: FieldError[],
  ) {
    super(detail);
    this.name = 'DomainException';
  }

  toProblem(): ProblemPayload {
    return {
      code: this.code,
      status: this.status,
      title: titleFor(this.status),
      detail: this.message,
      ...(this.fields?.length ? { fields: this.fields } : {}),
    };
  }

  static fromProblem(p: ProblemPayload): DomainException {
    return new DomainException(p.code, p.status, p.detail, p.fields);
  }

  static isProblem(value: unknown): value is ProblemPayload {
    const v = value as ProblemPayload;
    return !!v && typeof v === 'object' && typeof v.code === 'string' && typeof v.status === 'number';
  }
}

/** The body of an error answer: the problem with its RFC 7807 `type`, sent as application/problem+json. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
export function problemDocument(p: ProblemPayload): ProblemPayload & { type: string } {
  return { type: `urn:problem:mesa:${p.code.toLowerCase()}`, ...p };
}

export const notFound = (code: string, detail: string) => new DomainException(code, 404, detail);
export const conflict = (code: string, detail: string) => new DomainException(code, 409, detail);
export const badRequest = (code: string, detail: string, fields?: FieldError[]) =>
  new DomainException(code, 400, detail, fields);
export const forbidden = (code: string, detail: string) => new DomainException(code, 403, detail);
export const unauthorized = (code: string, detail: string) => new DomainException(code, 401, detail);
