/**
 * A horizontal bar chart in SVG (sizes as attributes, so the CSP's style rules do not apply),
 * followed by the same figures as a table for screen readers and for copying.
 */
export function Barras({ titulo, filas }: { titulo: string; filas: { etiqueta: string; valor: number; alerta?: boolean }[] }) {
  const max = Math.max(1, ...filas.map((f) => f.valor));
  const alto = 26;
  return (
    <figure className="chart card">
      <figcaption>{titulo}</figcaption>
      {filas.length === 0 ? (
        <p className="muted">Sin datos en el periodo.</p>
      ) : (
        <svg viewBox={`0 0 400 ${filas.length * alto + 4}`} role="img" aria-label={titulo} data-points={filas.length}>
          {filas.map((f, i) => (
            <g key={f.etiqueta} transform={`translate(0 ${i * alto + 2})`}>
              <text x="0" y="16" className="etiqueta">
                {f.etiqueta.length > 20 ? `${f.etiqueta.slice(0, 19)}…` : f.etiqueta}
              </text>
              <rect x="145" y="3" height="18" width={Math.max(1, (f.valor / max) * 200)} className={f.alerta ? 'barra alerta' : 'barra'} />
              <text x={150 + (f.valor / max) * 200} y="16" className="valor">
                {f.valor.toLocaleString('es-PE')}
              </text>
            </g>
          ))}
        </svg>
      )}
      <table className="sr-only">
        <caption>{titulo}</caption>
        <tbody>
          {filas.map((f) => (
            <tr key={f.etiqueta}>
              <th scope="row">{f.etiqueta}</th>
              <td>{f.valor}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
