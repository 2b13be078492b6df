import { CalendarioLaboral } from './calendario-laboral';
import { feriadosNacionales } from './feriados-peru';
import { PlazoCalculator, TipoPlazo } from './plazo.calculator';

/** A Lima wall-clock time, 'YYYY-MM-DD HH:MM[:SS[.mmm]]', as an instant. */
const lima = (s: string) => {
  const [fecha, hora] = s.split(' ');
  const completa = hora.length === 5 ? `${hora}:00` : hora;
  return new Date(`${fecha}T${completa}-05:00`);
};
/** The deadline instant of a Lima date. */
const finDe = (fecha: string) => lima(`${fecha} 23:59:59.999`);

const calendario = new CalendarioLaboral([
  ...feriadosNacionales(2025),
  ...feriadosNacionales(2026),
  ...feriadosNacionales(2027),
  // Friday 9 Oct 2026 off for public servants, made up on Saturday 10 Oct.
  { fecha: '2026-10-09', tipo: 'INSTITUCIONAL' },
  { fecha: '2026-10-10', tipo: 'LABORABLE' },
]);
const hastaLas1630 = new PlazoCalculator(calendario, '16:30');
const todoElDia = new PlazoCalculator(calendario);

describe('PlazoCalculator.fechaRecepcionLegal', () => {
  it.each([
    // [filed (Lima), legal reception with cutoff 16:30, with the default 23:59]
    ['2026-07-27 10:00', 'mismo', 'mismo'],
    ['2026-07-27 16:30', 'mismo', 'mismo'],
    ['2026-07-27 16:30:59.999', 'mismo', 'mismo'],
    ['2026-07-27 16:31', '2026-07-30 00:00', 'mismo'], // 28 and 29 July are holidays
    ['2026-07-27 23:59:59', '2026-07-30 00:00', 'mismo'],
    ['2026-07-27 23:59:59.999', '2026-07-30 00:00', 'mismo'],
    ['2026-07-28 00:00', '2026-07-30 00:00', '2026-07-30 00:00'],
    ['2026-07-30 00:00', 'mismo', 'mismo'],
    ['2026-07-22 17:00', '2026-07-24 00:00', 'mismo'], // 23 July, Air Force day
    ['2026-07-25 09:00', '2026-07-27 00:00', '2026-07-27 00:00'], // Saturday
    ['2026-07-26 23:00', '2026-07-27 00:00', '2026-07-27 00:00'], // Sunday
    ['2026-04-01 18:00', '2026-04-06 00:00', 'mismo'], // before Holy Thursday
    ['2026-04-02 10:00', '2026-04-06 00:00', '2026-04-06 00:00'], // Holy Thursday
    ['2026-04-03 10:00', '2026-04-06 00:00', '2026-04-06 00:00'], // Good Friday
    ['2026-12-07 17:00', '2026-12-10 00:00', 'mismo'], // 8 and 9 December
    ['2026-12-24 20:00', '2026-12-28 00:00', 'mismo'], // Christmas on Friday
    ['2026-12-31 17:00', '2027-01-04 00:00', 'mismo'], // into the next year
    ['2026-12-31 23:59:59', '2027-01-04 00:00', 'mismo'],
    ['2027-01-01 00:00', '2027-01-04 00:00', '2027-01-04 00:00'],
    ['2026-10-08 12:00', '2026-10-10 00:00', '2026-10-10 00:00'], // to the working Saturday
    ['2026-10-10 10:00', 'mismo', 'mismo'], // the working Saturday itself
    ['2026-10-10 17:00', '2026-10-12 00:00', 'mismo'],
  ])(
    'filed %s → %s (cutoff 16:30), %s (cutoff 23:59)',
    (presentado, con1630, con2359) => {
      const instante = lima(presentado);
      for (const [calc, esperado] of [
        [hastaLas1630, con1630],
        [todoElDia, con2359],
      ] as const) {
        const legal = calc.fechaRecepcionLegal(instante);
        expect(legal.toISOString()).toBe(
          (esperado === 'mismo' ? instante : lima(esperado)).toISOString(),
        );
      }
    },
  );

  it('keeps the legal date stable when applied twice', () => {
    const legal = hastaLas1630.fechaRecepcionLegal(lima('2026-12-31 17:00'));
    expect(hastaLas1630.fechaRecepcionLegal(legal).toISOString()).toBe(
      legal.toISOString(),
    );
  });

  it('a filing at 23:59:59 Lima on 31 December is already next year in UTC yet counts on the 31st', () => {
    const presentado = lima('2026-12-31 23:59:59');
    expect(presentado.getUTCFullYear()).toBe(2027);
    expect(todoElDia.fechaRecepcionLegal(presentado).toISOString()).toBe(
      '2027-01-01T04:59:59.000Z',
    );
    expect(todoElDia.calcularFechaLimite(presentado, 0).toISOString()).toBe(
      finDe('2026-12-31').toISOString(),
    );
  });

  it('returns a copy, never the caller’s Date', () => {
    const presentado = lima('2026-07-27 10:00');
    expect(todoElDia.fechaRecepcionLegal(presentado)).not.toBe(presentado);
  });

  it('rejects malformed cutoffs and instants', () => {
    for (const corte of ['24:00', '4:30', '16:30:00', 'mediodía']) {
      expect(() => new PlazoCalculator(calendario, corte)).toThrow(RangeError);
    }
    expect(() => todoElDia.fechaRecepcionLegal(new Date(Number.NaN))).toThrow(
      RangeError,
    );
  });
});

