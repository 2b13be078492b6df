/**
 * The IMGD trámite service (port type `wsiotramite`) as this suite serves and calls it: SOAP 1.1,
 * document/literal wrapped, one request element per operation with a `request` child and one
 * response element with a `return` child (the JAX-WS shape public implementations use).
 * docs/pide.md lists where it departs from the official component.
 */
export const PIDE_NS = 'http://ws.wsiotramite.segdi.gob.pe/';

export const WSDL_TRAMITE = `<?xml version="1.0" encoding="UTF-8"?>
<definitions name="wsiotramite" targetNamespace="${PIDE_NS}"
  xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
  xmlns:tns="${PIDE_NS}" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <types>
    <xsd:schema targetNamespace="${PIDE_NS}" elementFormDefault="unqualified">
      <xsd:complexType name="IoDocAnexo">
        <xsd:sequence>
          <xsd:element name="vnomdoc" type="xsd:string"/>
          <xsd:element name="bdocanx" type="xsd:base64Binary" minOccurs="0"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="RecepcionTramite">
        <xsd:sequence>
          <xsd:element name="vrucentrem" type="xsd:string"/>
          <xsd:element name="vrucentrec" type="xsd:string"/>
          <xsd:element name="vnomentemi" type="xsd:string"/>
          <xsd:element name="vuniorgrem" type="xsd:string" minOccurs="0"/>
          <xsd:element name="vcuo" type="xsd:string"/>
          <xsd:element name="vcuoref" type="xsd:string" minOccurs="0"/>
          <xsd:element name="ccodtipdoc" type="xsd:string"/>
          <xsd:element name="vnumdoc" type="xsd:string"/>
          <xsd:element name="dfecdoc" type="xsd:dateTime"/>
          <xsd:element name="vuniorgdst" type="xsd:string" minOccurs="0"/>
          <xsd:element name="vnomdst" type="xsd:string" minOccurs="0"/>
          <xsd:element name="vnomcardst" type="xsd:string" minOccurs="0"/>
          <xsd:element name="vasu" type="xsd:string"/>
          <xsd:element name="snumanx" type="xsd:short"/>
          <xsd:element name="snumfol" type="xsd:short"/>
          <xsd:element name="bpdfdoc" type="xsd:base64Binary"/>
          <xsd:element name="vnomdoc" type="xsd:string"/>
          <xsd:element name="lstanexos" type="tns:IoDocAnexo" minOccurs="0" maxOccurs="unbounded"/>
          <xsd:element name="vurldocanx" type="xsd:string" minOccurs="0"/>
          <xsd:element name="ctipdociderem" type="xsd:string" minOccurs="0"/>
          <xsd:element name="vnumdociderem" type="xsd:string" minOccurs="0"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="RespuestaTramite">
        <xsd:sequence>
          <xsd:element name="vcodres" type="xsd:string"/>
          <xsd:element name="vdesres" type="xsd:string" minOccurs="0"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="ConsultaTramite">
        <xsd:sequence>
          <xsd:element name="vrucentrem" type="xsd:string"/>
          <xsd:element name="vrucentrec" type="xsd:string"/>
          <xsd:element name="vcuo" type="xsd:string"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="RespuestaConsultaTramite">
        <xsd:sequence>
          <xsd:element name="vcodres" type="xsd:string"/>
          <xsd:element name="vdesres" type="xsd:string" minOccurs="0"/>
          <xsd:element name="vcuo" type="xsd:string" minOccurs="0"/>
          <xsd:element name="vcuoref" type="xsd:string" minOccurs="0"/>
          <xsd:element name="vnumregstd" type="xsd:string" minOccurs="0"/>
          <xsd:element name="vanioregstd" type="xsd:string" minOccurs="0"/>
          <xsd:element name="vuniorgstd" type="xsd:string" minOccurs="0"/>
          <xsd:element name="dfecregstd" type="xsd:dateTime" minOccurs="0"/>
          <xsd:element name="vusuregstd" type="xsd:string" minOccurs="0"/>
          <xsd:element name="bcarstd" type="xsd:base64Binary" minOccurs="0"/>
          <xsd:element name="vobs" type="xsd:string" minOccurs="0"/>
          <xsd:element name="cflgest" type="xsd:string" minOccurs="0"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="CargoTramite">
        <xsd:sequence>
          <xsd:element name="vrucentrem" type="xsd:string"/>
          <xsd:element name="vrucentrec" type="xsd:string"/>
          <xsd:element name="vcuo" type="xsd:string"/>
          <xsd:element name="vcuoref" type="xsd:string" minOccurs="0"/>
          <xsd:element name="vnumregstd" type="xsd:string" minOccurs="0"/>
          <xsd:element name="vanioregstd" type="xsd:string" minOccurs="0"/>
          <xsd:element name="dfecregstd" type="xsd:dateTime" minOccurs="0"/>
          <xsd:element name="vuniorgstd" type="xsd:string" minOccurs="0"/>
          <xsd:element name="vusuregstd" type="xsd:string" minOccurs="0"/>
          <xsd:element name="bcarstd" type="xsd:base64Binary" minOccurs="0"/>
          <xsd:element name="vobs" type="xsd:string" minOccurs="0"/>
          <xsd:element name="cflgest" type="xsd:string"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="IoTipoDocumentoTramite">
        <xsd:sequence>
          <xsd:element name="ccodtipdoc" type="xsd:string"/>
          <xsd:element name="vnomtipdoc" type="xsd:string"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:element name="recepcionarTramite"><xsd:complexType><xsd:sequence>
        <xsd:element name="request" type="tns:RecepcionTramite"/></xsd:sequence></xsd:complexType></xsd:element>
      <xsd:element name="recepcionarTramiteResponse"><xsd:complexType><xsd:sequence>
        <xsd:element name="return" type="tns:RespuestaTramite"/></xsd:sequence></xsd:complexType></xsd:element>
      <xsd:element name="consultarTramite"><xsd:complexType><xsd:sequence>
        <xsd:element name="request" type="tns:ConsultaTramite"/></xsd:sequence></xsd:complexType></xsd:element>
      <xsd:element name="consultarTramiteResponse"><xsd:complexType><xsd:sequence>
        <xsd:element name="return" type="tns:RespuestaConsultaTramite"/></xsd:sequence></xsd:complexType></xsd:element>
      <xsd:element name="cargoTramite"><xsd:complexType><xsd:sequence>
        <xsd:element name="request" type="tns:CargoTramite"/></xsd:sequence></xsd:complexType></xsd:element>
      <xsd:element name="cargoTramiteResponse"><xsd:complexType><xsd:sequence>
        <xsd:element name="return" type="tns:RespuestaTramite"/></xsd:sequence></xsd:complexType></xsd:element>
      <xsd:element name="getTipoDocumento"><xsd:complexType><xsd:sequence/></xsd:complexType></xsd:element>
      <xsd:element name="getTipoDocumentoResponse"><xsd:complexType><xsd:sequence>
        <xsd:element name="return" type="tns:IoTipoDocumentoTramite" minOccurs="0" maxOccurs="unbounded"/></xsd:sequence></xsd:complexType></xsd:element>
    </xsd:schema>
  </types>
  <message name="recepcionarTramite"><part name="parameters" element="tns:recepcionarTramite"/></message>
  <message name="recepcionarTramiteResponse"><part name="parameters" element="tns:recepcionarTramiteResponse"/></message>
  <message name="consultarTramite"><part name="parameters" element="tns:consultarTramite"/></message>
  <message name="consultarTramiteResponse"><part name="parameters" element="tns:consultarTramiteResponse"/></message>
  <message name="cargoTramite"><part name="parameters" element="tns:cargoTramite"/></message>
  <message name="cargoTramiteResponse"><part name="parameters" element="tns:cargoTramiteResponse"/></message>
  <message name="getTipoDocumento"><part name="parameters" element="tns:getTipoDocumento"/></message>
  <message name="getTipoDocumentoResponse"><part name="parameters" element="tns:getTipoDocumentoResponse"/></message>
  <portType name="wsiotramite">
    <operation name="recepcionarTramite"><input message="tns:recepcionarTramite"/><output message="tns:recepcionarTramiteResponse"/></operation>
    <operation name="consultarTramite"><input message="tns:consultarTramite"/><output message="tns:consultarTramiteResponse"/></operation>
    <operation name="cargoTramite"><input message="tns:cargoTramite"/><output message="tns:cargoTramiteResponse"/></operation>
    <operation name="getTipoDocumento"><input message="tns:getTipoDocumento"/><output message="tns:getTipoDocumentoResponse"/></operation>
  </portType>
  <binding name="wsiotramiteBinding" type="tns:wsiotramite">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <operation name="recepcionarTramite"><soap:operation soapAction="${PIDE_NS}recepcionarTramite"/>
      <input><soap:body use="literal"/></input><output><soap:body use="literal"/></output></operation>
    <operation name="consultarTramite"><soap:operation soapAction="${PIDE_NS}consultarTramite"/>
      <input><soap:body use="literal"/></input><output><soap:body use="literal"/></output></operation>
    <operation name="cargoTramite"><soap:operation soapAction="${PIDE_NS}cargoTramite"/>
      <input><soap:body use="literal"/></input><output><soap:body use="literal"/></output></operation>
    <operation name="getTipoDocumento"><soap:operation soapAction="${PIDE_NS}getTipoDocumento"/>
      <input><soap:body use="literal"/></input><output><soap:body use="literal"/></output></operation>
  </binding>
  <service name="wsiotramiteService">
    <port name="wsiotramitePort" binding="tns:wsiotramiteBinding">
      <soap:address location="http://localhost/api/v1/pide/wsiotramite"/>
    </port>
  </service>
</definitions>`;

