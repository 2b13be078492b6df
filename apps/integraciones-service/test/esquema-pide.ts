import { WSDL } from 'soap';
import { PIDE_NS, WSDL_TRAMITE } from '@mesa/shared/contracts';

/** An element of an xsd:sequence as the soap library reads the WSDL. */
interface Declarado {
  $name: string;
  $type?: string;
  $minOccurs?: string | null;
  $maxOccurs?: string | null;
}
type Nodo = { name: string; children: Nodo[] } & Declarado;

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

let wsdl: Promise<WSDL> | undefined;
const cargar = () =>
  (wsdl ??= new Promise<WSDL>((resolve, reject) => {
    const w = new WSDL(WSDL_TRAMITE, 'wsiotramite.wsdl', {});
    w.onReady((err: unknown) => (err ? reject(err) : resolve(w)));
  }));

/** The sequence of a complex type or of an element's inline type. */
const secuencia = (n: Nodo | undefined): Declarado[] => {
  const seq =
    n?.children?.find((c) => c.name === 'sequence') ?? n?.children?.[0]?.children?.find((c) => c.name === 'sequence');
  return (seq?.children ?? []) as Declarado[];
};

/**
 * Checks a SOAP message of the trámite service against the WSDL's schema, as the soap library
 * reads it: the body element is declared; each element of each sequence is declared, in
 * order, present when required, repeated only when unbounded; and xsd:short, xsd:dateTime and
 * xsd:base64Binary values have their lexical form. Answers what is wrong (empty: valid).
 */
export async function validarMensaje(xml: string): Promise<string[]> {
  const w = await cargar();
  const esquema = (
    w.definitions.schemas as Record<string, { complexTypes: Record<string, Nodo>; elements: Record<string, Nodo> }>
  )[PIDE_NS];
  const errores: string[] = [];
  // The library turns a dateTime into a Date: its lexical form is checked on the text as sent.
  const crudos = (campo: string) =>
    [...xml.matchAll(new RegExp(`<(?:[\\w-]+:)?${campo}>([^<]*)</`, 'g'))].map((m) => m[1].trim());
  const body = ((w.xmlToObject(xml) ?? {}) as { Body?: Record<string, unknown> }).Body ?? {};
  const [nombre, valor] = Object.entries(body)[0] ?? [];
  const elemento = nombre ? esquema.elements[nombre] : undefined;
  if (!elemento) return [`elemento de cuerpo no declarado: ${nombre}`];

  const revisar = (ruta: string, campos: Declarado[], obj: unknown) => {
    const dado = (obj ?? {}) as Record<string, unknown>;
    const nombres = campos.map((c) => c.$name);
    let ultimo = -1;
    for (const k of Object.keys(dado)) {
      if (k === 'attributes') continue;
      const i = nombres.indexOf(k);
      if (i < 0) errores.push(`${ruta}.${k}: no declarado`);
      else if (i < ultimo) errores.push(`${ruta}.${k}: fuera de orden`);
      else ultimo = i;
    }
    for (const c of campos) {
      const v = dado[c.$name];
      if (v === undefined) {
        if (c.$minOccurs !== '0') errores.push(`${ruta}.${c.$name}: requerido`);
        continue;
      }
      const valores = Array.isArray(v) ? v : [v];
      if (Array.isArray(v) && c.$maxOccurs !== 'unbounded') errores.push(`${ruta}.${c.$name}: repetido`);
      const tipo = c.$type ?? '';
      for (const x of valores) {
        const texto = typeof x === 'object' && x !== null ? null : String(x);
        if (tipo.startsWith('tns:')) revisar(`${ruta}.${c.$name}`, secuencia(esquema.complexTypes[tipo.slice(4)]), x);
        else if (tipo === 'xsd:short' && !(texto !== null && /^-?\d+$/.test(texto) && Math.abs(Number(texto)) <= 32767))
          errores.push(`${ruta}.${c.$name}: no es xsd:short`);
        else if (tipo === 'xsd:dateTime' && !crudos(c.$name).every((t) => ISO.test(t)))
          errores.push(`${ruta}.${c.$name}: no es xsd:dateTime`);
        else if (tipo === 'xsd:base64Binary' && !(texto !== null && BASE64.test(texto)))
          errores.push(`${ruta}.${c.$name}: no es base64`);
        else if (tipo === 'xsd:string' && texto === null) errores.push(`${ruta}.${c.$name}: no es texto`);
      }
    }
  };
  revisar(nombre as string, secuencia(elemento), valor);
  return errores;
}
