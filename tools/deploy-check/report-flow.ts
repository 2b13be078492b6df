import { waitUntil } from '@mesa/shared/testing';

/** What `api()` of apps/gateway/test/support gives: one call to the gateway's API. */
type Api = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: { id?: string; estado?: string } }>;

/**
 * Asks the gateway for today's report of documents (from yesterday, UTC: the day of registration
 * in whatever time zone the report uses) and waits until its task ends. The same request by the
 * same user is answered with the same task, so tests sharing the run's database ask for
 * different formats.
 */
export async function pedirReporteDeHoy(as: Api, formato: 'csv' | 'xlsx'): Promise<{ status: number; id: string; estado: string }> {
  const dia = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const pedido = await as('POST', '/reportes', { tipo: 'documentos', formato, filtros: { desde: dia(-1), hasta: dia(0) } });
  let estado = '';
  if (pedido.status === 202)
    await waitUntil(
      async () => {
        estado = (await as('GET', `/tareas/${pedido.body.id}`)).body.estado ?? '';
        return ['completed', 'failed', 'cancelled'].includes(estado);
      },
      { timeoutMs: 60_000 },
    );
  return { status: pedido.status, id: pedido.body?.id ?? '', estado };
}
