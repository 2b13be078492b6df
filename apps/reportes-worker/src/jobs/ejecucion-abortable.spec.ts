import { Ejecucion, MOTIVO_CANCELACION, TiempoExcedido, TrabajoCancelado, TrabajoInterrumpido } from './ejecucion-abortable';

const esperar = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Ejecucion', () => {
  it('aborts its signal at the time limit, and checkpoint throws the reason', async () => {
    const e = new Ejecucion({ limiteMs: 20 });
    await expect(e.checkpoint()).resolves.toBeUndefined();
    await esperar(40);
    expect(e.signal.aborted).toBe(true);
    await expect(e.checkpoint()).rejects.toBeInstanceOf(TiempoExcedido);
    expect(e.motivo()?.message).toBe('tiempo límite de 20 ms excedido');
    e.terminar();
  });

  it('reads the cancel flag at most once per interval', async () => {
    let lecturas = 0;
    let cancelada = false;
    const e = new Ejecucion({ limiteMs: 10_000, intervaloMs: 30, cancelada: async () => (lecturas++, cancelada) });
    await e.checkpoint();
    await e.checkpoint();
    expect(lecturas).toBe(1);
    cancelada = true;
    await e.checkpoint();
    expect(lecturas).toBe(1);
    await esperar(40);
    await expect(e.checkpoint()).rejects.toBeInstanceOf(TrabajoCancelado);
    expect(e.signal.aborted).toBe(true);
    e.terminar();
  });

  it("maps the worker's own abort: a cancel reason is a cancel, anything else an interruption", () => {
    const cancel = new AbortController();
    const a = new Ejecucion({ limiteMs: 10_000, signal: cancel.signal });
    cancel.abort(MOTIVO_CANCELACION);
    expect(a.motivo()).toBeInstanceOf(TrabajoCancelado);
    a.terminar();

    const apagado = new AbortController();
    const b = new Ejecucion({ limiteMs: 10_000, signal: apagado.signal });
    apagado.abort('apagado');
    expect(b.motivo()).toBeInstanceOf(TrabajoInterrumpido);
    b.terminar();
  });

  it('stops listening when it ends: a later worker abort changes nothing', () => {
    const w = new AbortController();
    const e = new Ejecucion({ limiteMs: 10_000, signal: w.signal });
    e.terminar();
    w.abort('apagado');
    expect(e.motivo()).toBeUndefined();
  });
});
