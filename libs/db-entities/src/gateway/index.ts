import { AuditoriaAcceso } from './auditoria-acceso.entity';
import { Idempotencia } from './idempotencia.entity';
import { RefreshToken } from './refresh-token.entity';
import { Sesion } from './sesion.entity';
import { Usuario } from './usuario.entity';

export { Usuario };
export type { EventoAcceso } from './auditoria-acceso.entity';
export type { MotivoRevocacion } from './sesion.entity';

export const gatewayEntities = [Usuario, Idempotencia, Sesion, RefreshToken, AuditoriaAcceso];
