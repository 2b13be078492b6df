import pino, { Logger } from 'pino';
import { RequestContext } from './request-context';

/**
 * The process's root pino logger: JSON lines with service, request id and message pattern.
 * Secrets and personal data are redacted by path; nothing else logs request bodies.
 */
export function createRootLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const ctx = RequestContext.get();
      return ctx ? { requestId: ctx.requestId, ...(ctx.pattern ? { pattern: ctx.pattern } : {}) } : {};
    },
    redact: {
      paths: [
        'password',
        '*.password',
        'authorization',
        '*.authorization',
        'headers.authorization',
        'credenciales',
        '*.credenciales',
        'token',
        '*.token',
        'accessToken',
        // Integration secrets (integraciones-service): defence in depth, the code never logs them.
        'clave',
        '*.clave',
        'apiKey',
        '*.apiKey',
        'webhookSecret',
        '*.webhookSecret',
        'headers["x-api-key"]',
        'headers["x-mesa-firma"]',
      ],
      censor: '[redacted]',
    },
  });
}
