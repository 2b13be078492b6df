import { derivacionesEntities } from './derivaciones';
import { documentosEntities } from './documentos';
import { gatewayEntities } from './gateway';
import { integracionesEntities } from './integraciones';
import { reportesEntities } from './reportes';

/** Every entity of every service; a service registers only its own array. */
export const allEntities = [
  ...gatewayEntities,
  ...documentosEntities,
  ...derivacionesEntities,
  ...integracionesEntities,
  ...reportesEntities,
];
