/** Words the generated documents are made of (with accents, so search is exercised). */
export const NOMBRES = [
  'José', 'María', 'Luis', 'Rosa', 'Juan', 'Carmen', 'Carlos', 'Ana', 'Jorge', 'Lucía',
  'Víctor', 'Elena', 'Miguel', 'Sofía', 'César', 'Patricia', 'Raúl', 'Verónica', 'Andrés', 'Inés',
  'Julio', 'Gloria', 'Martín', 'Beatriz', 'Óscar', 'Mónica', 'Héctor', 'Teresa', 'Ramón', 'Silvia',
];

export const APELLIDOS = [
  'Quispe', 'Flores', 'Sánchez', 'Rodríguez', 'García', 'Huamán', 'Mamani', 'Rojas', 'Díaz', 'Torres',
  'Chávez', 'Ramírez', 'Mendoza', 'Vásquez', 'Castillo', 'Gutiérrez', 'Pérez', 'Núñez', 'Cárdenas', 'Espinoza',
  'Condori', 'Salazar', 'Ríos', 'Paredes', 'Ccahuana', 'Villanueva', 'Gómez', 'Ruiz', 'Zúñiga', 'Ñahui',
];

export const ENTIDADES = [
  'Empresa de Transportes Los Andes S.A.C.', 'Transportes Señor de Qoyllur Riti E.I.R.L.',
  'Municipalidad Provincial de Ica', 'Municipalidad Distrital de San Jerónimo', 'Policía Nacional del Perú',
  'Superintendencia de Transporte Terrestre', 'Escuela de Conductores Camino Seguro S.A.C.',
  'Ministerio de Transportes y Comunicaciones', 'Defensoría del Pueblo', 'Colegio de Abogados',
  'Consorcio Vial del Sur', 'Empresa de Turismo Inca Trail S.R.L.',
];

export const ASUNTOS = [
  'Solicitud de licencia de conducir clase A-I',
  'Revalidación de licencia de conducir',
  'Duplicado de licencia de conducir por pérdida',
  'Recategorización de licencia de conducir A-IIb',
  'Autorización de ruta de transporte interprovincial',
  'Renovación de habilitación vehicular',
  'Descargo contra papeleta de infracción de tránsito',
  'Recurso de apelación contra resolución directoral',
  'Recurso de reconsideración contra resolución de sanción',
  'Queja por demora en la atención del trámite',
  'Solicitud de acceso a la información pública',
  'Informe técnico de inspección vehicular',
  'Remite documentación para fiscalización de ruta',
  'Solicitud de constancia de no adeudo',
  'Devolución de pago indebido por derecho de trámite',
  'Oficio de la Policía sobre accidente de tránsito',
  'Requerimiento de bienes y servicios para la dirección',
  'Contratación de personal bajo régimen CAS',
  'Denuncia por servicio de transporte informal',
  'Certificado de antecedentes de infracciones',
];

export const PREFIJOS_EXTERNOS = ['OFICIO N°', 'CARTA N°', 'INFORME N°', 'MEMORANDO N°', 'EXP. N°'];

export const INSTRUCCIONES = [
  'Para su atención',
  'Para informe técnico',
  'Para opinión legal',
  'Para conocimiento y fines',
  'Para trámite correspondiente',
  'Para evaluación y respuesta al administrado',
  'Para verificación en campo',
];