describe('PlazoCalculator.sumarDiasHabiles', () => {
  it.each([
    ['2026-07-27 10:00', 0, '2026-07-27'],
    ['2026-07-27 10:00', 1, '2026-07-30'],
    ['2026-07-27 10:00', 3, '2026-08-03'],
    ['2026-07-25 09:00', 0, '2026-07-27'], // Saturday: counting starts Monday
    ['2026-07-25 09:00', 1, '2026-07-30'],
    ['2026-03-31 10:00', 3, '2026-04-07'], // Holy week
    ['2026-10-07 10:00', 1, '2026-10-10'], // working Saturday counts
    ['2026-10-07 10:00', 2, '2026-10-12'],
    ['2026-12-07 09:00', 1, '2026-12-10'],
    ['2026-12-22 10:00', 7, '2027-01-04'], // across Christmas and New Year
    ['2026-12-30 10:00', 2, '2027-01-04'],
    ['2026-12-31 23:59:59', 1, '2027-01-04'],
    ['2025-12-24 10:00', 3, '2025-12-30'], // 25 Dec 2025 is a Thursday
    ['2026-01-02 10:00', 30, '2026-02-13'],
    ['2026-03-20 10:00', 30, '2026-05-06'], // Holy Thursday/Friday and 1 May on the way
  ])(
    '%s + %i business days ends %s 23:59:59.999 Lima',
    (desde, dias, fecha) => {
      expect(todoElDia.sumarDiasHabiles(lima(desde), dias).toISOString()).toBe(
        finDe(fecha).toISOString(),
      );
    },
  );

  it.each([-1, 1.5, Number.NaN])('rejects %s days', (dias) => {
    expect(() =>
      todoElDia.sumarDiasHabiles(lima('2026-07-27 10:00'), dias),
    ).toThrow(RangeError);
  });

  it('calcularFechaLimite applies the cutoff first', () => {
    expect(
      hastaLas1630
        .calcularFechaLimite(lima('2026-07-27 17:00'), 1)
        .toISOString(),
    ).toBe(finDe('2026-07-31').toISOString());
    expect(
      todoElDia.calcularFechaLimite(lima('2026-07-27 17:00'), 1).toISOString(),
    ).toBe(finDe('2026-07-30').toISOString());
  });
});

