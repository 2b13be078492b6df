import { validateXML } from 'xmllint-wasm';
import { PIDE_NS, WSDL_TRAMITE } from '@mesa/shared/contracts';

const XSD = 'http://www.w3.org/2001/XMLSchema';
const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';

/**
 * The trámite service's types as a schema document of its own: the `<xsd:schema>` of our WSDL,
 * with the namespace declarations it inherits there from `<definitions>`.
 */
const ESQUEMA_PIDE = WSDL_TRAMITE.slice(WSDL_TRAMITE.indexOf('<xsd:schema '), WSDL_TRAMITE.indexOf('</xsd:schema>') + '</xsd:schema>'.length).replace(
  '<xsd:schema ',
  `<xsd:schema xmlns:xsd="${XSD}" xmlns:tns="${PIDE_NS}" `,
);

/**
 * SOAP 1.1's envelope, reduced to what a message of this service is: an optional Header and a
 * Body whose elements must be declared (processContents="strict"), here by the trámite schema.
 */
const ENVELOPE = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="${XSD}" targetNamespace="${SOAP_ENV}" elementFormDefault="qualified">
  <xs:import namespace="${PIDE_NS}" schemaLocation="pide.xsd"/>
  <xs:element name="Envelope">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="Header" minOccurs="0">
          <xs:complexType><xs:sequence><xs:any namespace="##other" minOccurs="0" maxOccurs="unbounded" processContents="lax"/></xs:sequence></xs:complexType>
        </xs:element>
        <xs:element name="Body">
          <xs:complexType><xs:sequence><xs:any namespace="##other" minOccurs="1" maxOccurs="unbounded" processContents="strict"/></xs:sequence></xs:complexType>
        </xs:element>
      </xs:sequence>
      <xs:anyAttribute namespace="##other" processContents="lax"/>
    </xs:complexType>
  </xs:element>
</xs:schema>`;

/**
 * Validates a SOAP message of the trámite service against the WSDL's schema with libxml2's
 * validator (xmllint, as WebAssembly). Answers its errors, each as xmllint words it (empty: valid).
 */
export async function validarMensaje(xml: string): Promise<string[]> {
  const r = await validateXML({
    xml: [{ fileName: 'mensaje.xml', contents: xml }],
    schema: [{ fileName: 'envelope.xsd', contents: ENVELOPE }],
    preload: [{ fileName: 'pide.xsd', contents: ESQUEMA_PIDE }],
  });
  return r.valid ? [] : r.errors.map((e) => e.message);
}