const PIDE_CUO_NS = 'http://ws.cuo.pide.gob.pe/';

/** PIDE's CUO service as called here: `getCUO(ruc, servicio)` answers a new CUO for the sender. */
export const WSDL_CUO = `<?xml version="1.0" encoding="UTF-8"?>
<definitions name="cuo" targetNamespace="${PIDE_CUO_NS}"
  xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
  xmlns:tns="${PIDE_CUO_NS}" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <types>
    <xsd:schema targetNamespace="${PIDE_CUO_NS}" elementFormDefault="unqualified">
      <xsd:element name="getCUO"><xsd:complexType><xsd:sequence>
        <xsd:element name="ruc" type="xsd:string"/><xsd:element name="servicio" type="xsd:string"/></xsd:sequence></xsd:complexType></xsd:element>
      <xsd:element name="getCUOResponse"><xsd:complexType><xsd:sequence>
        <xsd:element name="return" type="xsd:string"/></xsd:sequence></xsd:complexType></xsd:element>
    </xsd:schema>
  </types>
  <message name="getCUO"><part name="parameters" element="tns:getCUO"/></message>
  <message name="getCUOResponse"><part name="parameters" element="tns:getCUOResponse"/></message>
  <portType name="cuo"><operation name="getCUO"><input message="tns:getCUO"/><output message="tns:getCUOResponse"/></operation></portType>
  <binding name="cuoBinding" type="tns:cuo">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <operation name="getCUO"><soap:operation soapAction="${PIDE_CUO_NS}getCUO"/>
      <input><soap:body use="literal"/></input><output><soap:body use="literal"/></output></operation>
  </binding>
  <service name="cuoService"><port name="cuoPort" binding="tns:cuoBinding"><soap:address location="http://localhost/cuo"/></port></service>
</definitions>`;