describe('PlazoCalculator.diasHabilesEntre', () => {
  it.each([
    ['2026-07-27 09:00', '2026-07-27 18:00', 0],
    ['2026-07-24 16:00', '2026-07-27 08:00', 1], // Friday → Monday
    ['2026-07-27 10:00', '2026-07-30 10:00', 1], // over the holidays
    ['2026-07-27 10:00', '2026-08-03 10:00', 3],
    ['2026-12-31 10:00', '2027-01-04 10:00', 1],
    ['2026-10-07 10:00', '2026-10-12 10:00', 2], // working Saturday counts
    ['2026-07-30 10:00', '2026-07-27 10:00', -1],
  ])('%s → %s: %i business days', (desde, hasta, esperado) => {
    expect(todoElDia.diasHabilesEntre(lima(desde), lima(hasta))).toBe(esperado);
  });

  it.each([
    ['2026-07-27 10:00', 0],
    ['2026-07-27 10:00', 5],
    ['2026-12-22 10:00', 7],
    ['2026-03-20 10:00', 30],
  ])('is the inverse of sumarDiasHabiles from %s (+%i)', (desde, dias) => {
    const inicio = lima(desde);
    expect(
      todoElDia.diasHabilesEntre(
        inicio,
        todoElDia.sumarDiasHabiles(inicio, dias),
      ),
    ).toBe(dias);
  });
});

describe('PlazoCalculator.horasHabilesEntre', () => {
  it.each([
    ['2026-07-27 08:30', '2026-07-27 16:30', 8],
    ['2026-07-27 07:00', '2026-07-27 20:00', 8],
    ['2026-07-27 10:00', '2026-07-27 10:45', 0.75],
    ['2026-07-27 10:00', '2026-07-28 10:00', 6.5], // 28 July is a holiday
    ['2026-07-30 10:00', '2026-07-31 10:00', 8],
    ['2026-07-24 15:30', '2026-07-27 09:30', 2], // over a weekend
    ['2026-07-27 16:00', '2026-07-30 09:00', 1], // over two holidays
    ['2026-07-27 18:00', '2026-07-27 23:00', 0],
    ['2026-10-10 08:00', '2026-10-10 18:00', 8], // working Saturday
    ['2026-07-27 10:45', '2026-07-27 10:00', -0.75],
  ])('%s → %s: %d business hours', (desde, hasta, esperado) => {
    expect(todoElDia.horasHabilesEntre(lima(desde), lima(hasta))).toBeCloseTo(
      esperado,
      10,
    );
  });
});

describe('PlazoCalculator default terms and observations', () => {
  it.each([
    ['recepcion', 0],
    ['simple', 3],
    ['informe', 7],
    ['evaluacion_previa', 30],
  ] as [TipoPlazo, number][])('plazoPorDefecto(%s) = %i', (tipo, dias) => {
    expect(todoElDia.plazoPorDefecto(tipo)).toBe(dias);
  });

  it('rejects an unknown term kind', () => {
    expect(() => todoElDia.plazoPorDefecto('urgente' as TipoPlazo)).toThrow(
      RangeError,
    );
  });

  it.each([
    ['2026-07-27 11:00', '2026-07-31'],
    ['2026-07-24 11:00', '2026-07-30'],
    ['2026-12-30 15:00', '2027-01-04'],
  ])(
    'an observation made %s must be corrected by the end of %s',
    (observado, fecha) => {
      expect(
        todoElDia.vencimientoSubsanacion(lima(observado)).toISOString(),
      ).toBe(finDe(fecha).toISOString());
    },
  );

  it.each([
    ['2026-07-31', 0, '2026-07-31'],
    ['2026-07-31', 2, '2026-08-04'],
    ['2026-12-30', 2, '2027-01-04'],
  ])(
    'a deadline of %s paused %i business days moves to %s',
    (limite, dias, esperado) => {
      expect(
        todoElDia.extenderPorPausa(finDe(limite), dias).toISOString(),
      ).toBe(finDe(esperado).toISOString());
    },
  );

  it('an observation pauses the clock for the business days it lasted', () => {
    const recibido = todoElDia.fechaRecepcionLegal(lima('2026-07-22 10:00'));
    const limite = todoElDia.sumarDiasHabiles(recibido, 3);
    expect(limite.toISOString()).toBe(finDe('2026-07-30').toISOString()); // 23 July is a holiday
    const pausa = todoElDia.diasHabilesEntre(
      lima('2026-07-24 09:00'),
      lima('2026-07-30 12:00'),
    );
    expect(pausa).toBe(2);
    expect(todoElDia.extenderPorPausa(limite, pausa).toISOString()).toBe(
      finDe('2026-08-03').toISOString(),
    );
  });
});
